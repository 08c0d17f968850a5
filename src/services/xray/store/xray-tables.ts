/** X-Ray's tables as a module of the SQLite store (src/store/sqlite/sqlite-tables.ts). */
import type { SqliteTables } from '../../../store/sqlite/sqlite-tables.js';
import type { XrayTx } from './xray-tx.js';
import { XRAY_MIGRATIONS } from './xray-schema.js';
import { xraySql } from './xray-sql.js';

export function xrayTables(): SqliteTables<XrayTx> {
  return { name: 'xray', migrations: XRAY_MIGRATIONS, bind: (db) => xraySql(db) };
}
