/**
 * Reads a server's store with plain SQL from outside the server, whichever engine holds it: the data
 * dir's lambdabox.db (a second, read-only SQLite connection) or the server's PostgreSQL database (its own
 * `pg` connection). For tests that check state behind the API's back: "nothing changed", "the queue is
 * empty". Write SQL both engines accept; each `all()` is one statement, so it reads one consistent snapshot.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { StoreLocation } from '../../src/store/store-location.js';

export type StoreRow = Record<string, unknown>;

export interface StoreReader {
  readonly engine: StoreLocation['kind'];
  all<R extends StoreRow = StoreRow>(sql: string): Promise<R[]>;
  close(): Promise<void>;
}

export async function openStoreReader(location: StoreLocation, dataDir: string): Promise<StoreReader> {
  if (location.kind === 'sqlite') {
    const db = new Database(join(dataDir, 'lambdabox.db'), { readonly: true, fileMustExist: true });
    return {
      engine: 'sqlite',
      all: <R extends StoreRow>(sql: string) => Promise.resolve(db.prepare(sql).all() as R[]),
      close: () => Promise.resolve(void db.close()),
    };
  }
  // COUNT and BIGINT come back as numbers, as better-sqlite3 gives them (every value here is below 2^53).
  const client = new pg.Client({
    connectionString: location.url,
    types: { getTypeParser: (oid, format) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format ?? 'text')) },
  });
  await client.connect();
  return {
    engine: 'postgres',
    all: async <R extends StoreRow>(sql: string) => (await client.query<R>(sql)).rows,
    close: () => client.end(),
  };
}

/** Runs one query on a fresh reader (for an occasional look, e.g. a poll every few hundred ms). */
export async function readStore<R extends StoreRow = StoreRow>(location: StoreLocation, dataDir: string, sql: string): Promise<R[]> {
  const reader = await openStoreReader(location, dataDir);
  try {
    return await reader.all<R>(sql);
  } finally {
    await reader.close();
  }
}
