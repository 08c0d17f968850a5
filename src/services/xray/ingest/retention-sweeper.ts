/**
 * Bounded retention: AWS keeps trace data 30 days (https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html),
 * so segments received longer ago than that are deleted, on a timer and on demand, by the injected clock.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../../shared/clock.js';
import type { Store } from '../../../store/store.js';
import type { XrayTx } from '../store/xray-tx.js';
import { RETENTION_SECONDS } from '../segment-document.js';

export interface RetentionSweeperOptions {
  readonly store: Store<XrayTx>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** @default 30 days */
  readonly retentionMs?: number;
  /** @default 1 hour */
  readonly intervalMs?: number;
}

export class RetentionSweeper {
  readonly #o: RetentionSweeperOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(options: RetentionSweeperOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.#o.logger.error({ err }, 'sweeping old trace segments failed'));
    }, this.#o.intervalMs ?? 60 * 60 * 1000);
    this.#timer.unref();
  }

  /** Deletes what is past retention now; returns how many segments went. */
  async sweep(): Promise<number> {
    if (this.#running !== undefined) return this.#running;
    const before = this.#o.clock.now().getTime() - (this.#o.retentionMs ?? RETENTION_SECONDS * 1000);
    this.#running = this.#o.store.transact((tx) => tx.deleteSegmentsReceivedBefore(before)).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }
}
