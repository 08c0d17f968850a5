/**
 * The decision sink of a server: JSON lines appended to `<dataDir>/audit/decisions.jsonl` (0600 in a
 * 0700 directory). Records are buffered and written in batches, so a request never waits for the disk;
 * `flush()` and `close()` write what is pending. A write failure is logged, never thrown at a request.
 */
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DecisionRecord } from './decision-record.js';
import type { DecisionSink } from './decision-sink.js';

export interface DecisionLogFileOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  /** Longest a record waits in memory. @default 200 ms */
  readonly flushIntervalMs?: number;
  /** Pending bytes that trigger a write at once. @default 64 KiB */
  readonly flushBytes?: number;
}

export function decisionLogPath(dataDir: string): string {
  return join(dataDir, 'audit', 'decisions.jsonl');
}

export class DecisionLogFile implements DecisionSink {
  readonly #path: string;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #flushBytes: number;
  #file: FileHandle | undefined;
  #pending: string[] = [];
  #pendingBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(options: DecisionLogFileOptions) {
    this.#path = decisionLogPath(options.dataDir);
    this.#logger = options.logger;
    this.#intervalMs = options.flushIntervalMs ?? 200;
    this.#flushBytes = options.flushBytes ?? 64 * 1024;
  }

  get path(): string {
    return this.#path;
  }

  async start(): Promise<void> {
    await mkdir(join(this.#path, '..'), { recursive: true, mode: 0o700 });
    this.#file = await open(this.#path, 'a', 0o600);
    await this.#file.chmod(0o600);
  }

  record(decision: DecisionRecord): void {
    const line = `${JSON.stringify(decision)}\n`;
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    if (this.#pendingBytes >= this.#flushBytes) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#intervalMs).unref();
  }

  /** Writes everything recorded so far. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const batch = this.#pending.join('');
    this.#pending = [];
    this.#pendingBytes = 0;
    const file = this.#file;
    if (batch.length > 0 && file !== undefined) {
      // Chained so batches land in order even when a flush starts while another is writing.
      this.#writing = this.#writing.then(() =>
        file.appendFile(batch, 'utf8').catch((err: unknown) => this.#logger.error({ err }, 'writing authorization decisions failed')),
      );
    }
    return this.#writing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.#file?.close();
    this.#file = undefined;
  }
}
