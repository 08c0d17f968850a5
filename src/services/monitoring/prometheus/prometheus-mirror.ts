/**
 * lambdabox's own series for Prometheus, fed from what is published through MetricsIngest: the Lambda
 * metrics (AWS/Lambda, dimension FunctionName alone, so per-version and per-alias copies are not counted
 * twice) and the SQS queue metrics (AWS/SQS, dimension QueueName). Counters add up values × counts, the
 * histograms observe each value, gauges keep the newest value. One Registry per service instance.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CheckedDatum } from '../metrics/datapoint-batch.js';

const DURATION_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000, 900_000];
const SIZE_BUCKETS = [64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576];

export class PrometheusMirror {
  readonly registry = new Registry();
  readonly #lambdaCounters: Readonly<Record<string, Counter>>;
  readonly #duration: Histogram;
  readonly #concurrent: Gauge;
  readonly #sqsCounters: Readonly<Record<string, Counter>>;
  readonly #sqsGauges: Readonly<Record<string, Gauge>>;
  readonly #messageSize: Histogram;

  constructor() {
    const register = [this.registry];
    const lambdaLabels = ['account', 'function_name'];
    const counter = (name: string, help: string, labelNames: string[]): Counter => new Counter({ name, help, labelNames, registers: register });
    this.#lambdaCounters = {
      Invocations: counter('lambdabox_lambda_invocations_total', 'Function invocations (AWS/Lambda Invocations).', lambdaLabels),
      Errors: counter('lambdabox_lambda_errors_total', 'Invocations that ended in a function error (AWS/Lambda Errors).', lambdaLabels),
      Throttles: counter('lambdabox_lambda_throttles_total', 'Throttled invocation requests (AWS/Lambda Throttles).', lambdaLabels),
    };
    this.#duration = new Histogram({
      name: 'lambdabox_lambda_duration_milliseconds',
      help: 'Function run time per invocation (AWS/Lambda Duration).',
      labelNames: lambdaLabels,
      buckets: DURATION_BUCKETS,
      registers: register,
    });
    this.#concurrent = new Gauge({
      name: 'lambdabox_lambda_concurrent_executions',
      help: 'Invocations running at once (AWS/Lambda ConcurrentExecutions; function_name empty for the account).',
      labelNames: lambdaLabels,
      registers: register,
    });
    const queueLabels = ['account', 'queue_name'];
    this.#sqsCounters = {
      NumberOfMessagesSent: counter('lambdabox_sqs_messages_sent_total', 'Messages sent to the queue.', queueLabels),
      NumberOfMessagesReceived: counter('lambdabox_sqs_messages_received_total', 'Messages returned by ReceiveMessage.', queueLabels),
      NumberOfMessagesDeleted: counter('lambdabox_sqs_messages_deleted_total', 'Messages deleted from the queue.', queueLabels),
      NumberOfEmptyReceives: counter('lambdabox_sqs_empty_receives_total', 'ReceiveMessage calls that returned no message.', queueLabels),
    };
    const gauge = (name: string, help: string): Gauge => new Gauge({ name, help, labelNames: queueLabels, registers: register });
    this.#sqsGauges = {
      ApproximateNumberOfMessagesVisible: gauge('lambdabox_sqs_messages_visible', 'Messages available for retrieval (sampled).'),
      ApproximateNumberOfMessagesNotVisible: gauge('lambdabox_sqs_messages_not_visible', 'Messages in flight (sampled).'),
      ApproximateNumberOfMessagesDelayed: gauge('lambdabox_sqs_messages_delayed', 'Messages delayed, not yet available (sampled).'),
      ApproximateAgeOfOldestMessage: gauge('lambdabox_sqs_oldest_message_age_seconds', 'Age of the oldest message (sampled).'),
    };
    this.#messageSize = new Histogram({
      name: 'lambdabox_sqs_sent_message_size_bytes',
      help: 'Size of messages sent to the queue.',
      labelNames: queueLabels,
      buckets: SIZE_BUCKETS,
      registers: register,
    });
  }

  observe(accountId: string, namespace: string, d: CheckedDatum): void {
    if (namespace === 'AWS/Lambda') this.#lambda(accountId, d);
    else if (namespace === 'AWS/SQS') this.#sqs(accountId, d);
  }

  #lambda(accountId: string, d: CheckedDatum): void {
    const fn = d.dimensions.length === 1 && d.dimensions[0]?.Name === 'FunctionName' ? d.dimensions[0].Value : undefined;
    if (d.metricName === 'ConcurrentExecutions' && (fn !== undefined || d.dimensions.length === 0)) {
      const last = d.values[d.values.length - 1];
      if (last !== undefined) this.#concurrent.set({ account: accountId, function_name: fn ?? '' }, last);
      return;
    }
    if (fn === undefined) return;
    const labels = { account: accountId, function_name: fn };
    const c = this.#lambdaCounters[d.metricName];
    if (c !== undefined) c.inc(labels, total(d));
    else if (d.metricName === 'Duration') observeAll(this.#duration, labels, d);
  }

  #sqs(accountId: string, d: CheckedDatum): void {
    const queue = d.dimensions.find((x) => x.Name === 'QueueName')?.Value;
    if (queue === undefined || d.dimensions.length !== 1) return;
    const labels = { account: accountId, queue_name: queue };
    const c = this.#sqsCounters[d.metricName];
    if (c !== undefined) return c.inc(labels, total(d));
    const g = this.#sqsGauges[d.metricName];
    const last = d.values[d.values.length - 1];
    if (g !== undefined && last !== undefined) return g.set(labels, last);
    if (d.metricName === 'SentMessageSize') observeAll(this.#messageSize, labels, d);
  }
}

function total(d: CheckedDatum): number {
  return d.values.reduce((sum, v, i) => sum + v * (d.counts[i] ?? 1), 0);
}

function observeAll(h: Histogram, labels: Record<string, string>, d: CheckedDatum): void {
  d.values.forEach((v, i) => {
    const n = d.counts[i] ?? 1;
    for (let k = 0; k < Math.min(n, 10_000); k++) h.observe(labels, v);
  });
}
