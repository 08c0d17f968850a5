/**
 * The clock of asynchronous invocation, as Lambda spaces it
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html): function
 * errors are retried about 1 minute and then 2 minutes later; throttles and platform errors back off
 * from 1 s, doubling, up to 5 minutes; an event older than MaximumEventAgeInSeconds (default 6 h)
 * is given up. `scale` multiplies every one of these durations so tests can run them in moments.
 */
export interface AsyncTimingOptions {
  /** Multiplies every duration below and the event-age limits. @default 1 */
  readonly scale?: number;
  /** Delay before retry n (function errors). @default [60 s, 120 s] */
  readonly retryDelaysMs?: readonly number[];
  /** @default 1 s */
  readonly backoffInitialMs?: number;
  /** @default 5 min */
  readonly backoffMaxMs?: number;
}

export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 2;
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 21_600;

export class AsyncTiming {
  readonly #scale: number;
  readonly #retryDelays: readonly number[];
  readonly #backoffInitial: number;
  readonly #backoffMax: number;

  constructor(options: AsyncTimingOptions = {}) {
    this.#scale = options.scale ?? 1;
    this.#retryDelays = options.retryDelaysMs ?? [60_000, 120_000];
    this.#backoffInitial = options.backoffInitialMs ?? 1000;
    this.#backoffMax = options.backoffMaxMs ?? 300_000;
  }

  /** Delay before the retry that follows function invocation number `attempts` (1-based). */
  retryDelayMs(attempts: number): number {
    const delays = this.#retryDelays;
    const base = delays[Math.min(attempts, delays.length) - 1] ?? delays[delays.length - 1] ?? 60_000;
    return base * this.#scale;
  }

  /** Delay after the n-th throttle or platform error (1-based): 1 s, 2 s, 4 s, … capped at 5 min. */
  backoffMs(backoffs: number): number {
    const exp = Math.min(Math.max(backoffs - 1, 0), 30);
    return Math.min(this.#backoffInitial * 2 ** exp, this.#backoffMax) * this.#scale;
  }

  /** MaximumEventAgeInSeconds as milliseconds of this clock. */
  maxAgeMs(maximumEventAgeInSeconds: number | null): number {
    return (maximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS) * 1000 * this.#scale;
  }

  /** How long a poller holds an event before it becomes visible again (covers a 15-minute function). */
  leaseMs(): number {
    return 16 * 60_000;
  }
}
