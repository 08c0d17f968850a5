/** Row ↔ record mapping shared by the SQLite and PostgreSQL statements (numbers arrive as strings from pg BIGINT). */
import type { AlarmRow, DatapointRecord, MetricRecord, StoredAlarmHistoryRow } from './monitoring-records.js';

type Row = Record<string, unknown>;

export function toMetric(r: Row): MetricRecord {
  return {
    accountId: String(r['account_id']),
    metricKey: String(r['metric_key']),
    namespace: String(r['namespace']),
    metricName: String(r['metric_name']),
    dimensions: String(r['dimensions']),
    lastPut: Number(r['last_put']),
  };
}

export function toDatapoint(r: Row): DatapointRecord {
  return {
    accountId: String(r['account_id']),
    metricKey: String(r['metric_key']),
    unit: String(r['unit']),
    resolution: Number(r['resolution']),
    ts: Number(r['ts']),
    sampleCount: Number(r['sample_count']),
    sum: Number(r['sum']),
    minimum: Number(r['minimum']),
    maximum: Number(r['maximum']),
    distribution: String(r['distribution']),
  };
}

export function datapointValues(p: DatapointRecord): unknown[] {
  return [p.accountId, p.metricKey, p.ts, p.unit, p.resolution, p.sampleCount, p.sum, p.minimum, p.maximum, p.distribution];
}

export function toAlarm(r: Row): AlarmRow {
  return { accountId: String(r['account_id']), alarmName: String(r['alarm_name']), stateValue: String(r['state_value']), body: String(r['body']) };
}

export function toHistory(r: Row): StoredAlarmHistoryRow {
  return {
    seq: Number(r['seq']),
    accountId: String(r['account_id']),
    alarmName: String(r['alarm_name']),
    alarmType: String(r['alarm_type']),
    ts: Number(r['ts']),
    itemType: String(r['item_type']),
    summary: String(r['summary']),
    data: String(r['data']),
  };
}
