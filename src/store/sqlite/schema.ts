/**
 * Per-module schema versions in `lbx_schema`. A database from before modules recorded one count in
 * `PRAGMA user_version`; on first open its count is split by the modules' legacy positions.
 */
import type Database from 'better-sqlite3';
import type { SqliteTables } from './sqlite-tables.js';
import { LambdaboxError } from '../../shared/errors/lambdabox-error.js';

export function migrateModules(db: Database.Database, modules: readonly SqliteTables<object>[]): void {
  const hasSchemaTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lbx_schema'`).get() !== undefined;
  if (!hasSchemaTable) {
    const legacy = db.pragma('user_version', { simple: true }) as number;
    db.transaction(() => {
      db.exec('CREATE TABLE lbx_schema (module TEXT PRIMARY KEY, applied INTEGER NOT NULL) STRICT');
      const insert = db.prepare('INSERT INTO lbx_schema (module, applied) VALUES (?, ?)');
      for (const module of modules) {
        const applied = (module.legacyPositions ?? []).filter((position) => position < legacy).length;
        insert.run(module.name, applied);
      }
    })();
  }
  const read = db.prepare<[string], { applied: number }>('SELECT applied FROM lbx_schema WHERE module = ?');
  const record = db.prepare('INSERT INTO lbx_schema (module, applied) VALUES (?, ?) ON CONFLICT (module) DO UPDATE SET applied = excluded.applied');
  for (const module of modules) {
    const applied = read.get(module.name)?.applied ?? 0;
    if (applied > module.migrations.length) {
      throw new SchemaTooNewError(module.name, applied, module.migrations.length);
    }
    for (let i = applied; i < module.migrations.length; i++) {
      const sql = module.migrations[i] ?? '';
      db.transaction(() => {
        db.exec(sql);
        record.run(module.name, i + 1);
      })();
    }
  }
}

/** The database was written by a newer lambdabox: running on it could misread what it stored. */
export class SchemaTooNewError extends LambdaboxError {
  constructor(module: string, applied: number, known: number) {
    super('ERR_SCHEMA_TOO_NEW', `the database has ${applied} migrations of "${module}" applied; this lambdabox knows ${known}: upgrade lambdabox`);
  }
}
