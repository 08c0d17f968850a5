/** Reads one statistic of one metric per period from the stored aggregates. */
import type { MetricDimension } from '../metrics-ingest.js';
import type { MonitoringTx } from '../store/monitoring-tx.js';
import { metricKey } from './metric-key.js';
import { aggregate, byPeriod, statistic } from './statistics.js';

export interface StatQuery {
  readonly accountId: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly MetricDimension[];
  readonly stat: string;
  readonly unit?: string;
  /** Seconds. */
  readonly period: number;
  /** Epoch ms, start inclusive, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface StatPoint {
  readonly ts: number;
  readonly value: number;
  readonly sampleCount: number;
}

/** One value per period with data, by period start ascending. */
export async function readStatistic(tx: MonitoringTx, q: StatQuery): Promise<StatPoint[]> {
  const periodMs = q.period * 1000;
  const start = Math.floor(q.start / periodMs) * periodMs;
  const rows = await tx.datapoints({
    accountId: q.accountId,
    metricKey: metricKey({ namespace: q.namespace, metricName: q.metricName, dimensions: q.dimensions }),
    from: start,
    to: q.end,
  });
  const wanted = q.unit === undefined ? rows : rows.filter((r) => r.unit === q.unit);
  const out: StatPoint[] = [];
  for (const [ts, points] of [...byPeriod(wanted, periodMs)].sort((a, b) => a[0] - b[0])) {
    const agg = aggregate(points);
    const value = statistic(agg, q.stat);
    if (value !== undefined) out.push({ ts, value, sampleCount: agg.sampleCount });
  }
  return out;
}
