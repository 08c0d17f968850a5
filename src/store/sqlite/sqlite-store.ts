/**
 * SQLite implementation of the store: one better-sqlite3 connection in WAL mode with
 * synchronous=FULL, so a committed transaction survives a crash of the process or the machine.
 * Transactions are serialized by a mutex: the closure's awaits only ever resolve store calls, so
 * holding the lock across them costs microseconds.
 */
import { mergeModuleTx } from '../module-tx.js';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store, StoreTx } from '../store.js';
import { Mutex } from '../../shared/mutex.js';
import { narrowDatabaseFiles, preparePrivateDatabase } from '../../shared/private-files.js';
import { coreTables } from './core-tables.js';
import { migrateModules } from './schema.js';
import type { SqliteTables, TablesTx } from './sqlite-tables.js';
import type { ResourcePolicyKey } from '../resource-policy-cache.js';
import { ResourcePolicyCache } from '../resource-policy-cache.js';
import type { TaggedResourceKey } from '../resource-tag-cache.js';
import { ResourceTagCache } from '../resource-tag-cache.js';
import type { GenerationCache } from '../generation-cache.js';
import { LambdaboxError } from '../../shared/errors/lambdabox-error.js';
import type { ClusterStore } from '../cluster-records.js';
import { clusterSql } from './cluster-sql.js';

export class StoreClosedError extends LambdaboxError {
  constructor() {
    super('ERR_STORE_CLOSED', 'the store is closed');
  }
}

/**
 * The core's tables plus each service's module: `SqliteStore.open({ path, modules: [sqsTables()] })` is a
 * `Store<StoreTx & SqsTx>`. Without modules it serves the core alone.
 */
