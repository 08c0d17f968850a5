/**
 * The store contract suite runs every test on each engine: the embedded SQLite store and PostgreSQL (a
 * fresh database per store on the run's server, see helpers/postgres-cluster.ts). A contract test gets a
 * started store with the core's, SQS's and the configuration history's tables and must not know which engine it has.
 */
import { describe } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store, StoreTx } from '../../../src/store/store.js';
import type { SqsTx } from '../../../src/services/sqs/store/sqs-tx.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { sqsTables } from '../../../src/services/sqs/store/sqs-tables.js';
import { sqsPgTables } from '../../../src/services/sqs/store/sqs-pg-tables.js';
import type { ConfigTx } from '../../../src/services/config/store/config-tx.js';
import { configTables } from '../../../src/services/config/store/config-tables.js';
import { configPgTables } from '../../../src/services/config/store/config-pg-tables.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';

export type ContractStore = Store<StoreTx & SqsTx>;
/** What the engines open: the contract tables and the configuration history's (config.contract.test.ts). */
export type FullContractStore = Store<StoreTx & SqsTx & ConfigTx>;

export interface OpenedStore {
  readonly store: FullContractStore;
  /** Closes this store and opens another on the same data (a restart). */
  reopen(): Promise<FullContractStore>;
  /** Closes the store and removes its data. */
  close(): Promise<void>;
}

export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<OpenedStore>;
}

const sqlite: Engine = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'lbx-contract-'));
    const path = join(dir, 'lambdabox.db');
    let store: FullContractStore = SqliteStore.open({ path, modules: [sqsTables(), configTables()] });
    await store.start();
    return {
      get store() {
        return store;
      },
      async reopen() {
        await store.close();
        store = SqliteStore.open({ path, modules: [sqsTables(), configTables()] });
        await store.start();
        return store;
      },
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Engine = {
  name: 'postgres',
  async open() {
    const db = await freshPostgresDatabase();
    let store: FullContractStore = PostgresStore.open({ url: db.url, modules: [sqsPgTables(), configPgTables()] });
    await store.start();
    return {
      get store() {
        return store;
      },
      async reopen() {
        await store.close();
        store = PostgresStore.open({ url: db.url, modules: [sqsPgTables(), configPgTables()] });
        await store.start();
        return store;
      },
      async close() {
        await store.close();
        await db.drop();
      },
    };
  },
};

export const ENGINES: readonly Engine[] = [sqlite, postgres];

/** Declares `body`'s tests once per engine, in a describe named after it. */
export function forEachEngine(body: (engine: Engine) => void): void {
  for (const engine of ENGINES) describe(engine.name, () => body(engine));
}
