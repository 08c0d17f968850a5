/** One alarm as stored (the row's JSON body): its configuration as PutMetricAlarm took it, and its state. */
import type { MetricDimension } from '../metrics-ingest.js';
import type { AlarmRow } from '../store/monitoring-records.js';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export const ALARM_STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/** A MetricDataQuery of the Metrics-array form (and of GetMetricData). */
export interface MetricQuerySpec {
  readonly Id: string;
  readonly MetricStat?: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: readonly MetricDimension[] };
    readonly Period: number;
    readonly Stat: string;
    readonly Unit?: string;
  };
  readonly Expression?: string;
  readonly Label?: string;
  readonly ReturnData?: boolean;
  readonly Period?: number;
  readonly AccountId?: string;
}

export interface AlarmRecord {
  readonly AlarmName: string;
  readonly AlarmArn: string;
  readonly AlarmDescription?: string;
  /** Epoch ms. */
  readonly AlarmConfigurationUpdatedTimestamp: number;
  readonly ActionsEnabled: boolean;
  readonly OKActions: readonly string[];
  readonly AlarmActions: readonly string[];
  readonly InsufficientDataActions: readonly string[];
  readonly StateValue: AlarmState;
  readonly StateReason: string;
  readonly StateReasonData?: string;
  readonly StateUpdatedTimestamp: number;
  readonly StateTransitionedTimestamp: number;
  readonly MetricName?: string;
  readonly Namespace?: string;
  readonly Statistic?: string;
  readonly ExtendedStatistic?: string;
  readonly Dimensions: readonly MetricDimension[];
  readonly Period?: number;
  readonly Unit?: string;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly Threshold: number;
  readonly ComparisonOperator: string;
  readonly TreatMissingData?: string;
  readonly EvaluateLowSampleCountPercentile?: string;
  readonly Metrics?: readonly MetricQuerySpec[];
  readonly Tags: ReadonlyArray<{ readonly Key: string; readonly Value: string }>;
}

export function toAlarmRecord(row: AlarmRow): AlarmRecord {
  return JSON.parse(row.body) as AlarmRecord;
}

export function toAlarmRow(accountId: string, alarm: AlarmRecord): AlarmRow {
  return { accountId, alarmName: alarm.AlarmName, stateValue: alarm.StateValue, body: JSON.stringify(alarm) };
}

export function alarmArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`;
}

/** The period the alarm's value is computed over (the Metrics form: the returned query's). */
export function alarmPeriod(alarm: AlarmRecord): number {
  if (alarm.Period !== undefined) return alarm.Period;
  const returned = alarm.Metrics?.find((m) => m.ReturnData !== false);
  return returned?.MetricStat?.Period ?? returned?.Period ?? 60;
}
