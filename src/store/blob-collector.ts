/**
 * Deletes blobs no version or layer version references any more. On start nothing is in flight, so
 * every unreferenced blob goes; afterwards only blobs unreferenced for longer than `graceMs` go,
 * so a blob written by a request that has not committed yet is never taken from under it.
 */
import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Store } from './store.js';
import type { BlobStore } from './blob-store.js';

export interface BlobCollectorOptions {
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly logger: Logger;
  readonly blobDir: string;
  /** @default 1 hour */
  readonly graceMs?: number;
  /** @default 10 minutes */
  readonly intervalMs?: number;
}

export class BlobCollector {
  readonly #options: BlobCollectorOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(options: BlobCollectorOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    await this.collect(0);
    this.#timer = setInterval(() => {
      void this.collect(this.#options.graceMs ?? 3_600_000).catch((err: unknown) =>
        this.#options.logger.warn({ err }, 'blob collection failed'),
      );
    }, this.#options.intervalMs ?? 600_000);
    this.#timer.unref();
  }

  /** Removes unreferenced blobs older than `graceMs`; returns how many were removed. */
  collect(graceMs: number): Promise<number> {
    this.#running ??= this.#collect(graceMs).finally(() => (this.#running = undefined));
    return this.#running;
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  async #collect(graceMs: number): Promise<number> {
    const { store, blobs, blobDir } = this.#options;
    let removed = 0;
    await store.transact((tx) => tx.purgeUnusedDeletedLayerVersions());
    for (const sha of await blobs.list()) {
      if (graceMs > 0) {
        const info = await stat(`${blobDir}/${sha.slice(0, 2)}/${sha}`).catch(() => undefined);
        if (info === undefined || Date.now() - info.mtimeMs < graceMs) continue;
      }
      if (await store.transact((tx) => tx.isBlobReferenced(sha))) continue;
      await blobs.delete(sha);
      removed++;
    }
    if (removed > 0) this.#options.logger.info({ removed }, 'removed unreferenced blobs');
    return removed;
  }
}
