/**
 * PostgreSQL only: several lambdabox nodes share one database. Each node leases async events (and receives
 * SQS messages) in its own transactions; across nodes no event or message may be taken twice, and a node
 * must not wait on the rows another node's open transaction has locked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { sqsPgTables } from '../../../src/services/sqs/store/sqs-pg-tables.js';
import type { AsyncEventRecord } from '../../../src/store/async-records.js';
import type { ContractStore } from './engines.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';

const NOW = 10_000;
const LEASE_UNTIL = 1_000_000;

function event(i: number): AsyncEventRecord {
  return {
    requestId: `req-${String(i).padStart(4, '0')}`,
    accountId: '111111111111',
    functionName: `fn-${i % 3}`,
    qualifier: null,
    payloadSealed: Buffer.from(`payload ${i}`),
    enqueuedAt: 1_000,
    attempts: 0,
    backoffs: 0,
    visibleAt: 1_000 + (i % 17),
    leaseOwner: null,
    phase: 'invoke',
    outcomeSealed: null,
    traceHeader: null,
  };
}

/** Two started stores ("nodes") on one fresh database. */
async function twoNodes(t: { after: (fn: () => Promise<void>) => void }): Promise<[ContractStore, ContractStore]> {
  const db = await freshPostgresDatabase();
  const a: ContractStore = PostgresStore.open({ url: db.url, modules: [sqsPgTables()] });
  const b: ContractStore = PostgresStore.open({ url: db.url, modules: [sqsPgTables()] });
  // Both at once: the migration lock makes them take turns.
  await Promise.all([a.start(), b.start()]);
  t.after(async () => {
    await Promise.all([a.close(), b.close()]);
    await db.drop();
  });
  return [a, b];
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs `step` on both nodes at once, round after round, until both find nothing more. Each round's two
 * transactions overlap; the one that loses a serialization conflict runs again (PostgresStore retries) while
 * the winner waits for the next round, so both nodes make progress. (A node leasing back to back without
 * pause can starve the other: SERIALIZABLE aborts the later of two overlapping leases, see the report.)
 */
async function inRounds(a: ContractStore, b: ContractStore, step: (store: ContractStore, node: string) => Promise<number>): Promise<[number, number]> {
  let [roundsA, roundsB] = [0, 0];
  for (let round = 0; round < 1_000; round++) {
    const [takenA, takenB] = await Promise.all([step(a, 'node-a'), step(b, 'node-b')]);
    if (takenA > 0) roundsA++;
    if (takenB > 0) roundsB++;
    if (takenA === 0 && takenB === 0) return [roundsA, roundsB];
  }
  throw new Error('the queue never drained');
}

test('two nodes leasing concurrently lease every event exactly once', async (t) => {
  const [a, b] = await twoNodes(t);
  const total = 150;
  await a.transact((tx) => tx.insertAsyncEvents(Array.from({ length: total }, (_, i) => event(i))));
  const leasedBy = new Map<string, string[]>();
  const [roundsA, roundsB] = await inRounds(a, b, async (store, owner) => {
    const leased = await store.transact((tx) => tx.leaseAsyncEvents({ owner, now: NOW, leaseUntil: LEASE_UNTIL, limit: 4, excludeFunctions: [] }));
    for (const e of leased) {
      assert.equal(e.leaseOwner, owner);
      leasedBy.set(e.requestId, [...(leasedBy.get(e.requestId) ?? []), owner]);
    }
    return leased.length;
  });
  assert.equal(leasedBy.size, total, 'every event was leased');
  assert.deepEqual([...leasedBy].filter(([, owners]) => owners.length !== 1), [], 'no event was leased twice');
  assert.ok(roundsA > 0 && roundsB > 0, `both nodes leased (a in ${roundsA}, b in ${roundsB} rounds)`);
  // What the nodes were told is what the database holds.
  await b.transact(async (tx) => {
    assert.equal(await tx.countAsyncEvents(), total);
    for (const [requestId, [owner]] of leasedBy) {
      const stored = await tx.getAsyncEvent(requestId);
      assert.equal(stored?.leaseOwner, owner);
      assert.equal(stored?.visibleAt, LEASE_UNTIL);
    }
  });
});

test('a lease skips the events another node is leasing right now instead of waiting for them', async (t) => {
  const [a, b] = await twoNodes(t);
  await a.transact((tx) => tx.insertAsyncEvents(Array.from({ length: 6 }, (_, i) => event(i))));
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let heldOnce: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (heldOnce = resolve));
  // Node a leases and keeps its transaction (and the rows' locks) open until node b is done.
  const first = a.transact(async (tx) => {
    const leased = await tx.leaseAsyncEvents({ owner: 'node-a', now: NOW, leaseUntil: LEASE_UNTIL, limit: 3, excludeFunctions: [] });
    heldOnce();
    await gate;
    return leased.map((e) => e.requestId);
  });
  await held;
  let second: string[];
  try {
    second = await withTimeout(
      b.transact(async (tx) =>
        (await tx.leaseAsyncEvents({ owner: 'node-b', now: NOW, leaseUntil: LEASE_UNTIL, limit: 3, excludeFunctions: [] })).map((e) => e.requestId),
      ),
      5_000,
      'node b leasing',
    );
  } finally {
    release();
  }
  const firstIds = await first;
  assert.equal(second.length, 3);
  assert.equal(firstIds.length, 3);
  assert.deepEqual([...firstIds, ...second].sort(), Array.from({ length: 6 }, (_, i) => event(i).requestId).sort());
  await a.transact(async (tx) => {
    for (const id of firstIds) assert.equal((await tx.getAsyncEvent(id))?.leaseOwner, 'node-a');
    for (const id of second) assert.equal((await tx.getAsyncEvent(id))?.leaseOwner, 'node-b');
  });
});

