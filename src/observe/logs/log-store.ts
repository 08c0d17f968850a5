/**
 * Function logs, per log group `/aws/lambda/<name>` and stream, in their own SQLite file
 * (`<data-dir>/logs.db`) so high-volume log writes never wait on the control-plane store. Writes
 * are buffered and flushed in batches; logs are kept `retentionDays`.
 */
import Database from 'better-sqlite3';
import { narrowDatabaseFiles, preparePrivateDatabase } from '../../shared/private-files.js';

export interface LogEvent {
  readonly id: number;
  readonly timestamp: number;
  readonly group: string;
  readonly stream: string;
  readonly message: string;
}

export interface NewLogEvent {
  readonly accountId: string;
  readonly group: string;
  readonly stream: string;
  readonly timestamp: number;
  readonly message: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL,
  group_name TEXT NOT NULL,
  stream_name TEXT NOT NULL,
  ts INTEGER NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS log_events_group ON log_events(account_id, group_name, id);
CREATE INDEX IF NOT EXISTS log_events_ts ON log_events(ts);
`;

export interface LogStoreOptions {
  readonly path: string;
  /** Open read-only (the `lambdabox logs` command reads while a server writes). */
  readonly readonly?: boolean;
  /** @default 7 */
  readonly retentionDays?: number;
  /** @default 50 ms */
  readonly flushIntervalMs?: number;
}

export class LogStore {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement | undefined;
  readonly #retentionMs: number;
  readonly #flushMs: number;
  #buffer: NewLogEvent[] = [];
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: LogStoreOptions) {
    // Function logs may carry whatever a function printed: readable by the server's user only.
    if (options.readonly !== true) preparePrivateDatabase(options.path);
    this.#db = new Database(options.path, options.readonly === true ? { readonly: true, fileMustExist: true } : {});
    this.#retentionMs = (options.retentionDays ?? 7) * 86_400_000;
    this.#flushMs = options.flushIntervalMs ?? 50;
    if (options.readonly !== true) {
      this.#db.pragma('journal_mode = WAL');
      narrowDatabaseFiles(options.path);
      // Logs are not acknowledged state: a crash may lose the last batch, never the store's data.
      this.#db.pragma('synchronous = NORMAL');
      this.#db.exec(SCHEMA);
      this.#insert = this.#db.prepare(
        'INSERT INTO log_events (account_id, group_name, stream_name, ts, message) VALUES (?, ?, ?, ?, ?)',
      );
      this.#db.prepare('DELETE FROM log_events WHERE ts < ?').run(Date.now() - this.#retentionMs);
    }
  }

  append(events: readonly NewLogEvent[]): void {
    if (this.#closed || this.#insert === undefined) return;
    for (const e of events) this.#buffer.push(e);
    this.#timer ??= setTimeout(() => this.flush(), this.#flushMs);
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#buffer;
    this.#buffer = [];
    const insert = this.#insert;
    if (batch.length === 0 || insert === undefined) return;
    this.#db.transaction(() => {
      for (const e of batch) insert.run(e.accountId, e.group, e.stream, e.timestamp, e.message);
    })();
  }

  /** Events of a group after `afterId`, oldest first. */
  read(accountId: string, group: string, options: { afterId?: number; limit?: number; sinceMs?: number } = {}): LogEvent[] {
    this.flush();
    const rows = this.#db
      .prepare<[string, string, number, number, number], { id: number; ts: number; group_name: string; stream_name: string; message: string }>(
        `SELECT id, ts, group_name, stream_name, message FROM log_events
         WHERE account_id = ? AND group_name = ? AND id > ? AND ts >= ? ORDER BY id LIMIT ?`,
      )
      .all(accountId, group, options.afterId ?? 0, options.sinceMs ?? 0, options.limit ?? 10_000);
    return rows.map((r) => ({ id: r.id, timestamp: r.ts, group: r.group_name, stream: r.stream_name, message: r.message }));
  }

  /** The newest `limit` events of a group, oldest first. */
  tail(accountId: string, group: string, limit: number): LogEvent[] {
    this.flush();
    const rows = this.#db
      .prepare<[string, string, number], { id: number; ts: number; group_name: string; stream_name: string; message: string }>(
        `SELECT id, ts, group_name, stream_name, message FROM log_events
         WHERE account_id = ? AND group_name = ? ORDER BY id DESC LIMIT ?`,
      )
      .all(accountId, group, limit);
    return rows.reverse().map((r) => ({ id: r.id, timestamp: r.ts, group: r.group_name, stream: r.stream_name, message: r.message }));
  }

  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    this.#db.close();
  }
}
