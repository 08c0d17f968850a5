/**
 * SQLite implementation of the store: one better-sqlite3 connection in WAL mode with
 * synchronous=FULL, so a committed transaction survives a crash of the process or the machine.
 * Transactions are serialized by a mutex: the closure's awaits only ever resolve store calls, so
 * holding the lock across them costs microseconds.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store, StoreTx } from '../store.js';
import { Mutex } from '../../shared/mutex.js';
import { MIGRATIONS } from './migrations.js';
import { narrowDatabaseFiles, preparePrivateDatabase } from './private-files.js';
import { sqsSql } from './sqs-sql.js';
import { accountsSql } from './accounts-sql.js';
import { functionsSql } from './functions-sql.js';
import { aliasesSql } from './aliases-sql.js';
import { layersSql } from './layers-sql.js';
import { eventInvokeConfigsSql } from './event-invoke-configs-sql.js';
import { resourcePoliciesSql } from './resource-policies-sql.js';
import { asyncQueueSql } from './async-queue-sql.js';
import { iamSql } from './iam-sql.js';
import type { ResourcePolicyKey } from '../resource-policy-cache.js';
import { ResourcePolicyCache } from '../resource-policy-cache.js';

export class StoreClosedError extends Error {
  constructor() {
    super('the store is closed');
    this.name = 'StoreClosedError';
  }
}

export class SqliteStore implements Store {
  readonly #path: string;
  readonly #mutex = new Mutex();
  #db: Database.Database | undefined;
  #tx: StoreTx | undefined;
  readonly #policies = new ResourcePolicyCache();

  constructor(options: { readonly path: string }) {
    this.#path = options.path;
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
    migrate(db);
    watchResourcePolicies(db, this.#policies);
    this.#policies.changed();
    this.#db = db;
    this.#tx = {
      ...accountsSql(db),
      ...sqsSql(db),
      ...functionsSql(db),
      ...aliasesSql(db),
      ...layersSql(db),
      ...eventInvokeConfigsSql(db),
      ...resourcePoliciesSql(db),
      ...asyncQueueSql(db),
      ...iamSql(db),
    };
  }

  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
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

  async readResourcePolicies(keys: readonly ResourcePolicyKey[]): Promise<Array<string | undefined>> {
    const out: Array<string | undefined> = [];
    let missing = false;
    for (const key of keys) {
      const hit = this.#policies.get(key);
      if (hit === undefined) missing = true;
      out.push(hit ?? undefined);
    }
    if (!missing) return out;
    return this.transact(async (tx) => {
      // Taken inside the transaction: no write can be in flight (see ResourcePolicyCache).
      const generation = this.#policies.generation;
      const read: Array<string | undefined> = [];
      for (const key of keys) {
        const record = await tx.getResourcePolicy(key.accountId, key.kind, key.name, key.qualifier);
        this.#policies.remember(key, generation, record?.policy ?? null);
        read.push(record?.policy);
      }
      return read;
    });
  }

  async close(): Promise<void> {
    // Wait for the transaction in flight, then close; later calls fail with StoreClosedError.
    await this.#mutex.runWith(() => {
      this.#db?.close();
      this.#db = undefined;
      // Nothing is served from memory once closed (later calls fail like every other one).
      this.#policies.changed();
      this.#tx = undefined;
    });
  }
}

/**
 * Connection-local (TEMP) triggers tell the cache about every change to resource_policies, whatever
 * statement made it: AddPermission and friends, and the triggers that delete a policy with its function,
 * version, alias or layer version. TEMP keeps them out of the database file and its migrations.
 */
function watchResourcePolicies(db: Database.Database, cache: ResourcePolicyCache): void {
  db.function('lbx_resource_policy_changed', { deterministic: false, directOnly: false }, () => {
    cache.changed();
    return null;
  });
  for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
    db.exec(
      `CREATE TEMP TRIGGER IF NOT EXISTS lbx_resource_policies_${event.toLowerCase()} AFTER ${event} ON main.resource_policies ` +
        'BEGIN SELECT lbx_resource_policy_changed(); END',
    );
  }
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let i = current; i < MIGRATIONS.length; i++) {
    const sql = MIGRATIONS[i];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
