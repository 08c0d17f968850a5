/**
 * The queue service's metrics (AWS/SQS, dimension QueueName), published through a sink the composition
 * root hands in (structurally the monitoring service's MetricsIngest; SQS does not import it). Counts
 * follow the API calls; the Approximate… gauges are sampled by SqsService.sampleMetrics().
 */
import type { QueueRef } from './queue-names.js';

export interface SqsMetricDatum {
  readonly MetricName: string;
  readonly Dimensions: ReadonlyArray<{ readonly Name: string; readonly Value: string }>;
  readonly Timestamp: number;
  readonly Unit: string;
  readonly Value?: number;
  readonly Values?: readonly number[];
}

export interface SqsMetricsSink {
  put(accountId: string, namespace: string, data: readonly SqsMetricDatum[]): void;
}

export function publishQueueMetrics(
  sink: SqsMetricsSink | undefined,
  ref: QueueRef,
  now: number,
  metrics: ReadonlyArray<{ readonly name: string; readonly unit: string; readonly value?: number; readonly values?: readonly number[] }>,
): void {
  if (sink === undefined) return;
  const dims = [{ Name: 'QueueName', Value: ref.name }];
  sink.put(
    ref.accountId,
    'AWS/SQS',
    metrics.map((m) => ({
      MetricName: m.name,
      Dimensions: dims,
      Timestamp: now,
      Unit: m.unit,
      ...(m.value === undefined ? {} : { Value: m.value }),
      ...(m.values === undefined ? {} : { Values: m.values }),
    })),
  );
}
