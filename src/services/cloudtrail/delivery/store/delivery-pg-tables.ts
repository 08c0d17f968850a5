/** CloudTrail delivery's tables as a module of the PostgreSQL store (src/store/postgres/pg-tables.ts). */
import type { PgTables } from '../../../../store/postgres/pg-tables.js';
import type { TrailDeliveryTx } from './delivery-tx.js';
import { TRAIL_DELIVERY_PG_MIGRATIONS } from './delivery-pg-schema.js';
import { trailDeliveryPg } from './delivery-pg-sql.js';

export function trailDeliveryPgTables(): PgTables<TrailDeliveryTx> {
  return { name: 'cloudtrail_delivery', migrations: TRAIL_DELIVERY_PG_MIGRATIONS, bind: (db) => trailDeliveryPg(db) };
}
