/** CloudTrail's tables as a module of the PostgreSQL store (src/store/postgres/pg-tables.ts). */
import type { PgTables } from '../../../store/postgres/pg-tables.js';
import type { CloudTrailTx } from './cloudtrail-tx.js';
import { CLOUDTRAIL_PG_MIGRATIONS } from './cloudtrail-pg-schema.js';
import { cloudTrailPg } from './cloudtrail-pg-sql.js';

// No tag cache integration yet, as on SQLite (cloudtrail-tables.ts).
export function cloudTrailPgTables(): PgTables<CloudTrailTx> {
  return { name: 'cloudtrail', migrations: CLOUDTRAIL_PG_MIGRATIONS, bind: (db) => cloudTrailPg(db) };
}
