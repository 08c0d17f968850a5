/** The metrics and alarms statements on PostgreSQL, the counterpart of monitoring-sql.ts. */
import type { MonitoringTx } from './monitoring-tx.js';
import type { PgQueryable } from '../../../store/postgres/pg-tables.js';
import { datapointValues, toAlarm, toDatapoint, toHistory, toMetric } from './monitoring-rows.js';

const HISTORY_WHERE = `account_id = $1 AND ($2::text IS NULL OR alarm_name = $2) AND ($3::text[] IS NULL OR alarm_type = ANY($3::text[]))
  AND ($4::text IS NULL OR item_type = $4) AND ts >= $5 AND ts <= $6`;

export function monitoringPg(db: PgQueryable): MonitoringTx {
  return {
    async touchMetric(m) {
      await db.query(
        `INSERT INTO monitoring_metrics (account_id, metric_key, namespace, metric_name, dimensions, last_put) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, metric_key) DO UPDATE SET last_put = GREATEST(monitoring_metrics.last_put, excluded.last_put)`,
        [m.accountId, m.metricKey, m.namespace, m.metricName, m.dimensions, m.lastPut],
      );
    },
    async metrics(q) {
      const rows = await db.query(
        `SELECT * FROM monitoring_metrics WHERE account_id = $1 AND ($2::text IS NULL OR namespace = $2) AND ($3::text IS NULL OR metric_name = $3)
           AND last_put >= $4 AND metric_key > $5 ORDER BY metric_key LIMIT $6`,
        [q.accountId, q.namespace ?? null, q.metricName ?? null, q.activeSince ?? -Number.MAX_SAFE_INTEGER, q.afterKey ?? '', q.limit],
      );
      return rows.map(toMetric);
    },
    async datapoint(accountId, metricKey, unit, resolution, ts) {
      const [row] = await db.query(
        'SELECT * FROM monitoring_datapoints WHERE account_id = $1 AND metric_key = $2 AND ts = $3 AND unit = $4 AND resolution = $5',
        [accountId, metricKey, ts, unit, resolution],
      );
      return row && toDatapoint(row);
    },
    async writeDatapoint(p) {
      await db.query(
        `INSERT INTO monitoring_datapoints (account_id, metric_key, ts, unit, resolution, sample_count, sum, minimum, maximum, distribution)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (account_id, metric_key, ts, unit, resolution) DO UPDATE SET sample_count = excluded.sample_count, sum = excluded.sum,
           minimum = excluded.minimum, maximum = excluded.maximum, distribution = excluded.distribution`,
        datapointValues(p),
      );
    },
    async datapoints(r) {
      const rows = await db.query(
        'SELECT * FROM monitoring_datapoints WHERE account_id = $1 AND metric_key = $2 AND ts >= $3 AND ts < $4 ORDER BY ts, unit, resolution',
        [r.accountId, r.metricKey, r.from, r.to],
      );
      return rows.map(toDatapoint);
    },
    async deleteDatapointsBefore(resolution, before) {
      const rows = await db.query('DELETE FROM monitoring_datapoints WHERE resolution = $1 AND ts < $2 RETURNING 1 AS one', [resolution, before]);
      return rows.length;
    },
    async deleteMetricsInactiveSince(before) {
      const rows = await db.query('DELETE FROM monitoring_metrics WHERE last_put < $1 RETURNING 1 AS one', [before]);
      return rows.length;
    },
    async alarm(accountId, alarmName) {
      const [row] = await db.query('SELECT * FROM monitoring_alarms WHERE account_id = $1 AND alarm_name = $2', [accountId, alarmName]);
      return row && toAlarm(row);
    },
    async putAlarm(a) {
      await db.query(
        `INSERT INTO monitoring_alarms (account_id, alarm_name, state_value, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id, alarm_name) DO UPDATE SET state_value = excluded.state_value, body = excluded.body`,
        [a.accountId, a.alarmName, a.stateValue, a.body],
      );
    },
    async deleteAlarm(accountId, alarmName) {
      const rows = await db.query('DELETE FROM monitoring_alarms WHERE account_id = $1 AND alarm_name = $2 RETURNING 1 AS one', [accountId, alarmName]);
      return rows.length > 0;
    },
    async alarms(accountId) {
      return (await db.query('SELECT * FROM monitoring_alarms WHERE account_id = $1 ORDER BY alarm_name', [accountId])).map(toAlarm);
    },
    async allAlarms() {
      return (await db.query('SELECT * FROM monitoring_alarms ORDER BY account_id, alarm_name')).map(toAlarm);
    },
    async appendAlarmHistory(h) {
      await db.query(
        'INSERT INTO monitoring_alarm_history (account_id, alarm_name, alarm_type, ts, item_type, summary, data) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [h.accountId, h.alarmName, h.alarmType, h.ts, h.itemType, h.summary, h.data],
      );
    },
    async alarmHistory(q) {
      const order = q.oldestFirst ? 'seq > $7 ORDER BY seq' : 'seq < $7 ORDER BY seq DESC';
      const rows = await db.query(`SELECT * FROM monitoring_alarm_history WHERE ${HISTORY_WHERE} AND ${order} LIMIT $8`, [
        q.accountId,
        q.alarmName ?? null,
        q.alarmTypes === undefined ? null : [...q.alarmTypes],
        q.itemType ?? null,
        q.from ?? -Number.MAX_SAFE_INTEGER,
        q.to ?? Number.MAX_SAFE_INTEGER,
        q.afterSeq ?? (q.oldestFirst ? 0 : Number.MAX_SAFE_INTEGER),
        q.limit,
      ]);
      return rows.map(toHistory);
    },
    async deleteAlarmHistory(accountId, alarmName) {
      await db.query('DELETE FROM monitoring_alarm_history WHERE account_id = $1 AND alarm_name = $2', [accountId, alarmName]);
    },
    async deleteAlarmHistoryBefore(before) {
      const rows = await db.query('DELETE FROM monitoring_alarm_history WHERE ts < $1 RETURNING 1 AS one', [before]);
      return rows.length;
    },
  };
}
