/**
 * The store's state as rows: every table of lambdabox.db, read in one read transaction through a second
 * (read-only) connection, ordered. Only the control store is read: the decision and
 * invocation logs live in their own database and are not state a rejected request must leave alone.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';

export class StoreSnapshot {
  readonly #db: Database.Database;
  readonly #tables: string[];

  constructor(dataDir: string) {
    this.#db = new Database(join(dataDir, 'lambdabox.db'), { readonly: true, fileMustExist: true });
    this.#tables = (this.#db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map(
      (r) => r.name,
    );
  }

  /** Table → its rows as canonical text, ordered by every column. */
  rows(): Map<string, string[]> {
    const read = this.#db.transaction(() => {
      const out = new Map<string, string[]>();
      for (const table of this.#tables) {
        const columns = (this.#db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => `"${c.name}"`);
        // Deleted layer versions a function still used stay as tombstones until the blob collector's sweep
        // (every 10 minutes, in the background) purges them: a tombstone is not API-visible state.
        const where = table === 'layer_versions' ? ' WHERE deleted = 0' : '';
        const rows = this.#db.prepare(`SELECT * FROM "${table}"${where} ORDER BY ${columns.join(', ')}`).all() as Array<Record<string, unknown>>;
        out.set(
          table,
          rows.map((row) => JSON.stringify(Object.values(row).map((v) => (Buffer.isBuffer(v) ? `hex:${v.toString('hex')}` : typeof v === 'bigint' ? String(v) : v)))),
        );
      }
      return out;
    });
    return read();
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
    return lines.join('\n');
  }

  close(): void {
    this.#db.close();
  }
}
