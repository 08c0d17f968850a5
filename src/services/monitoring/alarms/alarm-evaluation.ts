/**
 * One evaluation of a metric alarm, as CloudWatch does it: the values of the last EvaluationPeriods periods,
 * each breaching, not breaching or missing; ALARM when at least DatapointsToAlarm (M of N) breach.
 * Missing data, as AWS documents it ("Configuring how CloudWatch alarms treat missing data": missing points
 * are used "as few times as possible"):
 * - at least M real datapoints: they alone decide, whatever the treatment;
 * - fewer: M − real missing points are filled in: `breaching` → ALARM exactly when every real point
 *   breaches, `notBreaching` → OK; `missing` → ALARM when every real point breaches, else OK; `ignore` →
 *   OK when a real point does not breach, else the state is kept;
 * - no datapoint at all: `missing` → INSUFFICIENT_DATA, `ignore` keeps the state, `breaching` → ALARM,
 *   `notBreaching` → OK.
 */
import type { AlarmRecord, AlarmState } from './alarm-record.js';
import { eventTime, javaDouble, reasonTime } from './aws-text.js';

export interface PeriodValue {
  /** Period start, epoch ms. */
  readonly ts: number;
  readonly value?: number;
  readonly sampleCount?: number;
}

export interface Evaluated {
  readonly state: AlarmState;
  readonly reason: string;
  readonly reasonData: string;
}

const WORDS: Readonly<Record<string, string>> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

export const COMPARISON_OPERATORS = Object.keys(WORDS);

export function breaches(op: string, value: number, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    default:
      return false;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `values`: the N periods, newest first. Returns undefined when the state is kept (`ignore`). */
export function evaluateAlarm(alarm: AlarmRecord, values: readonly PeriodValue[], now: number): Evaluated | undefined {
  const n = alarm.EvaluationPeriods;
  const m = alarm.DatapointsToAlarm ?? n;
  const treat = alarm.TreatMissingData ?? 'missing';
  const present = values.filter((v) => v.value !== undefined);
  const breaching = present.filter((v) => breaches(alarm.ComparisonOperator, v.value as number, alarm.Threshold));
  const missing = values.length - present.length;
  const statistic = alarm.Statistic ?? alarm.ExtendedStatistic;
  const data = {
    version: '1.0',
    queryDate: eventTime(now),
    ...(values.length > 0 ? { startDate: eventTime(Math.min(...values.map((v) => v.ts))) } : {}),
    ...(statistic === undefined ? {} : { statistic }),
    period: alarm.Period ?? 60,
    recentDatapoints: present.map((v) => v.value as number),
    threshold: alarm.Threshold,
    evaluatedDatapoints: values.map((v) => ({
      timestamp: eventTime(v.ts),
      ...(v.sampleCount === undefined ? {} : { sampleCount: v.sampleCount }),
      ...(v.value === undefined ? {} : { value: v.value }),
    })),
  };
  const reasonData = JSON.stringify(data);
  if (present.length === 0 && (treat === 'missing' || treat === 'ignore')) {
    if (treat === 'ignore') return undefined;
    return { state: 'INSUFFICIENT_DATA', reason: `Insufficient Data: ${plural(n, 'datapoint')} ${n === 1 ? 'was' : 'were'} unknown.`, reasonData };
  }
  let state: AlarmState;
  if (present.length >= m) state = breaching.length >= m ? 'ALARM' : 'OK';
  else if (treat === 'notBreaching' || breaching.length < present.length) state = 'OK';
  else if (treat === 'ignore') return undefined;
  else state = 'ALARM';
  if (present.length === 0) {
    const as = treat === 'breaching' ? 'Breaching' : 'NonBreaching';
    const reason = `Threshold Crossed: no datapoints were received for ${plural(n, 'period')} and ${plural(missing, 'missing datapoint')} ${missing === 1 ? 'was' : 'were'} treated as [${as}].`;
    return { state, reason, reasonData };
  }
  return { state, reason: thresholdReason(alarm, present, state, m, n), reasonData };
}

function thresholdReason(alarm: AlarmRecord, present: readonly PeriodValue[], state: AlarmState, m: number, n: number): string {
  const words = WORDS[alarm.ComparisonOperator] ?? alarm.ComparisonOperator;
  const shown = state === 'ALARM' ? present.filter((v) => breaches(alarm.ComparisonOperator, v.value as number, alarm.Threshold)) : present;
  const list = shown.map((v) => `${javaDouble(v.value as number)} (${reasonTime(v.ts)})`).join(', ');
  const relation = state === 'ALARM' ? words : `not ${words}`;
  const verb = shown.length === 1 ? 'was' : 'were';
  const transition = state === 'ALARM' ? 'OK -> ALARM' : 'ALARM -> OK';
  const head = n === 1 && shown.length === 1 ? '1 datapoint' : `${shown.length} out of the last ${n} datapoints`;
  const tail = n === 1 ? '' : ` (minimum ${plural(m, 'datapoint')} for ${transition} transition)`;
  return `Threshold Crossed: ${head} [${list}] ${verb} ${relation} the threshold (${javaDouble(alarm.Threshold)})${tail}.`;
}
