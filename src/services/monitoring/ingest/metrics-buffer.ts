/**
 * The platform's own metrics publisher (MetricsIngest): data points are aggregated in memory per period
 * and made durable by group commit, on a timer or once the buffer holds `maxPending` periods. Bounded:
 * past `maxPending` × 4 buffered periods (the store cannot keep up) new data points are dropped and
 * counted rather than held without limit. Any namespace is allowed, `AWS/` ones included; data points
 * CloudWatch would refuse (non-finite values, mismatched Values/Counts) are dropped and counted.
 */
import type { Logger } from 'pino';
import type { GroupCommit } from '../../../store/group-commit.js';
import type { IngestMetricDatum, MetricsIngest } from '../metrics-ingest.js';
import type { MonitoringTx } from '../store/monitoring-tx.js';
import { DatapointBatch, writePoints } from '../metrics/datapoint-batch.js';
import type { CheckedDatum } from '../metrics/datapoint-batch.js';

/** Sees every accepted data point as it is put (the Prometheus mirror). */
export type IngestObserver = (accountId: string, namespace: string, datum: CheckedDatum) => void;

export interface MetricsBufferOptions {
  readonly commits: GroupCommit<MonitoringTx>;
  readonly logger: Logger;
  /** @default 1000 ms */
  readonly flushIntervalMs?: number;
  /** @default 5000 periods */
  readonly maxPending?: number;
  readonly observe?: IngestObserver;
}

const LIMIT = 2 ** 360;

export function checkIngestDatum(d: IngestMetricDatum): CheckedDatum | undefined {
  if (typeof d.MetricName !== 'string' || d.MetricName === '' || !Number.isFinite(d.Timestamp)) return undefined;
  const values = d.Values ?? (d.Value === undefined ? [] : [d.Value]);
  const counts = d.Counts ?? values.map(() => 1);
  if (values.length === 0 || counts.length !== values.length) return undefined;
  if (values.some((v) => !Number.isFinite(v) || Math.abs(v) > LIMIT) || counts.some((c) => !Number.isFinite(c) || c < 0)) return undefined;
  return {
    metricName: d.MetricName,
    dimensions: d.Dimensions ?? [],
    timestamp: d.Timestamp,
    unit: d.Unit === '' ? 'None' : d.Unit,
    resolution: d.StorageResolution === 1 ? 1 : 60,
    values,
    counts,
  };
}

export class MetricsBuffer implements MetricsIngest {
  readonly #o: MetricsBufferOptions;
  readonly #maxPending: number;
  #batch = new DatapointBatch();
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> = Promise.resolve();
  #dropped = 0;
  #closed = false;

  constructor(options: MetricsBufferOptions) {
    this.#o = options;
    this.#maxPending = options.maxPending ?? 5000;
  }

  /** Data points refused (invalid, or the buffer was full). */
  get dropped(): number {
    return this.#dropped;
  }

  start(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setInterval(() => void this.#commit(), this.#o.flushIntervalMs ?? 1000);
    this.#timer.unref();
  }

  put(accountId: string, namespace: string, data: readonly IngestMetricDatum[]): void {
    for (const raw of data) {
      const d = checkIngestDatum(raw);
      if (d === undefined || this.#batch.size >= this.#maxPending * 4) {
        this.#dropped++;
        continue;
      }
      this.#batch.add(accountId, namespace, d);
      this.#o.observe?.(accountId, namespace, d);
    }
    if (this.#batch.size >= this.#maxPending) void this.#commit();
  }

  async flush(): Promise<void> {
    await this.#commit();
  }

  /** Stops the timer and makes what is buffered durable. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#commit();
  }

  #commit(): Promise<void> {
    const points = this.#batch.take();
    const previous = this.#inFlight;
    const next = (async () => {
      await previous;
      if (points.length === 0) return;
      try {
        await this.#o.commits.run((tx) => writePoints(tx, points));
      } catch (err) {
        this.#dropped += points.length;
        this.#o.logger.warn({ err, periods: points.length }, 'writing platform metrics failed');
      }
    })();
    this.#inFlight = next;
    return next;
  }
}
