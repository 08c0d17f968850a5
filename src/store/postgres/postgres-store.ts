/**
 * PostgreSQL implementation of the store, for lambdabox nodes that outgrow one machine's SQLite file. A
 * pooled `pg` connection per transaction, at SERIALIZABLE: the same all-or-nothing, as-if-one-at-a-time
 * guarantee the SQLite store gives. Within one node transactions also take turns (a mutex, as in SQLite),
 * so a node never conflicts with itself; a conflict with another node (SQLSTATE 40001/40P01) rolls back
 * and runs the closure again on a fresh snapshot, which the Store contract allows (closures do no I/O
 * other than through `tx`).
 *
 * The resource-policy and tag caches learn of a change the way SQLite's TEMP triggers tell them: statement
 * triggers on the watched tables set a transaction-local flag, read just before COMMIT, so this node's
 * next call sees the change; they also `pg_notify`, so other nodes' caches drop what they hold.
 *
 * The cluster's shared state (`cluster`, cluster-sql.ts) is no part of those transactions: autocommit
 * statements on the pool, serialized per account by an advisory lock where they must be.
 */
import { mergeModuleTx } from '../module-tx.js';
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Store, StoreTx } from '../store.js';
import { Mutex } from '../../shared/mutex.js';
import { LambdaboxError } from '../../shared/errors/lambdabox-error.js';
import type { ResourcePolicyKey } from '../resource-policy-cache.js';
import { ResourcePolicyCache } from '../resource-policy-cache.js';
import type { TaggedResourceKey } from '../resource-tag-cache.js';
import { ResourceTagCache } from '../resource-tag-cache.js';
import type { GenerationCache } from '../generation-cache.js';
import type { PgQueryable, PgRow, PgTables, PgTablesTx } from './pg-tables.js';
import { pgCoreTables } from './core-tables.js';
import { migratePgModules } from './pg-schema.js';
import { StoreClosedError } from '../sqlite/sqlite-store.js';
import type { ClusterStore } from '../cluster-records.js';
import { clusterPg } from './cluster-sql.js';

/** Serialization failure and deadlock: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 10;
const CHANNEL = 'lbx_changed';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (never logged: it may hold a password). */
  readonly url: string;
  /** Pooled connections (default 4: transactions take turns within a node, the rest serve the cluster's calls and start). */
  readonly poolSize?: number;
}

export class PostgresConnectionError extends LambdaboxError {
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_CONFIG', message, options);
  }
}

