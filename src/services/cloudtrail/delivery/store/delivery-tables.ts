/** CloudTrail delivery's tables as a module of the SQLite store (src/store/sqlite/sqlite-tables.ts). */
import type { SqliteTables } from '../../../../store/sqlite/sqlite-tables.js';
import type { Store } from '../../../../store/store.js';
import type { TrailDeliveryTx } from './delivery-tx.js';
import { TRAIL_DELIVERY_MIGRATIONS } from './delivery-schema.js';
import { trailDeliverySql } from './delivery-sql.js';

/** What delivery opens transactions on. */
export type TrailDeliveryStore = Store<TrailDeliveryTx>;

export function trailDeliveryTables(): SqliteTables<TrailDeliveryTx> {
  return { name: 'cloudtrail_delivery', migrations: TRAIL_DELIVERY_MIGRATIONS, bind: (db) => trailDeliverySql(db) };
}
