/**
 * Resource-based policies on PostgreSQL: the port of sqlite/resource-policies-sql.ts. The rows go away with
 * their function, version, alias or layer version through the triggers of PG_CORE_MIGRATIONS.
 */
import type { ResourcePoliciesTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';

type Row = {
  account_id: string;
  kind: string;
  name: string;
  qualifier: string;
  policy: string;
  revision_id: string;
};

export function resourcePoliciesPg(db: PgQueryable): ResourcePoliciesTx {
  return {
    async getResourcePolicy(accountId, kind, name, qualifier) {
      const [row] = await db.query<Row>(
        'SELECT * FROM resource_policies WHERE account_id = $1 AND kind = $2 AND name = $3 AND qualifier = $4',
        [accountId, kind, name, qualifier],
      );
      return (
        row && {
          accountId: row.account_id,
          kind: row.kind === 'layer-version' ? 'layer-version' : 'function',
          name: row.name,
          qualifier: row.qualifier,
          policy: row.policy,
          revisionId: row.revision_id,
        }
      );
    },
    async putResourcePolicy(r) {
      await db.query(
        `INSERT INTO resource_policies (account_id, kind, name, qualifier, policy, revision_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, kind, name, qualifier) DO UPDATE SET policy = EXCLUDED.policy, revision_id = EXCLUDED.revision_id`,
        [r.accountId, r.kind, r.name, r.qualifier, r.policy, r.revisionId],
      );
    },
    async deleteResourcePolicy(accountId, kind, name, qualifier) {
      await db.query('DELETE FROM resource_policies WHERE account_id = $1 AND kind = $2 AND name = $3 AND qualifier = $4', [
        accountId,
        kind,
        name,
        qualifier,
      ]);
    },
  };
}