export class SqliteStore<Tx extends StoreTx = StoreTx> implements Store<Tx> {
  readonly #path: string;
  readonly #modules: readonly SqliteTables<object>[];
  readonly #mutex = new Mutex();
  #db: Database.Database | undefined;
  #tx: Tx | undefined;
  #cluster: ClusterStore | undefined;
  readonly #policies = new ResourcePolicyCache();
  readonly #tags = new ResourceTagCache();
  /**
   * Each call takes its turn with the transactions (the mutex): on the one connection, a statement run
   * while a transaction's closure awaits would otherwise become part of that transaction.
   */
  readonly cluster: ClusterStore = serializedCluster(this.#mutex, () => this.#cluster);

  static open<Ms extends readonly SqliteTables<object>[]>(options: {
    readonly path: string;
    readonly modules: Ms;
  }): SqliteStore<StoreTx & TablesTx<Ms>> {
    return new SqliteStore<StoreTx & TablesTx<Ms>>(options.path, options.modules);
  }

  constructor(options: { readonly path: string } | string, modules: readonly SqliteTables<object>[] = []) {
    this.#path = typeof options === 'string' ? options : options.path;
    this.#modules = [coreTables(), ...modules];
  }

  async start(): Promise<void> {
    mkdirSync(dirname(this.#path), { recursive: true, mode: 0o700 });
    preparePrivateDatabase(this.#path);
    const db = new Database(this.#path);
    db.pragma('journal_mode = WAL');
    narrowDatabaseFiles(this.#path);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrateModules(db, this.#modules);
    watchTables(db, 'lbx_resource_policy_changed', ['resource_policies'], this.#policies);
    watchTables(db, 'lbx_resource_tags_changed', this.#modules.flatMap((m) => m.taggedTables ?? []), this.#tags);
    this.#policies.changed();
    this.#tags.changed();
    this.#db = db;
    // Each module's statements over the same connection; the modules' types add up to Tx (see `open`).
    this.#tx = mergeModuleTx(this.#modules.map((m) => ({ module: m.name, tx: m.bind(db) }))) as Tx;
    this.#cluster = clusterSql(db);
  }

  transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.#mutex.runWith(async () => {
      const db = this.#db;
      const tx = this.#tx;
      if (db === undefined || tx === undefined) throw new StoreClosedError();
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  readResourcePolicies(keys: readonly ResourcePolicyKey[]): Promise<Array<string | undefined>> {
    return this.#readThrough(this.#policies, keys, async (tx, key) => (await tx.getResourcePolicy(key.accountId, key.kind, key.name, key.qualifier))?.policy);
  }

  readResourceTags(keys: readonly TaggedResourceKey[]): Promise<Array<Readonly<Record<string, string>> | undefined>> {
    return this.#readThrough(this.#tags, keys, (tx, key) => this.#readTags(tx, key));
  }

  /**
   * Serves `keys` from `cache`, or, if any is missing, reads them all in one transaction and remembers them
   * (absence as null). The generation is taken inside the transaction: no write can be in flight then (see
   * ResourcePolicyCache), so nothing stale is ever remembered.
   */
  async #readThrough<K, V>(
    cache: GenerationCache<K, V | null>,
    keys: readonly K[],
    read: (tx: Tx, key: K) => Promise<V | undefined>,
  ): Promise<Array<V | undefined>> {
    const hits = keys.map((key) => cache.get(key));
    if (hits.every((hit) => hit !== undefined)) return hits.map((hit) => hit ?? undefined);
    return this.transact(async (tx) => {
      const generation = cache.generation;
      const values: Array<V | undefined> = [];
      for (const key of keys) {
        const value = await read(tx, key);
        cache.remember(key, generation, value ?? null);
        values.push(value);
      }
      return values;
    });
  }

  #readTags(tx: Tx, key: TaggedResourceKey): Promise<Readonly<Record<string, string>> | undefined> {
    const module = this.#modules.find((m) => m.tagKinds?.includes(key.kind) === true);
    return module?.readTags?.(tx, key) ?? Promise.resolve(undefined);
  }

  /** Only this process writes the file: its own writes invalidate its caches directly. */
  watchChanges(_topic: 'iam', _listener: () => void): void {}

  async close(): Promise<void> {
    // Wait for the transaction in flight, then close; later calls fail with StoreClosedError.
    await this.#mutex.runWith(() => {
      this.#db?.close();
      this.#db = undefined;
      // Nothing is served from memory once closed (later calls fail like every other one).
      this.#policies.changed();
      this.#tags.changed();
      this.#tx = undefined;
      this.#cluster = undefined;
    });
  }
}

/**
 * Connection-local (TEMP) triggers tell a cache about every change to its tables, whatever statement made
 * it: AddPermission and friends, and the triggers that delete a policy with its function, version, alias or
 * layer version; every write of a tagged resource. TEMP keeps them out of the database file and its migrations.
 */
function watchTables<K, V>(db: Database.Database, fn: string, tables: readonly string[], cache: GenerationCache<K, V>): void {
  db.function(fn, { deterministic: false, directOnly: false }, () => {
    cache.changed();
    return null;
  });
  for (const table of tables) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS ${fn}_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table} ` +
          `BEGIN SELECT ${fn}(); END`,
      );
    }
  }
}

/** `current`'s operations, one at a time with the store's transactions; StoreClosedError while closed. */
function serializedCluster(mutex: Mutex, current: () => ClusterStore | undefined): ClusterStore {
  const run = <T>(op: (cluster: ClusterStore) => Promise<T>): Promise<T> =>
    mutex.runWith(() => {
      const cluster = current();
      if (cluster === undefined) throw new StoreClosedError();
      return op(cluster);
    });
  return {
    heartbeat: (record) => run((c) => c.heartbeat(record)),
    listNodes: () => run((c) => c.listNodes()),
    reapNode: (nodeId, now) => run((c) => c.reapNode(nodeId, now)),
    resetNode: (nodeId, now) => run((c) => c.resetNode(nodeId, now)),
    admitExecution: (request) => run((c) => c.admitExecution(request)),
    releaseExecution: (slotId) => run((c) => c.releaseExecution(slotId)),
    countExecutions: (accountId, functionName) => run((c) => c.countExecutions(accountId, functionName)),
    claimKeyCheck: (value) => run((c) => c.claimKeyCheck(value)),
  };
}
