/** The metrics and alarms tables as a module of the SQLite store (src/store/sqlite/sqlite-tables.ts). */
import type { SqliteTables } from '../../../store/sqlite/sqlite-tables.js';
import type { MonitoringTx } from './monitoring-tx.js';
import { MONITORING_MIGRATIONS } from './monitoring-schema.js';
import { monitoringSql } from './monitoring-sql.js';

export function monitoringTables(): SqliteTables<MonitoringTx> {
  return { name: 'monitoring', migrations: MONITORING_MIGRATIONS, bind: (db) => monitoringSql(db) };
}
