/**
 * CloudTrail delivery: every `deliveryIntervalMs` (AWS delivers about every 5 minutes) the pending events
 * of each logging trail go to a log file; every `digestIntervalMs` (AWS: hourly) each trail with log file
 * validation gets a signed digest. Implements the TrailDeliveryPort the trail operations call on
 * StartLogging / StopLogging / GetTrailStatus / ListPublicKeys. Runs one step at a time (a mutex), so a
 * periodic delivery never interleaves with StopLogging's final one.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../../shared/clock.js';
import type { KeyService } from '../../../shared/crypto/key-service.js';
import { Mutex } from '../../../shared/mutex.js';
import { ClosedError, InvalidStateError } from '../../../shared/errors/lambdabox-error.js';
import type {
  LoggingTrail,
  LoggingTrails,
  TrailDeliveryPort,
  TrailDeliveryStatus,
  TrailEventSource,
  TrailPublicKey,
  TrailTarget,
} from '../trail-ports.js';
import { AppendOnlyWriter } from './append-only-writer.js';
import type { DeliveryContext } from './delivery-context.js';
import { initialState, withoutChain } from './delivery-context.js';
import { breakDigestChain, deliverTrailDigest } from './digest-delivery.js';
import { deliverTrailLogs } from './log-delivery.js';
import { SigningKeys } from './signing-keys.js';
import type { TrailDeliveryStore } from './store/delivery-tables.js';

export const DEFAULT_DELIVERY_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_DIGEST_INTERVAL_MS = 3600_000;

export interface TrailDeliveryOptions {
  readonly store: TrailDeliveryStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly source: TrailEventSource;
  readonly trails: LoggingTrails;
  /** Where buckets are directories. Give this or `dataDir` (then `<dataDir>/trails`). */
  readonly trailRoot?: string;
  readonly dataDir?: string;
  /** @default 300000 (5 minutes) */
  readonly deliveryIntervalMs?: number;
  /** @default 3600000 (1 hour) */
  readonly digestIntervalMs?: number;
  /** How long one signing key signs before the next takes over. @default 30 days */
  readonly keyRotationMs?: number;
}

type DeliveryState = 'created' | 'running' | 'closing' | 'closed';

export class TrailDelivery implements TrailDeliveryPort {
  readonly root: string;
  readonly #ctx: DeliveryContext;
  readonly #trails: LoggingTrails;
  readonly #signing: SigningKeys;
  readonly #mutex = new Mutex();
  readonly #deliveryMs: number;
  readonly #digestMs: number;
  // The last view of each logging trail: StopLogging's final delivery needs its selectors, which the
  // port's TrailTarget does not carry, and the trail may no longer be listed as logging by then.
  readonly #known = new Map<string, LoggingTrail>();
  readonly #timers: NodeJS.Timeout[] = [];
  #state: DeliveryState = 'created';

