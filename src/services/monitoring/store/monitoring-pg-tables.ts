/** The metrics and alarms tables as a module of the PostgreSQL store (src/store/postgres/pg-tables.ts). */
import type { PgTables } from '../../../store/postgres/pg-tables.js';
import type { MonitoringTx } from './monitoring-tx.js';
import { MONITORING_PG_MIGRATIONS } from './monitoring-pg-schema.js';
import { monitoringPg } from './monitoring-pg-sql.js';

export function monitoringPgTables(): PgTables<MonitoringTx> {
  return { name: 'monitoring', migrations: MONITORING_PG_MIGRATIONS, bind: (db) => monitoringPg(db) };
}
