/** The monitoring service's rows as the operations see them (metric identities, aggregated datapoints, alarms, history). */

/** One metric: its identity within an account. `metricKey` is the canonical text of namespace, name and dimensions. */
export interface MetricRecord {
  readonly accountId: string;
  readonly metricKey: string;
  readonly namespace: string;
  readonly metricName: string;
  /** Dimensions sorted by name, as JSON `[{"Name":…,"Value":…}]`. */
  readonly dimensions: string;
  /** Epoch ms of the newest datapoint put (ListMetrics' RecentlyActive). */
  readonly lastPut: number;
}

/** The aggregate of one metric's values of one unit in one period (1 s or 60 s) starting at `ts`. */
export interface DatapointRecord {
  readonly accountId: string;
  readonly metricKey: string;
  readonly unit: string;
  /** 1 (high resolution) or 60. */
  readonly resolution: number;
  /** Period start, epoch ms. */
  readonly ts: number;
  readonly sampleCount: number;
  readonly sum: number;
  readonly minimum: number;
  readonly maximum: number;
  /** The value distribution for percentiles as JSON `[[value, count], …]` (metrics/distribution.ts). */
  readonly distribution: string;
}

export interface DatapointRange {
  readonly accountId: string;
  readonly metricKey: string;
  /** Inclusive, epoch ms. */
  readonly from: number;
  /** Exclusive, epoch ms. */
  readonly to: number;
}

export interface MetricQuery {
  readonly accountId: string;
  readonly namespace?: string;
  readonly metricName?: string;
  /** Only metrics with a datapoint put at or after this (epoch ms). */
  readonly activeSince?: number;
  /** Only metrics whose key sorts after this (paging). */
  readonly afterKey?: string;
  readonly limit: number;
}

/** One alarm; `body` holds the whole configuration and state as JSON (alarms/alarm-record.ts). */
export interface AlarmRow {
  readonly accountId: string;
  readonly alarmName: string;
  readonly stateValue: string;
  readonly body: string;
}

export interface AlarmHistoryRow {
  readonly accountId: string;
  readonly alarmName: string;
  readonly alarmType: string;
  /** Epoch ms. */
  readonly ts: number;
  readonly itemType: string;
  readonly summary: string;
  readonly data: string;
}

export interface StoredAlarmHistoryRow extends AlarmHistoryRow {
  readonly seq: number;
}

export interface AlarmHistoryQuery {
  readonly accountId: string;
  readonly alarmName?: string;
  readonly alarmTypes?: readonly string[];
  readonly itemType?: string;
  /** Inclusive bounds, epoch ms. */
  readonly from?: number;
  readonly to?: number;
  /** Newest first unless `oldestFirst`. */
  readonly oldestFirst: boolean;
  /** Paging: only rows past this seq in the query's order. */
  readonly afterSeq?: number;
  readonly limit: number;
}
