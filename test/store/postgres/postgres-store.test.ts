/**
 * What only the PostgreSQL store has to get right: several stores (nodes) on one database. Their
 * conflicting transactions are retried, not lost; a change one node commits reaches the other's caches;
 * nodes starting together migrate once; a newer schema and an unreachable server are refused, and the
 * refusal never shows the URL's password.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { sqsPgTables } from '../../../src/services/sqs/store/sqs-pg-tables.js';
import { PG_CORE_MIGRATIONS } from '../../../src/store/postgres/migrations.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';
import type { FunctionRecord } from '../../../src/store/records.js';

const ACCOUNT = '111111111111';
const fn = (name: string, lastVersion = 0): FunctionRecord => ({
  accountId: ACCOUNT,
  name,
  createdAt: '2026-12-07T00:00:00.000+0000',
  tags: {},
  reservedConcurrency: null,
  lastVersion,
});

async function nodes(count: number): Promise<{ stores: PostgresStore[]; url: string; close: () => Promise<void> }> {
  const db = await freshPostgresDatabase();
  const stores = Array.from({ length: count }, () => PostgresStore.open({ url: db.url, modules: [sqsPgTables()] }));
  // Started together: the migration lock makes them take turns.
  await Promise.all(stores.map((s) => s.start()));
  return {
    stores,
    url: db.url,
    close: async () => {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    },
  };
}

/** Waits for a notification to cross between nodes: a generous cap, never a window to hit. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail('the other node never saw the change');
}

test('two nodes starting at once migrate once', async (t) => {
  const cluster = await nodes(2);
  t.after(() => cluster.close());
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  const rows = (await client.query<{ module: string; applied: number }>('SELECT module, applied FROM lbx_schema ORDER BY module')).rows;
  await client.end();
  assert.deepEqual(rows, [
    { module: 'core', applied: PG_CORE_MIGRATIONS.length },
    { module: 'sqs', applied: rows.find((r) => r.module === 'sqs')?.applied ?? -1 },
  ]);
  assert.ok((rows[1]?.applied ?? 0) >= 1);
});

test("conflicting read-modify-writes from two nodes all land (serialization failures are retried)", async (t) => {
  const cluster = await nodes(2);
  t.after(() => cluster.close());
  const [a, b] = cluster.stores as [PostgresStore, PostgresStore];
  await a.transact((tx) => tx.putFunction(fn('counter')));
  const bump = (store: PostgresStore) => (): Promise<void> =>
    store.transact(async (tx) => {
      const current = await tx.getFunction(ACCOUNT, 'counter');
      assert.ok(current !== undefined);
      await tx.putFunction({ ...current, lastVersion: current.lastVersion + 1 });
    });
  await Promise.all([...Array.from({ length: 30 }, bump(a)), ...Array.from({ length: 30 }, bump(b))]);
  assert.equal((await b.transact((tx) => tx.getFunction(ACCOUNT, 'counter')))?.lastVersion, 60);
});

test("a policy or tag change on one node reaches the other node's caches", async (t) => {
  const cluster = await nodes(2);
  t.after(() => cluster.close());
  const [a, b] = cluster.stores as [PostgresStore, PostgresStore];
  const key = { accountId: ACCOUNT, kind: 'function', name: 'shared', qualifier: '' } as const;
  const tagKey = { kind: 'function', accountId: ACCOUNT, name: 'shared' } as const;
  await a.transact((tx) => tx.putFunction(fn('shared')));
  // b remembers "no policy" and the empty tags.
  assert.deepEqual(await b.readResourcePolicies([key]), [undefined]);
  assert.deepEqual(await b.readResourceTags([tagKey]), [{}]);
  await a.transact(async (tx) => {
    await tx.putResourcePolicy({ ...key, policy: '{"Statement":[]}', revisionId: '' });
    await tx.putFunction({ ...fn('shared'), tags: { team: 'x' } });
  });
  // a sees its own change at once; b as soon as the notification arrives.
  assert.deepEqual(await a.readResourcePolicies([key]), ['{"Statement":[]}']);
  await eventually(async () => (await b.readResourcePolicies([key]))[0] === '{"Statement":[]}');
  await eventually(async () => (await b.readResourceTags([tagKey]))[0]?.['team'] === 'x');
});

test('a database migrated by a newer lambdabox is refused', async (t) => {
  const db = await freshPostgresDatabase();
  t.after(() => db.drop());
  const first = PostgresStore.open({ url: db.url, modules: [] });
  await first.start();
  await first.close();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query("UPDATE lbx_schema SET applied = 99 WHERE module = 'core'");
  await client.end();
  const second = PostgresStore.open({ url: db.url, modules: [] });
  await assert.rejects(second.start(), { code: 'ERR_SCHEMA_TOO_NEW' });
  await second.close();
});

test('an unreachable server is refused with a config error that does not show the password', async () => {
  const db = await freshPostgresDatabase();
  await db.drop();
  const url = new URL(db.url);
  url.password = 'sekrit-password-value';
  const store = PostgresStore.open({ url: url.toString(), modules: [] });
  await assert.rejects(store.start(), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'ERR_CONFIG');
    assert.doesNotMatch(err.message, /sekrit-password-value/);
    return true;
  });
  await store.close();
});
