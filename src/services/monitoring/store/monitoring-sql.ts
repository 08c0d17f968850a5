/** The metrics and alarms statements on SQLite; monitoring-pg-sql.ts is the PostgreSQL counterpart. */
import type Database from 'better-sqlite3';
import type { MonitoringTx } from './monitoring-tx.js';
import { datapointValues, toAlarm, toDatapoint, toHistory, toMetric } from './monitoring-rows.js';

type Row = Record<string, unknown>;

export function monitoringSql(db: Database.Database): MonitoringTx {
  const touch = db.prepare(
    `INSERT INTO monitoring_metrics (account_id, metric_key, namespace, metric_name, dimensions, last_put) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, metric_key) DO UPDATE SET last_put = max(last_put, excluded.last_put)`,
  );
  const metrics = db.prepare<unknown[], Row>(
    `SELECT * FROM monitoring_metrics WHERE account_id = ? AND (? IS NULL OR namespace = ?) AND (? IS NULL OR metric_name = ?)
       AND last_put >= ? AND metric_key > ? ORDER BY metric_key LIMIT ?`,
  );
  const point = db.prepare<unknown[], Row>(
    'SELECT * FROM monitoring_datapoints WHERE account_id = ? AND metric_key = ? AND ts = ? AND unit = ? AND resolution = ?',
  );
  const writePoint = db.prepare(
    `INSERT OR REPLACE INTO monitoring_datapoints (account_id, metric_key, ts, unit, resolution, sample_count, sum, minimum, maximum, distribution)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const points = db.prepare<unknown[], Row>(
    'SELECT * FROM monitoring_datapoints WHERE account_id = ? AND metric_key = ? AND ts >= ? AND ts < ? ORDER BY ts, unit, resolution',
  );
  const dropPoints = db.prepare('DELETE FROM monitoring_datapoints WHERE resolution = ? AND ts < ?');
  const dropMetrics = db.prepare('DELETE FROM monitoring_metrics WHERE last_put < ?');
  const alarm = db.prepare<unknown[], Row>('SELECT * FROM monitoring_alarms WHERE account_id = ? AND alarm_name = ?');
  const putAlarm = db.prepare('INSERT OR REPLACE INTO monitoring_alarms (account_id, alarm_name, state_value, body) VALUES (?, ?, ?, ?)');
  const deleteAlarm = db.prepare('DELETE FROM monitoring_alarms WHERE account_id = ? AND alarm_name = ?');
  const alarms = db.prepare<unknown[], Row>('SELECT * FROM monitoring_alarms WHERE account_id = ? ORDER BY alarm_name');
  const allAlarms = db.prepare<unknown[], Row>('SELECT * FROM monitoring_alarms ORDER BY account_id, alarm_name');
  const appendHistory = db.prepare(
    'INSERT INTO monitoring_alarm_history (account_id, alarm_name, alarm_type, ts, item_type, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const historyWhere = `account_id = ? AND (? IS NULL OR alarm_name = ?) AND (? IS NULL OR alarm_type IN (SELECT value FROM json_each(?)))
       AND (? IS NULL OR item_type = ?) AND ts >= ? AND ts <= ?`;
  const historyOldest = db.prepare<unknown[], Row>(`SELECT * FROM monitoring_alarm_history WHERE ${historyWhere} AND seq > ? ORDER BY seq LIMIT ?`);
  const historyNewest = db.prepare<unknown[], Row>(`SELECT * FROM monitoring_alarm_history WHERE ${historyWhere} AND seq < ? ORDER BY seq DESC LIMIT ?`);
  const dropHistory = db.prepare('DELETE FROM monitoring_alarm_history WHERE account_id = ? AND alarm_name = ?');
  const dropOldHistory = db.prepare('DELETE FROM monitoring_alarm_history WHERE ts < ?');
  return {
    async touchMetric(m) {
      touch.run(m.accountId, m.metricKey, m.namespace, m.metricName, m.dimensions, m.lastPut);
    },
    async metrics(q) {
      const ns = q.namespace ?? null;
      const name = q.metricName ?? null;
      return metrics.all(q.accountId, ns, ns, name, name, q.activeSince ?? -Number.MAX_SAFE_INTEGER, q.afterKey ?? '', q.limit).map(toMetric);
    },
    async datapoint(accountId, metricKey, unit, resolution, ts) {
      const row = point.get(accountId, metricKey, ts, unit, resolution);
      return row && toDatapoint(row);
    },
    async writeDatapoint(p) {
      writePoint.run(...datapointValues(p));
    },
    async datapoints(r) {
      return points.all(r.accountId, r.metricKey, r.from, r.to).map(toDatapoint);
    },
    async deleteDatapointsBefore(resolution, before) {
      return dropPoints.run(resolution, before).changes;
    },
    async deleteMetricsInactiveSince(before) {
      return dropMetrics.run(before).changes;
    },
    async alarm(accountId, alarmName) {
      const row = alarm.get(accountId, alarmName);
      return row && toAlarm(row);
    },
    async putAlarm(a) {
      putAlarm.run(a.accountId, a.alarmName, a.stateValue, a.body);
    },
    async deleteAlarm(accountId, alarmName) {
      return deleteAlarm.run(accountId, alarmName).changes > 0;
    },
    async alarms(accountId) {
      return alarms.all(accountId).map(toAlarm);
    },
    async allAlarms() {
      return allAlarms.all().map(toAlarm);
    },
    async appendAlarmHistory(h) {
      appendHistory.run(h.accountId, h.alarmName, h.alarmType, h.ts, h.itemType, h.summary, h.data);
    },
    async alarmHistory(q) {
      const name = q.alarmName ?? null;
      const types = q.alarmTypes === undefined ? null : JSON.stringify(q.alarmTypes);
      const item = q.itemType ?? null;
      const from = q.from ?? -Number.MAX_SAFE_INTEGER;
      const to = q.to ?? Number.MAX_SAFE_INTEGER;
      const statement = q.oldestFirst ? historyOldest : historyNewest;
      const after = q.afterSeq ?? (q.oldestFirst ? 0 : Number.MAX_SAFE_INTEGER);
      return statement.all(q.accountId, name, name, types, types, item, item, from, to, after, q.limit).map(toHistory);
    },
    async deleteAlarmHistory(accountId, alarmName) {
      dropHistory.run(accountId, alarmName);
    },
    async deleteAlarmHistoryBefore(before) {
      return dropOldHistory.run(before).changes;
    },
  };
}
