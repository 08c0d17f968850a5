/**
 * Applies each module's PostgreSQL migrations, recorded per module in `lbx_schema` as in the SQLite store,
 * and installs the triggers that tell the caches of changes. Several nodes may start at once: a session
 * advisory lock makes them take turns, and each migration commits with its count or not at all.
 */
import type { PgQueryable, PgTables } from './pg-tables.js';
import { SchemaTooNewError } from '../sqlite/schema.js';

/** pg_advisory_lock's key for "migrating lambdabox's schema" (any constant both sides agree on). */
const MIGRATION_LOCK = 7_312_204_511;

export async function migratePgModules(
  db: PgQueryable,
  modules: readonly PgTables<object>[],
  exec: (sql: string) => Promise<unknown>,
): Promise<void> {
  await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await exec('CREATE TABLE IF NOT EXISTS lbx_schema (module TEXT PRIMARY KEY, applied INTEGER NOT NULL)');
    for (const module of modules) {
      const [row] = await db.query<{ applied: number }>('SELECT applied FROM lbx_schema WHERE module = $1', [module.name]);
      const applied = row?.applied ?? 0;
      if (applied > module.migrations.length) throw new SchemaTooNewError(module.name, applied, module.migrations.length);
      for (let i = applied; i < module.migrations.length; i++) {
        await exec('BEGIN');
        try {
          await exec(module.migrations[i] ?? '');
          await db.query(
            'INSERT INTO lbx_schema (module, applied) VALUES ($1, $2) ON CONFLICT (module) DO UPDATE SET applied = EXCLUDED.applied',
            [module.name, i + 1],
          );
          await exec('COMMIT');
        } catch (err) {
          await exec('ROLLBACK');
          throw err;
        }
      }
    }
    await exec(changeTriggers(['resource_policies'], modules.flatMap((m) => m.taggedTables ?? []), IAM_TABLES));
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

/**
 * What the authenticator and the identity-policy cache read (Store.watchChanges 'iam'): every node drops
 * its cached keys and policies when another changes them, so a revoked permission is revoked everywhere.
 */
const IAM_TABLES = [
  'accounts',
  'access_keys',
  'iam_users',
  'iam_roles',
  'iam_groups',
  'iam_group_members',
  'iam_policies',
  'iam_policy_versions',
  'iam_attachments',
  'iam_inline_policies',
] as const;

/**
 * Statement triggers on the watched tables: a transaction-local flag (read before COMMIT by this node) and a
 * notification (for the other nodes). Replaced on every start, so they follow the code, not a migration.
 */
function changeTriggers(policyTables: readonly string[], tagTables: readonly string[], iamTables: readonly string[]): string {
  const triggers = [
    ...policyTables.map((t) => [t, 'policies'] as const),
    ...tagTables.map((t) => [t, 'tags'] as const),
    ...iamTables.map((t) => [t, 'iam'] as const),
  ].map(
    ([table, what]) =>
      `CREATE OR REPLACE TRIGGER lbx_changed_${what}_${table} AFTER INSERT OR UPDATE OR DELETE ON ${table} ` +
      `FOR EACH STATEMENT EXECUTE FUNCTION lbx_changed('${what}');`,
  );
  return `
    CREATE OR REPLACE FUNCTION lbx_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM set_config('lbx.changed_' || TG_ARGV[0], '1', true);
      PERFORM pg_notify('lbx_changed', TG_ARGV[0]);
      RETURN NULL;
    END $$;
    ${triggers.join('\n    ')}
  `;
}
