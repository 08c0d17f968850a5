/** CloudTrail's tables as a module of the SQLite store (src/store/sqlite/sqlite-tables.ts). */
import type { SqliteTables } from '../../../store/sqlite/sqlite-tables.js';
import type { CloudTrailTx } from './cloudtrail-tx.js';
import { CLOUDTRAIL_MIGRATIONS } from './cloudtrail-schema.js';
import { cloudTrailSql } from './cloudtrail-sql.js';

// No taggedTables/readTags: the authorizer's tag cache knows no trail kind (store/resource-tag-cache.ts), so
// `aws:ResourceTag/…` is not supplied for trails yet; their tags live in the trail row.
export function cloudTrailTables(): SqliteTables<CloudTrailTx> {
  return { name: 'cloudtrail', migrations: CLOUDTRAIL_MIGRATIONS, bind: (db) => cloudTrailSql(db) };
}
