/**
 * Asynchronous invocation, assembled: group commit over the store, the accepting queue (Event
 * invokes, InvokeAsync, function destinations), the processor and the pollers. Built in two steps
 * because the invoke service needs the queue and the pollers need the invoke service:
 * `new AsyncInvocation(…)` → `new InvokeService({ events: async.queue, … })` → `async.start(invoke)`.
 */
import type { Logger } from 'pino';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { Store } from '../../store/store.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { QueueDelivery } from '../../services/sqs/queue-delivery.js';
import type { LogsIngest } from '../../services/logs/logs-ingest.js';
import type { LambdaMetrics } from '../telemetry/lambda-metrics.js';
import type { InvokeService } from '../invoke-service.js';
import { GroupCommit } from '../../store/group-commit.js';
import { AsyncEventQueue } from './event-queue.js';
import { AsyncMetrics } from './async-metrics.js';
import type { AsyncCounter, AsyncMetricsSnapshot, CountedEvent } from './async-metrics.js';
import { AsyncTiming } from './async-timing.js';
import type { AsyncTimingOptions } from './async-timing.js';
import { DestinationDelivery } from './destination-delivery.js';
import { EventProcessor } from './event-processor.js';
import { AsyncPoller } from './async-poller.js';

export interface AsyncInvocationOptions {
  readonly store: Store;
  readonly keys: KeyService;
  readonly region: string;
  readonly logger: Logger;
  /** Function logs: made durable before the events they record leave the queue; delivery failures go there. */
  readonly logs?: LogsIngest;
  /** Publishes AsyncEventsReceived, AsyncEventAge, AsyncEventsDropped, DestinationDeliveryFailures, DeadLetterErrors. */
  readonly lambdaMetrics?: LambdaMetrics;
  /** Authorizes function destinations (lambda:InvokeFunction) for the execution role. */
  readonly authorize?: Authorize;
  /** The queue service, for SQS destinations and dead-letter queues. */
  readonly queues?: QueueDelivery;
  readonly timing?: AsyncTimingOptions;
  /** @default 8 */
  readonly perFunctionConcurrency?: number;
  /** This node's id when several nodes share the queue (see AsyncPollerOptions.nodeId). */
  readonly nodeId?: string;
}

export class AsyncInvocation {
  readonly queue: AsyncEventQueue;
  readonly commits: GroupCommit;
  readonly #o: AsyncInvocationOptions;
  readonly #metrics: AsyncMetrics;
  readonly #timing: AsyncTiming;
  #poller: AsyncPoller | undefined;

  constructor(options: AsyncInvocationOptions) {
    this.#o = options;
    this.#metrics = new AsyncMetrics(options.lambdaMetrics === undefined ? undefined : publisher(options.lambdaMetrics));
    this.#timing = new AsyncTiming(options.timing);
    this.commits = new GroupCommit({
      store: options.store,
      ...(options.logs === undefined ? {} : { beforeCommit: () => options.logs?.flush() }),
    });
    this.queue = new AsyncEventQueue({
      commits: this.commits,
      keys: options.keys,
      metrics: this.#metrics,
      onEnqueued: (fn) => this.#poller?.wake(fn),
    });
  }

  /** Starts delivering (queued events of earlier runs included). */
  async start(invoke: InvokeService): Promise<void> {
    const o = this.#o;
    const destinations = new DestinationDelivery({
      region: o.region,
      store: o.store,
      queue: this.queue,
      metrics: this.#metrics,
      logger: o.logger,
      ...(o.logs === undefined ? {} : { logs: o.logs }),
      ...(o.authorize === undefined ? {} : { authorize: o.authorize }),
      ...(o.queues === undefined ? {} : { queues: o.queues }),
    });
    const processor = new EventProcessor({
      region: o.region,
      keys: o.keys,
      invoke,
      commits: this.commits,
      timing: this.#timing,
      metrics: this.#metrics,
      destinations,
      logger: o.logger,
    });
    this.#poller = new AsyncPoller({
      commits: this.commits,
      processor,
      timing: this.#timing,
      logger: o.logger,
      ...(o.perFunctionConcurrency === undefined ? {} : { perFunctionConcurrency: o.perFunctionConcurrency }),
      ...(o.nodeId === undefined ? {} : { nodeId: o.nodeId }),
    });
    await this.#poller.start();
  }

  metrics(): AsyncMetricsSnapshot {
    return this.#metrics.snapshot();
  }

  /** Events still queued (waiting, retrying, or with destinations pending). */
  pending(): Promise<number> {
    return this.#o.store.transact((tx) => tx.countAsyncEvents());
  }

  /** Stops the pollers (running deliveries finish) and commits what was submitted. */
  async close(): Promise<void> {
    await this.#poller?.close();
    await this.commits.drain();
  }
}

/** Lambda's CloudWatch metrics of asynchronous invocation, per function, from the queue's own counts. */
function publisher(metrics: LambdaMetrics): (counter: AsyncCounter, event: CountedEvent) => void {
  return (counter, event) => {
    const f = { accountId: event.accountId, functionName: event.functionName, qualifier: event.qualifier };
    switch (counter) {
      case 'asyncEventsReceived':
        return metrics.asyncEventReceived(f);
      case 'deliveries':
        return metrics.asyncEventAge(f, Date.now() - event.enqueuedAt);
      case 'asyncEventsDropped':
        return metrics.asyncEventDropped(f);
      case 'destinationDeliveryFailures':
        return metrics.destinationDeliveryFailure(f);
      case 'deadLetterErrors':
        return metrics.deadLetterError(f);
      default:
        return undefined;
    }
  };
}