export class PostgresStore<Tx extends StoreTx = StoreTx> implements Store<Tx> {
  readonly #options: PostgresStoreOptions;
  readonly #modules: readonly PgTables<object>[];
  #namesChecked = false;
  readonly #mutex = new Mutex();
  readonly #policies = new ResourcePolicyCache();
  readonly #tags = new ResourceTagCache();
  #pool: pg.Pool | undefined;
  #listener: pg.Client | undefined;
  /** While false (no LISTEN connection), other nodes' changes go unheard: nothing is served from memory. */
  #listening = false;
  readonly #iamWatchers = new Set<() => void>();
  #closed = false;
  #reconnect: NodeJS.Timeout | undefined;
  /**
   * Outside the mutex and the serializable transactions: each call is an autocommit statement on any pooled
   * connection (see cluster-sql.ts), so heartbeats and admissions never wait for this node's transactions.
   */
  readonly cluster: ClusterStore = clusterPg({
    query: (text, values) => queryable(this.#livePool()).query(text, values),
    readCommitted: (fn) => this.#readCommitted(fn),
  });

  static open<Ms extends readonly PgTables<object>[]>(options: PostgresStoreOptions & { readonly modules: Ms }): PostgresStore<StoreTx & PgTablesTx<Ms>> {
    return new PostgresStore<StoreTx & PgTablesTx<Ms>>(options, options.modules);
  }

  constructor(options: PostgresStoreOptions, modules: readonly PgTables<object>[] = []) {
    this.#options = options;
    this.#modules = [pgCoreTables(), ...modules];
  }

  async start(): Promise<void> {
    const pool = new pg.Pool({
      connectionString: this.#options.url,
      max: this.#options.poolSize ?? 4,
      // COUNT/SUM and BIGINT columns come back as numbers: every value lambdabox stores is below 2^53.
      types: { getTypeParser: numericParser },
    });
    // An idle pooled connection that dies (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    this.#pool = pool;
    try {
      const client = await pool.connect();
      try {
        await migratePgModules(queryable(client), this.#modules, (sql) => client.query(sql));
      } finally {
        client.release();
      }
      await this.#listen();
    } catch (err) {
      this.#pool = undefined;
      await pool.end().catch(() => undefined);
      throw connectionError(err);
    }
    this.#policies.changed();
    this.#tags.changed();
  }

  transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.#mutex.runWith(async () => {
      const pool = this.#pool;
      if (pool === undefined) throw new StoreClosedError();
      const client = await pool.connect();
      let broken: unknown;
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            return await this.#once(client, fn);
          } catch (err) {
            if (!RETRYABLE.has(sqlState(err)) || attempt >= MAX_ATTEMPTS) throw err;
            await delay(Math.random() * 5 * attempt);
          }
        }
      } catch (err) {
        // A connection that failed outside SQL (reset, timeout) is not handed to the next transaction.
        if (sqlState(err) === '') broken = err;
        throw err;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    });
  }

  async #once<T>(client: pg.PoolClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
    await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    // The first statement that failed: from then on PostgreSQL refuses every statement of the transaction
    // (25P02), so whatever the closure made of it (group commit catches each operation's error and goes on),
    // the transaction fails with that error — and is run again when it is a serialization failure.
    let failed: unknown;
    const base = queryable(client);
    const watched: PgQueryable = {
      async query(text, values) {
        try {
          return await base.query(text, values);
        } catch (err) {
          failed ??= err;
          throw err;
        }
      },
    };
    try {
      const tx = this.#bind(watched);
      const result = await fn(tx);
      if (failed !== undefined) throw failed;
      const flags = await client.query<{ policies: string | null; tags: string | null }>(
        "SELECT current_setting('lbx.changed_policies', true) AS policies, current_setting('lbx.changed_tags', true) AS tags",
      );
      await client.query('COMMIT');
      const row = flags.rows[0];
      if (row?.policies === '1') this.#policies.changed();
      if (row?.tags === '1') this.#tags.changed();
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw failed !== undefined && RETRYABLE.has(sqlState(failed)) ? failed : err;
    }
  }

  #livePool(): pg.Pool {
    const pool = this.#pool;
    if (pool === undefined) throw new StoreClosedError();
    return pool;
  }

  async #readCommitted<T>(fn: (db: PgQueryable) => Promise<T>): Promise<T> {
    const client = await this.#livePool().connect();
    let broken: unknown;
    try {
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      try {
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } catch (err) {
      if (sqlState(err) === '') broken = err;
      throw err;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  #bind(db: PgQueryable): Tx {
    const parts = this.#modules.map((m) => ({ module: m.name, tx: m.bind(db) }));
    // The modules' method names are checked on the first transaction; they never change afterwards.
    if (!this.#namesChecked) {
      mergeModuleTx(parts);
      this.#namesChecked = true;
    }
    return Object.assign({}, ...parts.map((p) => p.tx)) as Tx;
  }

  readResourcePolicies(keys: readonly ResourcePolicyKey[]): Promise<Array<string | undefined>> {
    return this.#readThrough(this.#policies, keys, async (tx, key) => (await tx.getResourcePolicy(key.accountId, key.kind, key.name, key.qualifier))?.policy);
  }

  readResourceTags(keys: readonly TaggedResourceKey[]): Promise<Array<Readonly<Record<string, string>> | undefined>> {
    return this.#readThrough(this.#tags, keys, (tx, key) => {
      const module = this.#modules.find((m) => m.tagKinds?.includes(key.kind) === true);
      return module?.readTags?.(tx, key) ?? Promise.resolve(undefined);
    });
  }

  /**
   * As in the SQLite store. The generation is taken before the transaction's first read: a change committed
   * after that bumps it, so what this read saw is never remembered as current.
   */
  async #readThrough<K, V>(
    cache: GenerationCache<K, V | null>,
    keys: readonly K[],
    read: (tx: Tx, key: K) => Promise<V | undefined>,
  ): Promise<Array<V | undefined>> {
    if (!this.#listening) cache.changed();
    const hits = keys.map((key) => cache.get(key));
    if (hits.every((hit) => hit !== undefined)) return hits.map((hit) => hit ?? undefined);
    // Remembered once committed: an attempt that is rolled back and run again (a serialization failure) leaves
    // nothing in the cache; the committed attempt's generation decides, as before.
    const { generation, values } = await this.transact(async (tx) => {
      const attempt = { generation: cache.generation, values: [] as Array<V | undefined> };
      for (const key of keys) attempt.values.push(await read(tx, key));
      return attempt;
    });
    keys.forEach((key, i) => cache.remember(key, generation, values[i] ?? null));
    return values;
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.url });
    client.on('notification', (message) => {
      if (message.payload === 'policies') this.#policies.changed();
      else if (message.payload === 'iam') this.#iamChanged();
      else this.#tags.changed();
    });
    client.on('error', () => this.#lostListener(client));
    client.on('end', () => this.#lostListener(client));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.#listener = client;
    this.#listening = true;
    // Whatever changed while nobody listened is forgotten now.
    this.#policies.changed();
    this.#tags.changed();
    this.#iamChanged();
  }

  watchChanges(_topic: 'iam', listener: () => void): void {
    this.#iamWatchers.add(listener);
  }

  #iamChanged(): void {
    for (const listener of this.#iamWatchers) listener();
  }

  #lostListener(client: pg.Client): void {
    if (this.#listener !== client) return;
    this.#listener = undefined;
    this.#listening = false;
    // Changes made until the listener is back go unheard: what the watchers hold may already be stale.
    this.#iamChanged();
    client.end().catch(() => undefined);
    if (this.#closed || this.#reconnect !== undefined) return;
    this.#reconnect = setTimeout(() => {
      this.#reconnect = undefined;
      if (this.#closed) return;
      this.#listen().catch(() => this.#lostListener(client));
    }, 1000);
    this.#reconnect.unref();
  }

  async close(): Promise<void> {
    await this.#mutex.runWith(async () => {
      this.#closed = true;
      if (this.#reconnect !== undefined) clearTimeout(this.#reconnect);
      const pool = this.#pool;
      const listener = this.#listener;
      this.#pool = undefined;
      this.#listener = undefined;
      this.#listening = false;
      this.#policies.changed();
      this.#tags.changed();
      await listener?.end().catch(() => undefined);
      await pool?.end();
    });
  }
}

