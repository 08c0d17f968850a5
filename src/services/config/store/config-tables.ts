/** The configuration history's tables as a module of the SQLite store (src/store/sqlite/sqlite-tables.ts). */
import type { SqliteTables } from '../../../store/sqlite/sqlite-tables.js';
import type { ConfigTx } from './config-tx.js';
import { CONFIG_MIGRATIONS } from './config-schema.js';
import { configSql } from './config-sql.js';

export function configTables(): SqliteTables<ConfigTx> {
  return { name: 'config', migrations: CONFIG_MIGRATIONS, bind: (db) => configSql(db) };
}
