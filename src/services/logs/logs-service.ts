/**
 * The CloudWatch Logs service's runtime: the operations' dependencies, the in-process ingest for Lambda's
 * platform (store-logs-ingest.ts) and the retention sweep, which deletes events older than their group's
 * retention (queries already hide them: operations/log-access.ts retentionFloor).
 */
import type { Logger } from 'pino';
import type { LogsStore } from './store/logs-tx.js';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { Clock } from '../../shared/clock.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { LogsDeps } from './operations/logs-deps.js';
import { StoreLogsIngest } from './store-logs-ingest.js';
import type { StoreLogsIngestOptions } from './store-logs-ingest.js';

export interface LogsServiceOptions {
  readonly store: LogsStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
  readonly logger: Logger;
  /** @default 60 s */
  readonly sweepIntervalMs?: number;
  readonly ingest?: Pick<StoreLogsIngestOptions, 'maxBufferedEvents' | 'maxBufferedBytes' | 'beforeCommit'>;
}

export class LogsService {
  readonly deps: LogsDeps;
  readonly ingest: StoreLogsIngest;
  readonly #sweep: NodeJS.Timeout;

  constructor(options: LogsServiceOptions) {
    this.deps = { store: options.store, keys: options.keys, clock: options.clock, region: options.region, authorize: options.authorize };
    this.ingest = new StoreLogsIngest({
      store: options.store,
      keys: options.keys,
      clock: options.clock,
      region: options.region,
      logger: options.logger,
      ...options.ingest,
    });
    this.#sweep = setInterval(() => {
      this.sweepExpired().catch((err: unknown) => options.logger.warn({ err }, 'logs retention sweep failed'));
    }, options.sweepIntervalMs ?? 60_000);
    this.#sweep.unref();
  }

  /** Deletes every event older than its group's retention; returns how many. */
  async sweepExpired(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    const groups = await this.deps.store.transact((tx) => tx.groupsWithRetention());
    let deleted = 0;
    // One transaction per group: a large sweep never holds the store for all groups at once.
    for (const g of groups) {
      const before = now - (g.retentionInDays ?? 0) * 86_400_000;
      deleted += await this.deps.store.transact((tx) => tx.deleteLogEventsBefore(g.groupKey, before));
    }
    return deleted;
  }

  /** Stops the sweep and commits what the ingest holds. */
  async close(): Promise<void> {
    clearInterval(this.#sweep);
    await this.ingest.close();
  }

  /** Stops the sweep; appends not yet committed may be lost (logs are not acknowledged state). */
  destroy(): void {
    clearInterval(this.#sweep);
    void this.ingest.close().catch(() => undefined);
  }
}
