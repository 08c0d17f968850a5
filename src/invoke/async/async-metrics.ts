/**
 * Counters of asynchronous invocation, named after Lambda's CloudWatch metrics where one exists
 * (AsyncEventsReceived, AsyncEventsDropped, DestinationDeliveryFailures, DeadLetterErrors).
 */
export interface AsyncMetricsSnapshot {
  readonly asyncEventsReceived: number;
  readonly deliveries: number;
  readonly successes: number;
  readonly functionErrors: number;
  readonly retries: number;
  readonly throttles: number;
  readonly platformErrors: number;
  readonly asyncEventsDropped: number;
  readonly eventAgeExceeded: number;
  readonly retriesExhausted: number;
  readonly destinationDeliveries: number;
  readonly destinationDeliveryFailures: number;
  readonly deadLetterDeliveries: number;
  readonly deadLetterErrors: number;
}

export type AsyncCounter = keyof AsyncMetricsSnapshot;
type Counter = AsyncCounter;

/** The event a count is about, so it can be published per function too. */
export interface CountedEvent {
  readonly accountId: string;
  readonly functionName: string;
  readonly qualifier: string | null;
  readonly enqueuedAt: number;
}

export class AsyncMetrics {
  readonly #counts = new Map<Counter, number>();
  readonly #publish: ((counter: Counter, event: CountedEvent) => void) | undefined;

  /** `publish` sees every count with its event (the CloudWatch metrics of Lambda). */
  constructor(publish?: (counter: Counter, event: CountedEvent) => void) {
    this.#publish = publish;
  }

  add(counter: Counter, event?: CountedEvent): void {
    this.#counts.set(counter, (this.#counts.get(counter) ?? 0) + 1);
    if (event !== undefined) this.#publish?.(counter, event);
  }

  snapshot(): AsyncMetricsSnapshot {
    const c = (k: Counter): number => this.#counts.get(k) ?? 0;
    return {
      asyncEventsReceived: c('asyncEventsReceived'),
      deliveries: c('deliveries'),
      successes: c('successes'),
      functionErrors: c('functionErrors'),
      retries: c('retries'),
      throttles: c('throttles'),
      platformErrors: c('platformErrors'),
      asyncEventsDropped: c('asyncEventsDropped'),
      eventAgeExceeded: c('eventAgeExceeded'),
      retriesExhausted: c('retriesExhausted'),
      destinationDeliveries: c('destinationDeliveries'),
      destinationDeliveryFailures: c('destinationDeliveryFailures'),
      deadLetterDeliveries: c('deadLetterDeliveries'),
      deadLetterErrors: c('deadLetterErrors'),
    };
  }
}
