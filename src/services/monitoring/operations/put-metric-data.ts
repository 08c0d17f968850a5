/**
 * PutMetricData: up to 1000 data points per request (the model's documented limits: 30 dimensions, 150
 * Values per datum, values within ±2^360 and finite, timestamps up to two weeks old and two hours ahead).
 * Customers may not publish to `AWS/` namespaces (the platform's own ingest may, metrics-buffer.ts).
 * Everything is checked before anything is written: a bad datum refuses the whole request.
 */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { authorizeMonitoring } from '../monitoring-deps.js';
import { invalidCombination, invalidParameter, invalidValue, missingParameter } from '../monitoring-errors.js';
import { DatapointBatch, writePoints } from '../metrics/datapoint-batch.js';
import type { CheckedDatum } from '../metrics/datapoint-batch.js';
import { checkLength, checkNamespace, collectionTooLarge, readDimensions, readUnit } from './metric-checks.js';

export const MAX_METRIC_DATA = 1000;
const MAX_VALUES = 150;
const LIMIT = 2 ** 360;
const TWO_WEEKS_MS = 14 * 24 * 3600 * 1000;
const TWO_HOURS_MS = 2 * 3600 * 1000;

function checkValue(input: MonitoringInput, member: string, v: number): number {
  if (!Number.isFinite(v) || Math.abs(v) > LIMIT) throw invalidParameter(input.name(member), v);
  return v;
}

function readDatum(d: MonitoringInput, now: number): CheckedDatum {
  const metricName = d.requiredString('MetricName');
  checkLength(d, 'MetricName', metricName, 1, 255);
  const dimensions = readDimensions(d);
  const timestamp = d.time('Timestamp') ?? now;
  if (timestamp < now - TWO_WEEKS_MS || timestamp > now + TWO_HOURS_MS) {
    throw invalidValue(`The parameter ${d.name('Timestamp')} must specify a time no more than two weeks in the past and no more than two hours in the future.`);
  }
  const unit = readUnit(d) ?? 'None';
  const resolution = d.int('StorageResolution') ?? 60;
  if (resolution !== 1 && resolution !== 60) throw invalidParameter(d.name('StorageResolution'), resolution);
  const given = ['Value', 'Values', 'StatisticValues'].filter((m) => d.has(m));
  if (given.length > 1) {
    throw invalidCombination(`The parameters ${d.name(given[0] ?? '')} and ${d.name(given[1] ?? '')} are mutually exclusive and you have specified both.`);
  }
  const base = { metricName, dimensions, timestamp, unit, resolution };
  if (d.has('Counts') && !d.has('Values')) throw invalidCombination(`The parameter ${d.name('Counts')} must be specified with ${d.name('Values')}.`);
  const stats = d.struct('StatisticValues');
  if (stats !== undefined) {
    const read = (m: string): number => {
      const v = stats.number(m);
      if (v === undefined) throw missingParameter(stats.name(m));
      return checkValue(stats, m, v);
    };
    const statistics = { sampleCount: read('SampleCount'), sum: read('Sum'), minimum: read('Minimum'), maximum: read('Maximum') };
    if (statistics.sampleCount <= 0) throw invalidParameter(stats.name('SampleCount'), statistics.sampleCount);
    if (statistics.minimum > statistics.maximum) {
      throw invalidCombination(`The parameter ${stats.name('Minimum')} must be less than or equal to ${stats.name('Maximum')}.`);
    }
    return { ...base, values: [], counts: [], statistics };
  }
  if (d.has('Values')) {
    const values = d.numbers('Values') ?? [];
    if (values.length > MAX_VALUES) throw collectionTooLarge(d.name('Values'), MAX_VALUES);
    values.forEach((v, i) => checkValue(d, `Values.member.${i + 1}`, v));
    const counts = d.numbers('Counts') ?? values.map(() => 1);
    if (counts.length !== values.length) {
      throw invalidCombination(`The parameters ${d.name('Values')} and ${d.name('Counts')} must be of the same size.`);
    }
    counts.forEach((c, i) => {
      if (!Number.isFinite(c) || c < 0) throw invalidParameter(d.name(`Counts.member.${i + 1}`), c);
    });
    if (values.length === 0) throw missingParameter(d.name('Values'));
    return { ...base, values, counts };
  }
  const value = d.number('Value');
  if (value === undefined) throw missingParameter(d.name('Value'));
  return { ...base, values: [checkValue(d, 'Value', value)], counts: [1] };
}

export async function putMetricData(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, never>> {
  const namespace = input.requiredString('Namespace');
  await authorizeMonitoring(deps, call, 'PutMetricData', '*', { 'cloudwatch:namespace': namespace });
  checkNamespace(input, 'Namespace', namespace);
  if (namespace.startsWith('AWS/')) throw invalidParameter('Namespace', namespace);
  const items = input.structs('MetricData');
  if (!input.has('MetricData') || items.length === 0) throw missingParameter('MetricData');
  if (items.length > MAX_METRIC_DATA) throw collectionTooLarge('MetricData', MAX_METRIC_DATA);
  const now = deps.clock.now().getTime();
  const batch = new DatapointBatch();
  for (const item of items) batch.add(call.caller.accountId, namespace, readDatum(item, now));
  const points = batch.take();
  await deps.commits.run((tx) => writePoints(tx, points));
  return {};
}
