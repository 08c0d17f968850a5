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

export class AsyncMetrics {
  readonly #counts = new Map<Counter, number>();

  add(counter: Counter, n = 1): void {
    this.#counts.set(counter, (this.#counts.get(counter) ?? 0) + n);
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
