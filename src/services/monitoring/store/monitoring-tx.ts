import type { Store } from '../../../store/store.js';
import type {
  AlarmHistoryQuery,
  AlarmHistoryRow,
  AlarmRow,
  DatapointRange,
  DatapointRecord,
  MetricQuery,
  MetricRecord,
  StoredAlarmHistoryRow,
} from './monitoring-records.js';

/** The CloudWatch-compatible metrics and alarms tables. */
export interface MonitoringTx {
  /** Records the metric, or moves its `lastPut` forward. */
  touchMetric(metric: MetricRecord): Promise<void>;
  /** Metrics in key order. */
  metrics(query: MetricQuery): Promise<MetricRecord[]>;
  /** The aggregate of one period, if any. */
  datapoint(accountId: string, metricKey: string, unit: string, resolution: number, ts: number): Promise<DatapointRecord | undefined>;
  /** Inserts or replaces the aggregate of one period. */
  writeDatapoint(point: DatapointRecord): Promise<void>;
  /** Every aggregate of one metric in the range, by period start. */
  datapoints(range: DatapointRange): Promise<DatapointRecord[]>;
  /** Retention: drops aggregates of `resolution` older than `before`; returns how many. */
  deleteDatapointsBefore(resolution: number, before: number): Promise<number>;
  /** Retention: drops metrics with nothing put since `before`. */
  deleteMetricsInactiveSince(before: number): Promise<number>;

  alarm(accountId: string, alarmName: string): Promise<AlarmRow | undefined>;
  putAlarm(alarm: AlarmRow): Promise<void>;
  deleteAlarm(accountId: string, alarmName: string): Promise<boolean>;
  /** One account's alarms by name. */
  alarms(accountId: string): Promise<AlarmRow[]>;
  /** Every account's alarms (the evaluator). */
  allAlarms(): Promise<AlarmRow[]>;

  appendAlarmHistory(item: AlarmHistoryRow): Promise<void>;
  alarmHistory(query: AlarmHistoryQuery): Promise<StoredAlarmHistoryRow[]>;
  deleteAlarmHistory(accountId: string, alarmName: string): Promise<void>;
  deleteAlarmHistoryBefore(before: number): Promise<number>;
}

export type MonitoringStore = Store<MonitoringTx>;
