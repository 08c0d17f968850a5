/**
 * The queue service's runtime: long-poll waiters, receipt-handle keys, the in-process delivery door and
 * a periodic sweep that deletes messages past their queue's retention period even when nobody reads.
 */
import type { Logger } from 'pino';
import type { SqsStore } from './store/sqs-tx.js';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { Clock } from '../../shared/clock.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { SqsDeps } from './sqs-deps.js';
import { QueueWaiters } from './queue-waiters.js';
import { ReceiptHandles } from './receipt-handles.js';
import { SqsQueueDelivery } from './queue-delivery.js';
import type { QueueDelivery } from './queue-delivery.js';
import { intAttribute } from './queue-attributes.js';
import type { SqsMetricsSink } from './queue-metrics.js';
import { publishQueueMetrics } from './queue-metrics.js';

export interface SqsServiceOptions {
  readonly store: SqsStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
  readonly logger: Logger;
  /** @default 60 s */
  readonly sweepIntervalMs?: number;
  /** AWS/SQS metrics; the Approximate… gauges are sampled at each sweep. */
  readonly metrics?: SqsMetricsSink;
}

export class SqsService {
  readonly deps: SqsDeps;
  readonly delivery: QueueDelivery;
  readonly #sweep: NodeJS.Timeout;

  constructor(options: SqsServiceOptions) {
    this.deps = {
      store: options.store,
      keys: options.keys,
      clock: options.clock,
      region: options.region,
      authorize: options.authorize,
      logger: options.logger,
      ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
      waiters: new QueueWaiters(),
      receipts: new ReceiptHandles(options.keys.deriveKey('lambdabox/sqs/receipt-handles/v1')),
    };
    this.delivery = new SqsQueueDelivery(this.deps);
    this.#sweep = setInterval(() => {
      this.sweepExpired().catch((err: unknown) => options.logger.warn({ err }, 'sqs retention sweep failed'));
      this.sampleMetrics().catch((err: unknown) => options.logger.warn({ err }, 'sqs metrics sampling failed'));
    }, options.sweepIntervalMs ?? 60_000);
    this.#sweep.unref();
  }

  /** Deletes every message older than its queue's MessageRetentionPeriod; returns how many. */
  async sweepExpired(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    return this.deps.store.transact(async (tx) => {
      let deleted = 0;
      for (const queue of await tx.allQueues()) {
        deleted += await tx.deleteMessagesSentBefore(queue.queueId, now - intAttribute(queue.attributes, 'MessageRetentionPeriod') * 1000);
      }
      return deleted;
    });
  }

  /** Publishes each queue's ApproximateNumberOfMessages{Visible,NotVisible,Delayed} (no-op without a metrics sink). */
  async sampleMetrics(): Promise<void> {
    const sink = this.deps.metrics;
    if (sink === undefined) return;
    const now = this.deps.clock.now().getTime();
    const samples = await this.deps.store.transact(async (tx) => {
      const out = [];
      for (const q of await tx.allQueues()) out.push({ ref: { accountId: q.accountId, name: q.name }, counts: await tx.countMessages(q.queueId, now) });
      return out;
    });
    for (const { ref, counts } of samples) {
      publishQueueMetrics(sink, ref, now, [
        { name: 'ApproximateNumberOfMessagesVisible', unit: 'Count', value: counts.visible },
        { name: 'ApproximateNumberOfMessagesNotVisible', unit: 'Count', value: counts.notVisible },
        { name: 'ApproximateNumberOfMessagesDelayed', unit: 'Count', value: counts.delayed },
      ]);
    }
  }

  /** Ends long polls (they answer with what they have) and stops the sweep. */
  close(): void {
    clearInterval(this.#sweep);
    this.deps.waiters.close();
  }
}