  constructor(options: TrailDeliveryOptions) {
    if (options.trailRoot === undefined && options.dataDir === undefined) {
      throw new InvalidStateError('TrailDelivery needs trailRoot or dataDir');
    }
    this.root = options.trailRoot ?? join(options.dataDir ?? '', 'trails');
    this.#signing = new SigningKeys({ store: options.store, keys: options.keys, ...(options.keyRotationMs === undefined ? {} : { rotationMs: options.keyRotationMs }) });
    this.#ctx = {
      store: options.store,
      writer: new AppendOnlyWriter(this.root),
      source: options.source,
      signing: this.#signing,
      clock: options.clock,
      logger: options.logger,
    };
    this.#trails = options.trails;
    this.#deliveryMs = options.deliveryIntervalMs ?? DEFAULT_DELIVERY_INTERVAL_MS;
    this.#digestMs = options.digestIntervalMs ?? DEFAULT_DIGEST_INTERVAL_MS;
  }

  start(): void {
    if (this.#state !== 'created') throw new InvalidStateError(`TrailDelivery cannot start when ${this.#state}`);
    this.#state = 'running';
    const every = (ms: number, step: () => Promise<void>, what: string): void => {
      const timer = setInterval(() => {
        step().catch((err: unknown) => this.#ctx.logger.warn({ err }, `${what} failed`));
      }, ms);
      // Delivery never keeps the process alive on its own; close() drains what is pending.
      timer.unref();
      this.#timers.push(timer);
    };
    every(this.#deliveryMs, () => this.deliverNow(), 'trail log delivery');
    every(this.#digestMs, () => this.digestNow(), 'trail digest delivery');
  }

  /** Delivers every logging trail's pending events now. A trail that fails is retried next time. */
  deliverNow(): Promise<void> {
    return this.#run(() => this.#deliverAll());
  }

  /** Writes every validating trail's digest now (and breaks the chain of trails that stopped validating). */
  digestNow(): Promise<void> {
    return this.#run(async () => {
      for (const trail of await this.#logging()) {
        const step = trail.logFileValidationEnabled ? deliverTrailDigest(this.#ctx, trail) : breakDigestChain(this.#ctx, trail);
        await step.catch((err: unknown) => this.#ctx.logger.warn({ err, trailArn: trail.arn }, 'trail digest delivery failed'));
      }
    });
  }

  async startedLogging(trail: TrailTarget, at: Date): Promise<void> {
    await this.#run(() =>
      this.#ctx.store.transact(async (tx) => {
        const current = await tx.getDeliveryState(trail.arn);
        // StartLogging on a logging trail changes nothing, as in AWS.
        if (current?.loggingSince !== undefined) return;
        const base = current ?? initialState(trail.arn, at.getTime());
        await tx.putDeliveryState({ ...withoutChain(base), loggingSince: at.getTime() });
      }),
    );
  }

  /** `at` is not needed: the final digest ends at this clock's now, which StopLogging's time precedes. */
  async stoppedLogging(trail: LoggingTrail, _at: Date): Promise<void> {
    await this.#run(async () => {
      const known = trail;
      // A failed final delivery must not fail StopLogging: the events stay behind the cursor and go out
      // with the trail's next delivery once it logs again.
      if (known !== undefined) {
        await deliverTrailLogs(this.#ctx, known).catch((err: unknown) =>
          this.#ctx.logger.warn({ err, trailArn: trail.arn }, 'final trail log delivery failed'),
        );
      }
      if (trail.logFileValidationEnabled) await deliverTrailDigest(this.#ctx, trail);
      this.#known.delete(trail.arn);
      await this.#ctx.store.transact(async (tx) => {
        const current = await tx.getDeliveryState(trail.arn);
        if (current === undefined) return;
        const { loggingSince, ...rest } = withoutChain(current);
        void loggingSince;
        await tx.putDeliveryState(rest);
      });
    });
  }

  async status(trail: TrailTarget): Promise<TrailDeliveryStatus> {
    const s = await this.#ctx.store.transact((tx) => tx.getDeliveryState(trail.arn));
    if (s === undefined) return {};
    const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));
    const entries = {
      latestDeliveryTime: date(s.latestDeliveryTime),
      latestDeliveryAttemptTime: date(s.latestDeliveryAttemptTime),
      latestDeliveryError: s.latestDeliveryError,
      latestDigestDeliveryTime: date(s.latestDigestTime),
      latestDigestDeliveryError: s.latestDigestError,
    };
    return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as TrailDeliveryStatus;
  }

  publicKeys(start: Date, end: Date): Promise<readonly TrailPublicKey[]> {
    return this.#signing.publicKeys(start, end);
  }

  /** Stops the timers, then delivers what is pending. */
  async close(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'closing') return;
    const wasRunning = this.#state === 'running';
    this.#stopTimers();
    if (wasRunning) {
      await this.#mutex.runWith(() => this.#deliverAll()).catch((err: unknown) => this.#ctx.logger.warn({ err }, 'final trail delivery failed'));
    }
    this.#state = 'closed';
  }

  /** Stops at once; what is pending stays pending (the cursor is durable) and goes out after a restart. */
  destroy(): void {
    this.#stopTimers();
    this.#state = 'closed';
  }

  #stopTimers(): void {
    this.#state = 'closing';
    for (const t of this.#timers.splice(0)) clearInterval(t);
  }

  #run<T>(step: () => Promise<T>): Promise<T> {
    if (this.#state === 'closing' || this.#state === 'closed') return Promise.reject(new ClosedError('trail delivery is closed'));
    return this.#mutex.runWith(step);
  }

  async #logging(): Promise<readonly LoggingTrail[]> {
    const trails = await this.#trails.loggingTrails();
    for (const t of trails) this.#known.set(t.arn, t);
    return trails;
  }

  async #deliverAll(): Promise<void> {
    for (const trail of await this.#logging()) {
      await deliverTrailLogs(this.#ctx, trail).catch((err: unknown) =>
        this.#ctx.logger.warn({ err, trailArn: trail.arn }, 'trail log delivery failed'),
      );
    }
  }
}
