/**
 * A module of tables on PostgreSQL: the core's (`core-tables.ts`) or a service's own
 * (`src/services/<name>/store/`), the counterpart of sqlite/sqlite-tables.ts. Each transaction runs on one
 * pooled connection; `bind` gives the module's operations over it.
 */
import type { TaggedResourceKey, TaggedResourceKind } from '../resource-tag-cache.js';

export type PgRow = Record<string, unknown>;

/** One connection inside one transaction. Values are bound as $1, $2…; rows come back as plain objects. */
export interface PgQueryable {
  query<R extends PgRow = PgRow>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

export interface PgTables<Tx extends object> {
  /** Stable, the same as the module's SQLite name: `lbx_schema` records its applied migrations under it. */
  readonly name: string;
  /** Applied in order, each in its own transaction. Never edit a shipped migration: append one. */
  readonly migrations: readonly string[];
  /** Tables whose rows carry resource tags: a write to one invalidates the tag cache. */
  readonly taggedTables?: readonly string[];
  /** The kinds of resources whose tags `readTags` answers. */
  readonly tagKinds?: readonly TaggedResourceKind[];
  bind(db: PgQueryable): Tx;
  // Method syntax on purpose, as in SqliteTables: a module of `SqsTx` is usable where one of `object` is.
  readTags?(tx: Tx, key: TaggedResourceKey): Promise<Readonly<Record<string, string>> | undefined>;
}

type TxOf<M> = M extends PgTables<infer Tx> ? Tx : never;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The transaction type a list of modules adds up to. */
export type PgTablesTx<Ms extends readonly PgTables<object>[]> = Intersect<TxOf<Ms[number]>>;
