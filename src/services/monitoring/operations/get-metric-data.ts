/**
 * GetMetricData: up to 500 queries (MetricStat or metric math) over [StartTime, EndTime); every query with
 * ReturnData (default true) is answered with its timestamps and values, newest first unless
 * ScanBy=TimestampAscending. At most MaxDatapoints (default 100,800) values a page; NextToken carries on
 * from where the page stopped, counting values across the results in request order.
 */
import type { MonitoringInput } from '../api/monitoring-input.js';
import type { MonitoringCall, MonitoringDeps } from '../monitoring-deps.js';
import { authorizeMonitoring } from '../monitoring-deps.js';
import { constraint, invalidValue, missingParameter, validationError } from '../monitoring-errors.js';
import { runQueries } from '../metrics/query-engine.js';
import { readMetricQueries } from './metric-queries.js';
import { decodeToken, encodeToken, isNumber } from './paging.js';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;

export async function getMetricData(deps: MonitoringDeps, call: MonitoringCall, input: MonitoringInput): Promise<Record<string, unknown>> {
  await authorizeMonitoring(deps, call, 'GetMetricData');
  if (!input.has('MetricDataQueries')) throw missingParameter('MetricDataQueries');
  const queries = readMetricQueries(input, 'MetricDataQueries', MAX_QUERIES);
  if (queries.length === 0) throw missingParameter('MetricDataQueries');
  const start = input.requiredTime('StartTime');
  const end = input.requiredTime('EndTime');
  if (start >= end) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = input.string('ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw constraint('scanBy', scanBy, 'Member must satisfy enum value set: [TimestampDescending, TimestampAscending]');
  }
  const max = input.int('MaxDatapoints') ?? DEFAULT_MAX_DATAPOINTS;
  if (max < 1) throw invalidValue(`The value ${max} for parameter MaxDatapoints is invalid.`);
  const offset = decodeToken(input.string('NextToken'), isNumber) ?? 0;
  if (!queries.some((q) => q.ReturnData !== false)) throw validationError('At least one of the metric data queries must have ReturnData set to true.');
  const results = await deps.store.transact((tx) => runQueries(tx, call.caller.accountId, queries, start, end));
  let skip = offset;
  let budget = max;
  let truncated = false;
  const out: Array<Record<string, unknown>> = [];
  for (const q of queries) {
    if (q.ReturnData === false) continue;
    const r = results.get(q.Id);
    let points = [...(r?.series ?? new Map<number, number>())].filter(([ts, v]) => ts >= Math.floor(start / 1000) * 1000 && ts < end && Number.isFinite(v));
    points.sort((a, b) => (scanBy === 'TimestampAscending' ? a[0] - b[0] : b[0] - a[0]));
    const dropped = Math.min(skip, points.length);
    skip -= dropped;
    points = points.slice(dropped);
    if (points.length > budget) {
      points = points.slice(0, budget);
      truncated = true;
    }
    budget -= points.length;
    out.push({
      Id: q.Id,
      Label: r?.label ?? q.Id,
      Timestamps: points.map(([ts]) => new Date(ts)),
      Values: points.map(([, v]) => v),
      StatusCode: truncated ? 'PartialData' : 'Complete',
      Messages: [],
    });
  }
  return { MetricDataResults: out, Messages: [], ...(truncated ? { NextToken: encodeToken(offset + max) } : {}) };
}
