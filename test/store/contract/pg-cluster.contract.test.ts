/**
 * PostgreSQL only: several lambdabox nodes (stores) on one database admit executions at the same moment.
 * Reserved and unreserved concurrency must hold across them exactly (no admission may read a count another
 * has already outdated), and none of the cluster's writes may wake the other nodes' caches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { CHANGE_CHANNEL, PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { sqsPgTables } from '../../../src/services/sqs/store/sqs-pg-tables.js';
import type { ExecutionSlotRequest, SlotAdmission } from '../../../src/store/cluster-records.js';
import type { ContractStore } from './engines.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';

const ACCOUNT = '111111111111';

/** `count` started stores ("nodes") on one fresh database, after `prepare` ran on it. */
async function nodes(
  t: { after: (fn: () => Promise<void>) => void },
  count: number,
  prepare: (client: pg.Client, database: string) => Promise<void> = async () => undefined,
): Promise<{ stores: ContractStore[]; url: string }> {
  const db = await freshPostgresDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await prepare(client, decodeURIComponent(new URL(db.url).pathname.slice(1)));
  } finally {
    await client.end();
  }
  const stores: ContractStore[] = Array.from({ length: count }, () => PostgresStore.open({ url: db.url, modules: [sqsPgTables()] }));
  await Promise.all(stores.map((s) => s.start()));
  t.after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db.drop();
  });
  return { stores, url: db.url };
}

/** `total` admissions at once, spread over the nodes; each node's own pool runs several at a time. */
async function stampede(stores: readonly ContractStore[], total: number, request: (i: number) => ExecutionSlotRequest): Promise<SlotAdmission[]> {
  return Promise.all(
    Array.from({ length: total }, (_, i) => (stores[i % stores.length] as ContractStore).cluster.admitExecution(request(i))),
  );
}

function slot(i: number, overrides: Partial<ExecutionSlotRequest>): ExecutionSlotRequest {
  return {
    slotId: `slot-${i}`,
    nodeId: `node-${i % 3}`,
    accountId: ACCOUNT,
    functionName: 'fn',
    reserved: null,
    totalReserved: 0,
    accountLimit: 5,
    acquiredAt: 1_000,
    ...overrides,
  };
}

const tally = (results: readonly SlotAdmission[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
};

async function concurrentAdmissions(stores: readonly ContractStore[]): Promise<void> {
  const reserved = await stampede(stores, 60, (i) =>
    slot(i, { slotId: `r-${i}`, functionName: 'reserved-fn', reserved: 2, totalReserved: 2, accountLimit: 1_000 }),
  );
  assert.deepEqual(tally(reserved), { admitted: 2, ReservedFunctionConcurrentInvocationLimitExceeded: 58 });
  const pool = await stampede(stores, 60, (i) => slot(i, { slotId: `u-${i}`, functionName: `fn-${i % 4}` }));
  assert.deepEqual(tally(pool), { admitted: 5, ConcurrentInvocationLimitExceeded: 55 });
  const [a, b] = stores;
  assert.equal(await a?.cluster.countExecutions(ACCOUNT, 'reserved-fn'), 2);
  assert.equal(await b?.cluster.countExecutions(ACCOUNT), 5);

  // Release what was admitted, from any node, and the next stampede again admits exactly what fits.
  const release = async (results: readonly SlotAdmission[], prefix: string): Promise<void> => {
    for (const [i, result] of results.entries()) {
      if (result === 'admitted') await (stores[(i + 1) % stores.length] as ContractStore).cluster.releaseExecution(`${prefix}-${i}`);
    }
  };
  await release(reserved, 'r');
  await release(pool, 'u');
  assert.equal(await a?.cluster.countExecutions(ACCOUNT), 0);
  const again = await stampede(stores, 30, (i) =>
    slot(i, { slotId: `again-${i}`, functionName: 'reserved-fn', reserved: 3, totalReserved: 3, accountLimit: 1_000 }),
  );
  assert.equal(tally(again).admitted, 3);
}

test('three nodes admitting 60 executions at once admit exactly what the reservation and the unreserved pool allow', async (t) => {
  const { stores } = await nodes(t, 3);
  await concurrentAdmissions(stores);
});

test('admissions stay exact when the database runs sessions at SERIALIZABLE by default', async (t) => {
  const { stores } = await nodes(t, 3, async (client, database) => {
    await client.query(`ALTER DATABASE "${database.replaceAll('"', '""')}" SET default_transaction_isolation = 'serializable'`);
  });
  await concurrentAdmissions(stores);
});

test("the cluster's writes notify no cache: heartbeats, admissions, releases and reaping stay off the change channel", async (t) => {
  const { stores, url } = await nodes(t, 2);
  const [a, b] = stores as [ContractStore, ContractStore];
  const listener = new pg.Client({ connectionString: url });
  // Ended before the database is dropped (after hooks run in order); a drop would end it for us.
  listener.on('error', () => undefined);
  await listener.connect();
  try {
    await quietCluster(a, b, listener);
  } finally {
    await listener.end();
  }
});

async function quietCluster(a: ContractStore, b: ContractStore, listener: pg.Client): Promise<void> {
  const heard: string[] = [];
  let sentinel: () => void = () => undefined;
  const sentinelHeard = new Promise<void>((resolve) => (sentinel = resolve));
  listener.on('notification', (message) => {
    heard.push(message.payload ?? '');
    if (message.payload === 'policies') sentinel();
  });
  await listener.query(`LISTEN ${CHANGE_CHANNEL}`);

  for (let beat = 0; beat < 5; beat++) {
    await a.cluster.heartbeat({
      nodeId: 'node-a',
      url: 'http://a:9700',
      startedAt: 1,
      heartbeatAt: beat,
      expiresAt: 10 + beat,
      inFlight: beat,
      warm: { k: beat },
    });
    await b.cluster.heartbeat({ nodeId: 'node-b', url: 'http://b:9700', startedAt: 1, heartbeatAt: beat, expiresAt: 10, inFlight: 0, warm: {} });
  }
  assert.equal(await a.cluster.admitExecution(slot(1, { nodeId: 'node-b' })), 'admitted');
  await a.cluster.releaseExecution('slot-1');
  assert.equal(await a.cluster.admitExecution(slot(2, { nodeId: 'node-b' })), 'admitted');
  assert.equal(await a.cluster.claimKeyCheck('check'), 'check');
  assert.equal((await a.cluster.reapNode('node-b', 1_000)).reaped, true);
  assert.equal((await b.cluster.resetNode('node-a', 1_000)).reaped, true);
  // A change that does notify, after all of the above: once it is heard, anything earlier would have been.
  await b.transact((tx) =>
    tx.putResourcePolicy({ accountId: ACCOUNT, kind: 'function', name: 'fn', qualifier: '', policy: '{"Statement":[]}', revisionId: 'rev-1' }),
  );
  await sentinelHeard;
  assert.deepEqual(heard, ['policies']);
}
