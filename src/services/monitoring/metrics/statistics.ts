/** Statistics over the stored per-period aggregates: the five standard ones and percentiles (`p0`–`p100`). */
import type { DatapointRecord } from '../store/monitoring-records.js';
import { parseDistribution, percentile } from './distribution.js';

export const STANDARD_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type StandardStatistic = (typeof STANDARD_STATISTICS)[number];

const PERCENTILE = /^p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?)$/;

export function isStandardStatistic(s: string): s is StandardStatistic {
  return (STANDARD_STATISTICS as readonly string[]).includes(s);
}

export function isPercentile(s: string): boolean {
  return PERCENTILE.test(s);
}

export interface Aggregate {
  readonly sampleCount: number;
  readonly sum: number;
  readonly minimum: number;
  readonly maximum: number;
  readonly points: readonly DatapointRecord[];
}

export function aggregate(points: readonly DatapointRecord[]): Aggregate {
  let sampleCount = 0;
  let sum = 0;
  let minimum = Infinity;
  let maximum = -Infinity;
  for (const p of points) {
    sampleCount += p.sampleCount;
    sum += p.sum;
    minimum = Math.min(minimum, p.minimum);
    maximum = Math.max(maximum, p.maximum);
  }
  return { sampleCount, sum, minimum, maximum, points };
}

/** One statistic of an aggregate, undefined when it has no samples (or a percentile has no values). */
export function statistic(agg: Aggregate, stat: string): number | undefined {
  if (agg.sampleCount === 0) return undefined;
  switch (stat) {
    case 'SampleCount':
      return agg.sampleCount;
    case 'Sum':
      return agg.sum;
    case 'Average':
      return agg.sum / agg.sampleCount;
    case 'Minimum':
      return agg.minimum;
    case 'Maximum':
      return agg.maximum;
    default:
      if (!isPercentile(stat)) return undefined;
      return percentile(agg.points.map((p) => parseDistribution(p.distribution)), Number(stat.slice(1)));
  }
}

/** Groups aggregates by period start (epoch ms, aligned to multiples of `periodMs`). */
export function byPeriod(points: readonly DatapointRecord[], periodMs: number): Map<number, DatapointRecord[]> {
  const out = new Map<number, DatapointRecord[]>();
  for (const p of points) {
    const start = Math.floor(p.ts / periodMs) * periodMs;
    const list = out.get(start);
    if (list === undefined) out.set(start, [p]);
    else list.push(p);
  }
  return out;
}
