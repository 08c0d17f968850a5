/**
 * LogsIngest (logs-ingest.ts) on the store: appends are group committed (store/group-commit.ts), so the events
 * of many invocations share one transaction, and each append creates its group and stream when missing, as
 * Lambda's platform does. Messages are sealed like PutLogEvents' (operations/event-seal.ts).
 *
 * The buffer is bounded by events and bytes not yet committed: an append that would pass either bound is
 * dropped whole (never blocks the invoke path, never throws), counted in `stats.dropped`, and logged at most
 * once per DROP_LOG_MS. A message longer than an event may be is cut to AWS's event size, as Lambda splits long
 * lines; an append with an invalid group or stream name is dropped and logged.
 */
import type { Logger } from 'pino';
import type { IngestLogEvent, LogsIngest } from './logs-ingest.js';
import type { LogsStore, LogsStoreTx } from './store/logs-tx.js';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { Clock } from '../../shared/clock.js';
import { GroupCommit } from '../../store/group-commit.js';
import { InvariantError } from '../../shared/errors/lambdabox-error.js';
import { checkGroupName, checkStreamName, groupArn } from './operations/log-names.js';
import { sealLogMessage } from './operations/event-seal.js';
import { EVENT_OVERHEAD_BYTES, MAX_EVENT_BYTES } from './operations/put-log-events.js';
import type { NewLogEvent } from './store/logs-records.js';

const DROP_LOG_MS = 10_000;
const MAX_MESSAGE_BYTES = MAX_EVENT_BYTES - EVENT_OVERHEAD_BYTES;

export interface StoreLogsIngestOptions {
  readonly store: LogsStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly region: string;
  readonly logger: Logger;
  /** Events appended and not yet committed, at most. @default 100,000 */
  readonly maxBufferedEvents?: number;
  /** Message bytes appended and not yet committed, at most. @default 64 MiB */
  readonly maxBufferedBytes?: number;
  /** Runs right before each commit (GroupCommitOptions.beforeCommit). */
  readonly beforeCommit?: () => void;
}

export interface LogsIngestStats {
  readonly commits: number;
  readonly appends: number;
  /** Events dropped at the bound, after close, or for an invalid name. */
  readonly dropped: number;
  readonly bufferedEvents: number;
}

function clip(message: string): { message: string; size: number } {
  const size = Buffer.byteLength(message, 'utf8');
  if (size <= MAX_MESSAGE_BYTES) return { message, size };
  // Cut at a character boundary: drop a trailing partial UTF-8 sequence.
  const cut = Buffer.from(message, 'utf8').subarray(0, MAX_MESSAGE_BYTES).toString('utf8').replace(/\uFFFD$/, '');
  return { message: cut, size: Buffer.byteLength(cut, 'utf8') };
}

export class StoreLogsIngest implements LogsIngest {
  readonly #o: StoreLogsIngestOptions;
  readonly #commit: GroupCommit<LogsStoreTx>;
  readonly #maxEvents: number;
  readonly #maxBytes: number;
  #events = 0;
  #bytes = 0;
  #dropped = 0;
  /** The settling of the latest append's commit (never rejects). */
  #lastWrite: Promise<void> = Promise.resolve();
  #lastDropLog = -Infinity;
  #closed = false;

  constructor(options: StoreLogsIngestOptions) {
    this.#o = options;
    this.#maxEvents = options.maxBufferedEvents ?? 100_000;
    this.#maxBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
    this.#commit = new GroupCommit<LogsStoreTx>({ store: options.store, ...(options.beforeCommit === undefined ? {} : { beforeCommit: options.beforeCommit }) });
  }

  get stats(): LogsIngestStats {
    const s = this.#commit.stats;
    return { commits: s.commits, appends: s.operations, dropped: this.#dropped, bufferedEvents: this.#events };
  }

  append(accountId: string, group: string, stream: string, events: readonly IngestLogEvent[]): void {
    if (events.length === 0) return;
    if (this.#closed) return this.#drop(events.length, 'the logs ingest is closed');
    try {
      checkGroupName(group);
      checkStreamName(stream);
    } catch {
      return this.#drop(events.length, 'invalid log group or stream name');
    }
    const clipped = events.map((e) => ({ timestamp: e.timestamp, ...clip(e.message) }));
    const bytes = clipped.reduce((n, e) => n + e.size, 0);
    if (this.#events + events.length > this.#maxEvents || this.#bytes + bytes > this.#maxBytes) {
      return this.#drop(events.length, 'the logs ingest buffer is full');
    }
    this.#events += events.length;
    this.#bytes += bytes;
    const ingestionTime = this.#o.clock.now().getTime();
    this.#lastWrite = this.#commit
      .run((tx) => this.#write(tx, accountId, group, stream, ingestionTime, clipped))
      .catch((err: unknown) => {
        this.#dropped += events.length;
        this.#o.logger.error({ err, group, stream }, 'writing function logs failed');
      })
      .finally(() => {
        this.#events -= events.length;
        this.#bytes -= bytes;
      });
  }

  async #write(
    tx: LogsStoreTx,
    accountId: string,
    groupName: string,
    streamName: string,
    ingestionTime: number,
    events: ReadonlyArray<{ timestamp: number; message: string; size: number }>,
  ): Promise<void> {
    const group =
      (await tx.getLogGroup(accountId, groupName)) ??
      (await tx.insertLogGroup({
        accountId,
        name: groupName,
        arn: groupArn(this.#o.region, accountId, groupName),
        creationTime: ingestionTime,
        tags: {},
        logGroupClass: 'STANDARD',
      })) ??
      (await tx.getLogGroup(accountId, groupName));
    if (group === undefined) throw new InvariantError('the log group vanished while it was created');
    const stream =
      (await tx.getLogStream(group.groupKey, streamName)) ??
      (await tx.insertLogStream(group.groupKey, streamName, ingestionTime)) ??
      (await tx.getLogStream(group.groupKey, streamName));
    if (stream === undefined) throw new InvariantError('the log stream vanished while it was created');
    // Stored in time order, as PutLogEvents requires of its callers.
    const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
    const sealed: NewLogEvent[] = sorted.map((e) => ({ timestamp: e.timestamp, size: e.size, sealed: sealLogMessage(this.#o.keys, accountId, group.groupKey, e.message) }));
    await tx.appendLogEvents(group.groupKey, stream.streamKey, ingestionTime, sealed);
  }

  #drop(count: number, why: string): void {
    this.#dropped += count;
    const now = this.#o.clock.now().getTime();
    if (now - this.#lastDropLog >= DROP_LOG_MS) {
      this.#lastDropLog = now;
      this.#o.logger.warn({ dropped: this.#dropped }, `function log events dropped: ${why}`);
    }
  }

  /**
   * Waits for the appends made before the call only (batches commit in order, so the last one's settling
   * means every earlier one settled): appends that keep arriving cannot hold a flush forever.
   */
  flush(): Promise<void> {
    return this.#lastWrite;
  }

  /** Refuses further appends and waits for everything appended to be committed. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#commit.drain();
  }
}