test('a receive skips the messages another node is receiving right now instead of waiting for them', async (t) => {
  const [a, b] = await twoNodes(t);
  const seqs = await a.transact(async (tx) => {
    const out: number[] = [];
    for (let i = 0; i < 4; i++) {
      out.push(
        await tx.insertMessage({
          queueId: 'qid-shared',
          messageId: `m-${i}`,
          sealed: Buffer.from(`body ${i}`),
          md5OfBody: 'md5',
          senderId: 'AIDAEXAMPLE',
          sentAt: 1_000,
          visibleAt: 1_000 + i,
          receiveCount: 0,
        }),
      );
    }
    return out;
  });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let heldOnce: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (heldOnce = resolve));
  const first = a.transact(async (tx) => {
    const rows = await tx.visibleMessages('qid-shared', NOW, 2);
    heldOnce();
    await gate;
    return rows.map((r) => r.seq);
  });
  await held;
  let second: number[];
  try {
    second = await withTimeout(
      b.transact(async (tx) => (await tx.visibleMessages('qid-shared', NOW, 2)).map((r) => r.seq)),
      5_000,
      'node b receiving',
    );
  } finally {
    release();
  }
  // Node a looked first, so it holds the two that are visible earliest; node b got the next two.
  assert.deepEqual(await first, seqs.slice(0, 2));
  assert.deepEqual(second, seqs.slice(2));
});

test('two nodes receiving from one SQS queue concurrently take every message exactly once', async (t) => {
  const [a, b] = await twoNodes(t);
  const total = 120;
  await a.transact(async (tx) => {
    for (let i = 0; i < total; i++) {
      await tx.insertMessage({
        queueId: 'qid-shared',
        messageId: `m-${i}`,
        sealed: Buffer.from(`body ${i}`),
        md5OfBody: 'md5',
        senderId: 'AIDAEXAMPLE',
        sentAt: 1_000,
        visibleAt: 1_000 + (i % 7),
        receiveCount: 0,
      });
    }
  });
  const receivedBy = new Map<string, string[]>();
  // What ReceiveMessage does: take visible messages, move each out of sight with a fresh receipt.
  const [roundsA, roundsB] = await inRounds(a, b, async (store, node) => {
    const taken = await store.transact(async (tx) => {
      const rows = await tx.visibleMessages('qid-shared', NOW, 5);
      for (const row of rows) await tx.updateMessage({ ...row, visibleAt: NOW + 30_000, receiveCount: row.receiveCount + 1, receiptToken: node });
      return rows.map((r) => r.messageId);
    });
    for (const id of taken) receivedBy.set(id, [...(receivedBy.get(id) ?? []), node]);
    return taken.length;
  });
  assert.equal(receivedBy.size, total);
  assert.deepEqual([...receivedBy].filter(([, nodes]) => nodes.length !== 1), []);
  assert.ok(roundsA > 0 && roundsB > 0, `both nodes received (a in ${roundsA}, b in ${roundsB} rounds)`);
  await a.transact(async (tx) => {
    assert.deepEqual(await tx.countMessages('qid-shared', NOW), { visible: 0, notVisible: total, delayed: 0 });
  });
});
