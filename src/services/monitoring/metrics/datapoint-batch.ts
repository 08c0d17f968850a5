/**
 * Values on their way to the store, aggregated per (account, metric, unit, resolution, period) so each
 * period costs one read-merge-write however many values it got. PutMetricData and the platform's ingest
 * both write through this.
 */
import type { MetricDimension } from '../metrics-ingest.js';
import type { MonitoringTx } from '../store/monitoring-tx.js';
import { canonicalDimensions, metricKey } from './metric-key.js';
import { mergeDistribution, parseDistribution } from './distribution.js';
import type { Distribution } from './distribution.js';

/** One datum after validation: where it goes and what it carries. */
export interface CheckedDatum {
  readonly metricName: string;
  readonly dimensions: readonly MetricDimension[];
  /** Epoch ms. */
  readonly timestamp: number;
  readonly unit: string;
  /** 1 or 60. */
  readonly resolution: number;
  readonly values: readonly number[];
  readonly counts: readonly number[];
  /** Pre-aggregated StatisticSet, instead of values. */
  readonly statistics?: { readonly sampleCount: number; readonly sum: number; readonly minimum: number; readonly maximum: number };
}

interface PendingPoint {
  readonly accountId: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly MetricDimension[];
  readonly metricKey: string;
  readonly unit: string;
  readonly resolution: number;
  readonly ts: number;
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
  distribution: Distribution;
  lastPut: number;
}

export class DatapointBatch {
  readonly #points = new Map<string, PendingPoint>();

  get size(): number {
    return this.#points.size;
  }

  add(accountId: string, namespace: string, d: CheckedDatum): void {
    const dimensions = canonicalDimensions(d.dimensions);
    const key = metricKey({ namespace, metricName: d.metricName, dimensions });
    const periodMs = d.resolution * 1000;
    const ts = Math.floor(d.timestamp / periodMs) * periodMs;
    const id = JSON.stringify([accountId, key, d.unit, d.resolution, ts]);
    let p = this.#points.get(id);
    if (p === undefined) {
      p = {
        accountId, namespace, metricName: d.metricName, dimensions, metricKey: key, unit: d.unit, resolution: d.resolution, ts,
        sampleCount: 0, sum: 0, minimum: Infinity, maximum: -Infinity, distribution: [], lastPut: d.timestamp,
      };
      this.#points.set(id, p);
    }
    p.lastPut = Math.max(p.lastPut, d.timestamp);
    if (d.statistics !== undefined) {
      p.sampleCount += d.statistics.sampleCount;
      p.sum += d.statistics.sum;
      p.minimum = Math.min(p.minimum, d.statistics.minimum);
      p.maximum = Math.max(p.maximum, d.statistics.maximum);
      return;
    }
    d.values.forEach((v, i) => {
      const c = d.counts[i] ?? 1;
      p.sampleCount += c;
      p.sum += v * c;
      p.minimum = Math.min(p.minimum, v);
      p.maximum = Math.max(p.maximum, v);
    });
    p.distribution = mergeDistribution(p.distribution, d.values, d.counts);
  }

  /** Hands over what was added and starts empty. */
  take(): PendingPoint[] {
    const out = [...this.#points.values()];
    this.#points.clear();
    return out;
  }
}

export type PendingPoints = ReturnType<DatapointBatch['take']>;

/** Merges the points into the store: each period's aggregate is read, combined and written back. */
export async function writePoints(tx: MonitoringTx, points: PendingPoints): Promise<void> {
  const touched = new Map<string, { p: PendingPoint; lastPut: number }>();
  for (const p of points) {
    if (p.sampleCount <= 0) continue;
    const id = `${p.accountId}\u0000${p.metricKey}`;
    const t = touched.get(id);
    if (t === undefined || t.lastPut < p.lastPut) touched.set(id, { p, lastPut: p.lastPut });
    const old = await tx.datapoint(p.accountId, p.metricKey, p.unit, p.resolution, p.ts);
    const distribution = old === undefined ? p.distribution : mergeDistribution(parseDistribution(old.distribution), p.distribution.map(([v]) => v), p.distribution.map(([, c]) => c));
    await tx.writeDatapoint({
      accountId: p.accountId,
      metricKey: p.metricKey,
      unit: p.unit,
      resolution: p.resolution,
      ts: p.ts,
      sampleCount: (old?.sampleCount ?? 0) + p.sampleCount,
      sum: (old?.sum ?? 0) + p.sum,
      minimum: Math.min(old?.minimum ?? Infinity, p.minimum),
      maximum: Math.max(old?.maximum ?? -Infinity, p.maximum),
      distribution: JSON.stringify(distribution),
    });
  }
  for (const { p, lastPut } of touched.values()) {
    await tx.touchMetric({
      accountId: p.accountId,
      metricKey: p.metricKey,
      namespace: p.namespace,
      metricName: p.metricName,
      dimensions: JSON.stringify(p.dimensions),
      lastPut,
    });
  }
}
