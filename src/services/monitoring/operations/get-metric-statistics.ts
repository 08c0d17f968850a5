/**
 * GetMetricStatistics: the statistics of one metric per period over [StartTime, EndTime), at most 1440
 * datapoints. Without a Unit each unit the metric was published with gives its own datapoints, as in
 * CloudWatch. Datapoints come oldest first (CloudWatch documents no order).
 */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { authorizeMonitoring } from '../monitoring-deps.js';
import { constraint, invalidCombination, invalidParameter, invalidValue } from '../monitoring-errors.js';
import { metricKey } from '../metrics/metric-key.js';
import { STANDARD_STATISTICS, aggregate, byPeriod, isPercentile, statistic } from '../metrics/statistics.js';
import { checkLength, checkNamespace, collectionTooLarge, readDimensions, readRequiredPeriod, readUnit } from './metric-checks.js';

const MAX_DATAPOINTS = 1440;

export function checkDatapointBudget(start: number, end: number, period: number, max = MAX_DATAPOINTS): void {
  const requested = Math.ceil((end - start) / (period * 1000));
  if (requested > max) {
    throw invalidCombination(
      `You have requested up to ${requested.toLocaleString('en-US')} datapoints, which exceeds the limit of ${max.toLocaleString('en-US')}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
}

export async function getMetricStatistics(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, unknown>> {
  await authorizeMonitoring(deps, call, 'GetMetricStatistics');
  const namespace = input.requiredString('Namespace');
  checkNamespace(input, 'Namespace', namespace);
  const metricName = input.requiredString('MetricName');
  checkLength(input, 'MetricName', metricName, 1, 255);
  const dimensions = readDimensions(input);
  const start = input.requiredTime('StartTime');
  const end = input.requiredTime('EndTime');
  const period = readRequiredPeriod(input);
  const unit = readUnit(input);
  const stats = input.strings('Statistics');
  const extended = input.strings('ExtendedStatistics');
  if ((stats === undefined || stats.length === 0) && (extended === undefined || extended.length === 0)) {
    throw invalidCombination('Must specify either Statistics or ExtendedStatistics, but not both.');
  }
  if (stats !== undefined && stats.length > 0 && extended !== undefined && extended.length > 0) {
    throw invalidCombination('Must specify either Statistics or ExtendedStatistics, but not both.');
  }
  if (stats !== undefined && stats.length > 5) throw collectionTooLarge('Statistics', 5);
  if (extended !== undefined && extended.length > 10) throw collectionTooLarge('ExtendedStatistics', 10);
  stats?.forEach((s, i) => {
    if (!(STANDARD_STATISTICS as readonly string[]).includes(s)) {
      throw constraint(`statistics.${i + 1}.member`, s, `Member must satisfy enum value set: [${STANDARD_STATISTICS.join(', ')}]`);
    }
  });
  extended?.forEach((s, i) => {
    if (!isPercentile(s)) throw invalidParameter(`ExtendedStatistics.member.${i + 1}`, s);
  });
  if (start >= end) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
  checkDatapointBudget(start, end, period);
  const periodMs = period * 1000;
  const from = Math.floor(start / periodMs) * periodMs;
  const rows = await deps.store.transact((tx) =>
    tx.datapoints({ accountId: call.caller.accountId, metricKey: metricKey({ namespace, metricName, dimensions }), from, to: end }),
  );
  const units = [...new Set(rows.map((r) => r.unit))].filter((u) => unit === undefined || u === unit);
  const datapoints: Array<Record<string, unknown>> = [];
  for (const u of units) {
    for (const [ts, points] of byPeriod(rows.filter((r) => r.unit === u), periodMs)) {
      const agg = aggregate(points);
      if (agg.sampleCount === 0) continue;
      const dp: Record<string, unknown> = { Timestamp: new Date(ts) };
      for (const s of STANDARD_STATISTICS) if (stats?.includes(s) === true) dp[s] = statistic(agg, s);
      dp['Unit'] = u;
      if (extended !== undefined && extended.length > 0) {
        dp['ExtendedStatistics'] = Object.fromEntries(extended.map((e) => [e, statistic(agg, e) ?? 0]));
      }
      datapoints.push(dp);
    }
  }
  datapoints.sort((a, b) => (a['Timestamp'] as Date).getTime() - (b['Timestamp'] as Date).getTime());
  return { Label: metricName, Datapoints: datapoints };
}
