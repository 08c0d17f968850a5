/** X-Ray's tables as a module of the PostgreSQL store (src/store/postgres/pg-tables.ts). */
import type { PgTables } from '../../../store/postgres/pg-tables.js';
import type { XrayTx } from './xray-tx.js';
import { XRAY_PG_MIGRATIONS } from './xray-pg-schema.js';
import { xrayPg } from './xray-pg-sql.js';

export function xrayPgTables(): PgTables<XrayTx> {
  return { name: 'xray', migrations: XRAY_PG_MIGRATIONS, bind: (db) => xrayPg(db) };
}
