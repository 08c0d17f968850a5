/**
 * TraceIngest (trace-ingest.ts) on the store: documents put by Lambda's invoke path and by the in-sandbox daemon
 * relay are checked as PutTraceSegments checks them, sealed, and written group-committed (one transaction for
 * whatever arrived meanwhile). Never throws: a malformed document is dropped and counted, and so is one that
 * would push the pending queue past its bound (a flooding function loses its own segments, not the server's
 * memory). Segments are observations, not acknowledged state: a failed commit is logged and counted.
 */
import type { Logger } from 'pino';
import type { KeyService } from '../../../shared/crypto/key-service.js';
import type { Clock } from '../../../shared/clock.js';
import { GroupCommit } from '../../../store/group-commit.js';
import type { Store } from '../../../store/store.js';
import type { TraceIngest } from '../trace-ingest.js';
import type { XrayTx } from '../store/xray-tx.js';
import type { SegmentRecord } from '../store/xray-records.js';
import { checkSegmentDocument } from '../segment-document.js';
import { segmentRecord } from './segment-records.js';

export interface TraceIngestWriterOptions {
  readonly store: Store<XrayTx>;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Segments waiting for their commit, across accounts, beyond which new ones are dropped. @default 10_000 */
  readonly maxPending?: number;
  /** Told of each account's documents once they are durable (the OTLP export). */
  readonly onStored?: (accountId: string, documents: readonly string[]) => void;
}

export interface TraceIngestStats {
  readonly accepted: number;
  readonly malformed: number;
  /** Dropped because the pending queue was full or the ingest closed. */
  readonly overflowed: number;
  /** Lost to a failed commit. */
  readonly failed: number;
}

export class TraceIngestWriter implements TraceIngest {
  readonly #o: TraceIngestWriterOptions;
  readonly #commit: GroupCommit<XrayTx>;
  readonly #maxPending: number;
  #pending = 0;
  #closed = false;
  #stats = { accepted: 0, malformed: 0, overflowed: 0, failed: 0 };

  constructor(options: TraceIngestWriterOptions) {
    this.#o = options;
    this.#maxPending = options.maxPending ?? 10_000;
    this.#commit = new GroupCommit({ store: options.store });
  }

  get stats(): TraceIngestStats {
    return { ...this.#stats };
  }

  put(accountId: string, documents: readonly string[]): void {
    const now = this.#o.clock.now().getTime();
    const records: SegmentRecord[] = [];
    const accepted: string[] = [];
    for (const document of documents) {
      if (typeof document !== 'string') {
        this.#stats.malformed++;
        continue;
      }
      const checked = checkSegmentDocument(document, now / 1000);
      if (!checked.ok) {
        this.#stats.malformed++;
        continue;
      }
      if (this.#closed || this.#pending + records.length >= this.#maxPending) {
        this.#stats.overflowed++;
        continue;
      }
      records.push(segmentRecord(this.#o.keys, accountId, checked.facts, document, now));
      accepted.push(document);
    }
    if (records.length === 0) return;
    this.#write(accountId, records, accepted);
  }

  /**
   * Writes already checked and sealed records of one account (PutTraceSegments), resolving once they are
   * durable; `documents` are their plaintext, for the export.
   */
  async write(accountId: string, records: readonly SegmentRecord[], documents: readonly string[]): Promise<void> {
    await this.#commit.run((tx) => tx.putSegments(records));
    this.#o.onStored?.(accountId, documents);
  }

  #write(accountId: string, records: readonly SegmentRecord[], documents: readonly string[]): void {
    this.#pending += records.length;
    void this.write(accountId, records, documents).then(
      () => {
        this.#pending -= records.length;
        this.#stats.accepted += records.length;
      },
      (err: unknown) => {
        this.#pending -= records.length;
        this.#stats.failed += records.length;
        this.#o.logger.error({ err, segments: records.length }, 'storing trace segments failed');
      },
    );
  }

  async flush(): Promise<void> {
    await this.#commit.drain();
  }

  /** Refuses (counts) later puts and waits for what was put before. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#commit.drain();
  }
}