/** The channel's name, for the triggers that notify it (pg-schema.ts). */
export const CHANGE_CHANNEL = CHANNEL;

/** Over a pool, each statement runs on its own (autocommit) on whichever connection is free. */
/**
 * PostgreSQL text cannot hold NUL, so no stored row has one: a lookup or delete by a value holding NUL
 * matches nothing, as on SQLite, instead of failing the whole transaction with 22021 (a 500 for what is
 * bad input). Writes are not covered: they must refuse such text themselves (hasNul), never drop it.
 */
function cannotMatch(text: string, values: readonly unknown[] | undefined): boolean {
  if (values === undefined || !/^\s*(SELECT|DELETE)\b/i.test(text) || /\blbx_\w+\s*\(/.test(text)) return false;
  return values.some((v) => (typeof v === 'string' && v.includes('\u0000')) || (Array.isArray(v) && v.some((x) => typeof x === 'string' && x.includes('\u0000'))));
}

function queryable(client: pg.ClientBase | pg.Pool): PgQueryable {
  return {
    async query<R extends PgRow = PgRow>(text: string, values?: readonly unknown[]): Promise<R[]> {
      if (cannotMatch(text, values)) return [];
      // Named, so each connection parses and plans a statement once.
      const name = `lbx_${createHash('sha1').update(text).digest('base64url')}`;
      const result = await client.query<R>({ name, text, values: values === undefined ? [] : [...values] });
      return result.rows;
    },
  };
}

function numericParser(oid: number, format?: string): (value: string) => unknown {
  // int8 (COUNT, BIGINT) and numeric (SUM over BIGINT)
  if (oid === 20 || oid === 1700) return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, (format ?? 'text') as 'text');
}

function sqlState(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : '';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The URL may hold a password: only the failure's kind and the host travel, never the URL. */
function connectionError(err: unknown): unknown {
  if (err instanceof LambdaboxError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new PostgresConnectionError(`cannot use the PostgreSQL store: ${message}`, { cause: err });
}
