/** CloudWatch Logs' tables as a module of the PostgreSQL store (src/store/postgres/pg-tables.ts). */
import type { PgTables } from '../../../store/postgres/pg-tables.js';
import type { LogsTx } from './logs-tx.js';
import { LOGS_PG_MIGRATIONS } from './logs-pg-schema.js';
import { logsPg } from './logs-pg-sql.js';

// No tag cache integration, as on SQLite (logs-tables.ts).
export function logsPgTables(): PgTables<LogsTx> {
  return { name: 'logs', migrations: LOGS_PG_MIGRATIONS, bind: (db) => logsPg(db) };
}
