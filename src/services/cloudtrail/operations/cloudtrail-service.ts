/**
 * The CloudTrail service's runtime: the operations' dependencies, the trails other parts read (LoggingTrails
 * for delivery, DataEventInterest for the invoke path, the event feed for delivery) and the 90-day retention
 * sweep of the event store. The interest cache holds every logging trail; it is rebuilt from the store at
 * start, after each trail write on this node and periodically, so a trail changed on another node sharing the
 * store is seen within `refreshIntervalMs`.
 */
import type { Logger } from 'pino';
import type { CloudTrailStore } from '../store/cloudtrail-tx.js';
import type { TrailRecord } from '../store/cloudtrail-records.js';
import type { StoredTrailEvent } from '../store/trail-event-records.js';
import type { Clock } from '../../../shared/clock.js';
import type { Authorize } from '../../../iam/authz/authorize.js';
import type { DataEventInterest, LoggingTrail, LoggingTrails, TrailDeliveryPort, TrailEventSource } from '../trail-ports.js';
import type { CloudTrailDeps } from './cloudtrail-deps.js';
import { invokeEvent, loggingTrail, trailSelects } from './selector-match.js';
import { RETENTION_MS } from './lookup-events.js';

export interface CloudTrailServiceOptions {
  readonly store: CloudTrailStore;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
  readonly logger: Logger;
  /** Trail delivery (log files, digests, keys). Absent: GetTrailStatus has no delivery members, ListPublicKeys no keys. */
  readonly delivery?: TrailDeliveryPort;
  /** @default 60 s */
  readonly sweepIntervalMs?: number;
  /** How often the logging trails are re-read from the store (other nodes' writes). @default 10 s */
  readonly refreshIntervalMs?: number;
}

export class CloudTrailService implements LoggingTrails, DataEventInterest, TrailEventSource {
  readonly deps: CloudTrailDeps;
  readonly #store: CloudTrailStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #timers: NodeJS.Timeout[];
  /** Logging trails by account; empty until the first refresh, which starts at construction. */
  #logging = new Map<string, TrailRecord[]>();
  #refreshing: Promise<void> = Promise.resolve();

  constructor(options: CloudTrailServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.deps = {
      store: options.store,
      clock: options.clock,
      region: options.region,
      authorize: options.authorize,
      ...(options.delivery === undefined ? {} : { delivery: options.delivery }),
      trailsChanged: () => this.#refreshNow(),
    };
    const sweep = setInterval(() => {
      this.sweepExpired().catch((err: unknown) => this.#logger.warn({ err }, 'cloudtrail retention sweep failed'));
    }, options.sweepIntervalMs ?? 60_000);
    const refresh = setInterval(() => void this.#refreshNow(), options.refreshIntervalMs ?? 10_000);
    this.#timers = [sweep, refresh];
    for (const t of this.#timers) t.unref();
    void this.#refreshNow();
  }

  /**
   * Re-reads the logging trails; resolves once the cache holds what the store held at the call. Reads run one
   * after another, so a slow older read can never overwrite a newer one.
   */
  refresh(): Promise<void> {
    const next = this.#refreshing.then(async () => {
      const trails = await this.#store.transact((tx) => tx.loggingTrails());
      const byAccount = new Map<string, TrailRecord[]>();
      for (const t of trails) byAccount.set(t.accountId, [...(byAccount.get(t.accountId) ?? []), t]);
      this.#logging = byAccount;
    });
    // The chain goes on after a failed read; the caller still sees the failure.
    this.#refreshing = next.catch(() => undefined);
    return next;
  }

  /** After a trail write: the operation answers only once this node's cache has the change. */
  async #refreshNow(): Promise<void> {
    await this.refresh().catch((err: unknown) => this.#logger.warn({ err }, 'reading the logging trails failed'));
  }

  async loggingTrails(): Promise<readonly LoggingTrail[]> {
    const trails = await this.#store.transact((tx) => tx.loggingTrails());
    return trails.map(loggingTrail);
  }

  wantsInvokeEvents(accountId: string, region: string, functionArn: string): boolean {
    const trails = this.#logging.get(accountId);
    if (trails === undefined) return false;
    const event = invokeEvent(accountId, region, functionArn);
    return trails.some((t) => trailSelects(t, event));
  }

  async eventsAfter(afterSeq: number, limit: number): Promise<readonly StoredTrailEvent[]> {
    return this.#store.transact((tx) => tx.eventsAfter(afterSeq, limit));
  }

  /** Deletes events older than 90 days (LookupEvents' window); returns how many. */
  async sweepExpired(): Promise<number> {
    const before = this.#clock.now().getTime() - RETENTION_MS;
    return this.#store.transact((tx) => tx.deleteEventsBefore(before));
  }

  close(): void {
    for (const t of this.#timers) clearInterval(t);
  }
}
