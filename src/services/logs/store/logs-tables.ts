/** CloudWatch Logs' tables as a module of the SQLite store (src/store/sqlite/sqlite-tables.ts). */
import type { SqliteTables } from '../../../store/sqlite/sqlite-tables.js';
import type { LogsTx } from './logs-tx.js';
import { LOGS_MIGRATIONS } from './logs-schema.js';
import { logsSql } from './logs-sql.js';

// No taggedTables/readTags: the authorizer's tag cache knows no log-group kind (store/resource-tag-cache.ts), so
// `aws:ResourceTag/…` is declared unsupplied for logs actions (iam/authz/unsupplied-keys.ts).
export function logsTables(): SqliteTables<LogsTx> {
  return { name: 'logs', migrations: LOGS_MIGRATIONS, bind: (db) => logsSql(db) };
}
