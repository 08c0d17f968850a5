/** The composition root's store: the core's tables and every service's, on the engine the operator chose. */
import { join } from 'node:path';
import { PostgresStore } from './store/postgres/postgres-store.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { StoreLocation } from './store/store-location.js';
import type { Store, StoreTx } from './store/store.js';
import { sqsTables } from './services/sqs/store/sqs-tables.js';
import { sqsPgTables } from './services/sqs/store/sqs-pg-tables.js';
import type { SqsTx } from './services/sqs/store/sqs-tx.js';
import { cloudTrailTables } from './services/cloudtrail/store/cloudtrail-tables.js';
import { cloudTrailPgTables } from './services/cloudtrail/store/cloudtrail-pg-tables.js';
import type { CloudTrailTx } from './services/cloudtrail/store/cloudtrail-tx.js';
import { trailDeliveryTables } from './services/cloudtrail/delivery/store/delivery-tables.js';
import { trailDeliveryPgTables } from './services/cloudtrail/delivery/store/delivery-pg-tables.js';
import type { TrailDeliveryTx } from './services/cloudtrail/delivery/store/delivery-tx.js';
import { configTables } from './services/config/store/config-tables.js';
import { configPgTables } from './services/config/store/config-pg-tables.js';
import type { ConfigTx } from './services/config/store/config-tx.js';
import { xrayTables } from './services/xray/store/xray-tables.js';
import { xrayPgTables } from './services/xray/store/xray-pg-tables.js';
import type { XrayTx } from './services/xray/store/xray-tx.js';
import { logsTables } from './services/logs/store/logs-tables.js';
import { logsPgTables } from './services/logs/store/logs-pg-tables.js';
import type { LogsTx } from './services/logs/store/logs-tx.js';
import { monitoringTables } from './services/monitoring/store/monitoring-tables.js';
import { monitoringPgTables } from './services/monitoring/store/monitoring-pg-tables.js';
import type { MonitoringTx } from './services/monitoring/store/monitoring-tx.js';

/** What the server's transactions offer: the core's tables and every service's. */
export type LambdaboxStore = Store<StoreTx & SqsTx & CloudTrailTx & TrailDeliveryTx & ConfigTx & XrayTx & LogsTx & MonitoringTx>;

export function openStore(location: StoreLocation, dataDir: string): LambdaboxStore {
  return location.kind === 'postgres'
    ? PostgresStore.open({
        url: location.url,
        modules: [sqsPgTables(), cloudTrailPgTables(), trailDeliveryPgTables(), configPgTables(), xrayPgTables(), logsPgTables(), monitoringPgTables()],
      })
    : SqliteStore.open({
        path: join(dataDir, 'lambdabox.db'),
        modules: [sqsTables(), cloudTrailTables(), trailDeliveryTables(), configTables(), xrayTables(), logsTables(), monitoringTables()],
      });
}
