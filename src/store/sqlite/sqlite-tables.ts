/**
 * A module of tables: the core's (`core-tables.ts`) or a service's own (`src/services/<name>/store/`). The
 * SQLite store applies each module's migrations, binds its statements to the connection and merges what
 * they offer into one transaction object.
 */
import type Database from 'better-sqlite3';
import type { TaggedResourceKey, TaggedResourceKind } from '../resource-tag-cache.js';

export interface SqliteTables<Tx extends object> {
  /** Stable: the schema table records each module's applied migrations under this name. */
  readonly name: string;
  readonly migrations: readonly string[];
  /**
   * Where this module's first migrations sat in the single list stores used before modules (its length
   * was `PRAGMA user_version`), so a database made then is carried over without re-running anything.
   */
  readonly legacyPositions?: readonly number[];
  /** Tables whose rows carry resource tags: a write to one invalidates the tag cache. */
  readonly taggedTables?: readonly string[];
  /** The kinds of resources whose tags `readTags` answers. */
  readonly tagKinds?: readonly TaggedResourceKind[];
  bind(db: Database.Database): Tx;
  // Method syntax on purpose: a module of `SqsTx` is then usable where a module of `object` is expected.
  readTags?(tx: Tx, key: TaggedResourceKey): Promise<Readonly<Record<string, string>> | undefined>;
}

type TxOf<M> = M extends SqliteTables<infer Tx> ? Tx : never;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The transaction type a list of modules adds up to. */
export type TablesTx<Ms extends readonly SqliteTables<object>[]> = Intersect<TxOf<Ms[number]>>;
