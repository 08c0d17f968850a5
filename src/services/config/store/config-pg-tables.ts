/** The configuration history's tables as a module of the PostgreSQL store (src/store/postgres/pg-tables.ts). */
import type { PgTables } from '../../../store/postgres/pg-tables.js';
import type { ConfigTx } from './config-tx.js';
import { CONFIG_PG_MIGRATIONS } from './config-pg-schema.js';
import { configPg } from './config-pg-sql.js';

export function configPgTables(): PgTables<ConfigTx> {
  return { name: 'config', migrations: CONFIG_PG_MIGRATIONS, bind: (db) => configPg(db) };
}
