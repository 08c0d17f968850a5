/**
 * The store's state as rows: every table of the server's store, read in one consistent snapshot from
 * outside the server, ordered. On SQLite that is lambdabox.db through a second (read-only) connection
 * in one read transaction; on PostgreSQL (LAMBDABOX_TEST_STORE=postgres) the server's database through
 * its own connection, all tables in one statement. Only the control store is read, without the audit events;
 * the invocation logs live in their own database: neither is state a rejected request must leave alone.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { StoreLocation } from '../../src/store/store-location.js';

/**
 * Deleted layer versions a function still used stay as tombstones until the blob collector's sweep
 * (every 10 minutes, in the background) purges them: a tombstone is not API-visible state.
 */
const LIVE_ONLY: Readonly<Record<string, string>> = {
  layer_versions: 'deleted = 0',
  // The platform's own metrics (AWS/SQS from the fuzzer's queue traffic) are flushed in the background by the
  // monitoring ingest: not something a request changed. Customers' metrics (no AWS/ namespace) stay compared.
  monitoring_datapoints: `metric_key NOT LIKE '["AWS/%'`,
  monitoring_metrics: `namespace NOT LIKE 'AWS/%'`,
};

/**
 * The audit trail records every call, a rejected one too: its events are the record of the request, not
 * state the request changed.
 */
const NOT_STATE = new Set(['cloudtrail_events']);

interface Engine {
  rows(): Promise<Map<string, string[]>>;
  close(): Promise<void>;
}

export class StoreSnapshot {
  readonly #engine: Engine;

  private constructor(engine: Engine) {
    this.#engine = engine;
  }

  static async open(location: StoreLocation, dataDir: string): Promise<StoreSnapshot> {
    return new StoreSnapshot(location.kind === 'sqlite' ? sqliteEngine(dataDir) : await postgresEngine(location.url));
  }

  /** Table → its rows as canonical text, ordered. */
  rows(): Promise<Map<string, string[]>> {
    return this.#engine.rows();
  }

  /** Human-readable difference between two row sets (for a failure message). */
  static diff(before: Map<string, string[]>, after: Map<string, string[]>): string {
    const lines: string[] = [];
    for (const [table, rows] of after) {
      const old = new Set(before.get(table) ?? []);
      const now = new Set(rows);
      for (const r of rows) if (!old.has(r)) lines.push(`+ ${table} ${r.slice(0, 200)}`);
      for (const r of old) if (!now.has(r)) lines.push(`- ${table} ${r.slice(0, 200)}`);
    }
    for (const [table, rows] of before) {
      if (!after.has(table)) for (const r of rows) lines.push(`- ${table} ${r.slice(0, 200)}`);
    }
    return lines.join('\n');
  }

  close(): Promise<void> {
    return this.#engine.close();
  }
}

function sqliteEngine(dataDir: string): Engine {
  const db = new Database(join(dataDir, 'lambdabox.db'), { readonly: true, fileMustExist: true });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  ).filter((t) => !NOT_STATE.has(t));
  const read = db.transaction(() => {
    const out = new Map<string, string[]>();
    for (const table of tables) {
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => `"${c.name}"`);
      const where = LIVE_ONLY[table] === undefined ? '' : ` WHERE ${LIVE_ONLY[table]}`;
      const rows = db.prepare(`SELECT * FROM "${table}"${where} ORDER BY ${columns.join(', ')}`).all() as Array<Record<string, unknown>>;
      out.set(
        table,
        rows.map((row) => JSON.stringify(Object.values(row).map((v) => (Buffer.isBuffer(v) ? `hex:${v.toString('hex')}` : typeof v === 'bigint' ? String(v) : v)))),
      );
    }
    return out;
  });
  return { rows: () => Promise.resolve(read()), close: () => Promise.resolve(void db.close()) };
}

async function postgresEngine(url: string): Promise<Engine> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const listed = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    const tables = listed.rows.map((r) => r.name).filter((t) => !NOT_STATE.has(t));
    if (tables.length === 0) throw new Error(`the PostgreSQL store has no tables (${new URL(url).pathname})`);
    // One statement: one snapshot of every table. row_to_json keeps the column order (bytea as \x hex).
    const sql = tables
      .map((table) => {
        const where = LIVE_ONLY[table] === undefined ? '' : ` WHERE ${LIVE_ONLY[table]}`;
        return `SELECT '${table}' AS t, row_to_json(r)::text AS row FROM "${table}" r${where}`;
      })
      .join(' UNION ALL ');
    return {
      async rows() {
        const out = new Map<string, string[]>(tables.map((t) => [t, []]));
        for (const r of (await client.query<{ t: string; row: string }>(sql)).rows) out.get(r.t)?.push(r.row);
        for (const rows of out.values()) rows.sort();
        return out;
      },
      close: () => client.end(),
    };
  } catch (err) {
    await client.end();
    throw err;
  }
}
