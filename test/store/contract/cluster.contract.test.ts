/**
 * ClusterStore on every engine: the nodes' leases, execution slots counted against reserved and unreserved
 * concurrency, reaping a dead node with what it held, the master-key check; and releaseAsyncLeases by owner.
 * Times are explicit epoch-ms values, never the wall clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionSlotRequest, NodeRecord } from '../../../src/store/cluster-records.js';
import type { ContractStore, Engine } from './engines.js';
import { forEachEngine } from './engines.js';
import { asyncEvent as event } from './records.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';

function node(nodeId: string, overrides: Partial<NodeRecord> = {}): NodeRecord {
  return {
    nodeId,
    url: `http://10.0.0.${nodeId.length}:9700`,
    startedAt: 1_000,
    heartbeatAt: 2_000,
    expiresAt: 12_000,
    inFlight: 0,
    warm: {},
    ...overrides,
  };
}

let slotSeq = 0;
function slot(overrides: Partial<ExecutionSlotRequest> = {}): ExecutionSlotRequest {
  slotSeq++;
  return {
    slotId: `slot-${slotSeq}`,
    nodeId: 'node-a',
    accountId: ACCOUNT,
    functionName: 'fn',
    reserved: null,
    totalReserved: 0,
    accountLimit: 1_000,
    acquiredAt: 5_000,
    ...overrides,
  };
}

async function withStore(engine: Engine, body: (store: ContractStore, reopen: () => Promise<ContractStore>) => Promise<void>): Promise<void> {
  const opened = await engine.open();
  try {
    await body(opened.store, () => opened.reopen());
  } finally {
    await opened.close();
  }
}

/** Inserts `ids` due at 1 000 and leases them to `owner` until 60 000. */
async function leasedEvents(store: ContractStore, owner: string, ids: readonly string[]): Promise<void> {
  await store.transact((tx) => tx.insertAsyncEvents(ids.map((id) => event(id, { functionName: `fn-${owner}` }))));
  const leased = await store.transact((tx) =>
    tx.leaseAsyncEvents({ owner, now: 1_000, leaseUntil: 60_000, limit: 100, excludeFunctions: [] }),
  );
  assert.deepEqual(leased.map((e) => e.requestId).sort(), [...ids].sort());
}

async function leaseOf(store: ContractStore, requestId: string): Promise<[string | null, number] | undefined> {
  const e = await store.transact((tx) => tx.getAsyncEvent(requestId));
  return e && [e.leaseOwner, e.visibleAt];
}

forEachEngine((engine) => {
  test('a heartbeat registers a node and renews it; listNodes reads every node back field for field', () =>
    withStore(engine, async (store, reopen) => {
      assert.deepEqual(await store.cluster.listNodes(), []);
      const b = node('node-b', { inFlight: 3, warm: { [`${ACCOUNT}:fn:$LATEST`]: 2, [`${OTHER}:other:7`]: 1 } });
      const a = node('node-a');
      await store.cluster.heartbeat(b);
      await store.cluster.heartbeat(a);
      assert.deepEqual(await store.cluster.listNodes(), [a, b]);
      // The same id again replaces the row: url, times, counts and the warm map all move.
      const renewed = node('node-a', {
        url: 'http://10.0.0.9:9701',
        startedAt: 1_500,
        heartbeatAt: 3_000,
        expiresAt: 13_000,
        inFlight: 7,
        warm: { 'k:with "quotes"\u00e9': 4 },
      });
      await store.cluster.heartbeat(renewed);
      assert.deepEqual(await store.cluster.listNodes(), [renewed, b]);
      const reopened = await reopen();
      assert.deepEqual(await reopened.cluster.listNodes(), [renewed, b]);
    }));

  test('reapNode leaves a node whose lease has not run out alone, and reaps an expired one with its slots and leases', () =>
    withStore(engine, async (store) => {
      await store.cluster.heartbeat(node('node-a', { expiresAt: 12_000 }));
      await store.cluster.heartbeat(node('node-b', { expiresAt: 50_000 }));
      for (const [slotId, nodeId] of [
        ['slot-a1', 'node-a'],
        ['slot-a2', 'node-a'],
        ['slot-b1', 'node-b'],
      ] as const) {
        assert.equal(await store.cluster.admitExecution(slot({ slotId, nodeId, functionName: 'shared' })), 'admitted');
      }
      await leasedEvents(store, 'node-a', ['req-a1', 'req-a2']);
      await leasedEvents(store, 'node-b', ['req-b1']);
      await store.transact((tx) => tx.insertAsyncEvents([event('req-free', { visibleAt: 30_000 })]));

      // Not expired yet (the lease runs to 12 000; at 12 000 exactly it still holds).
      for (const now of [11_000, 12_000]) {
        assert.deepEqual(await store.cluster.reapNode('node-a', now), { reaped: false, releasedEvents: 0, releasedSlots: 0 });
      }
      assert.deepEqual(
        (await store.cluster.listNodes()).map((n) => n.nodeId),
        ['node-a', 'node-b'],
      );
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'shared'), 3);
      assert.deepEqual(await leaseOf(store, 'req-a1'), ['node-a', 60_000]);

      assert.deepEqual(await store.cluster.reapNode('node-a', 20_000), { reaped: true, releasedEvents: 2, releasedSlots: 2 });
      assert.deepEqual(
        (await store.cluster.listNodes()).map((n) => n.nodeId),
        ['node-b'],
      );
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'shared'), 1);
      assert.equal(await store.cluster.countExecutions(ACCOUNT), 1);
      // Visible again now; the other node's lease and the unleased event are untouched.
      assert.deepEqual(await leaseOf(store, 'req-a1'), [null, 20_000]);
      assert.deepEqual(await leaseOf(store, 'req-a2'), [null, 20_000]);
      assert.deepEqual(await leaseOf(store, 'req-b1'), ['node-b', 60_000]);
      assert.deepEqual(await leaseOf(store, 'req-free'), [null, 30_000]);
      const due = await store.transact((tx) =>
        tx.leaseAsyncEvents({ owner: 'node-b', now: 20_000, leaseUntil: 80_000, limit: 10, excludeFunctions: [] }),
      );
      assert.deepEqual(due.map((e) => e.requestId).sort(), ['req-a1', 'req-a2']);

      // Gone already: nothing to do, even with leases of that name around.
      assert.deepEqual(await store.cluster.reapNode('node-a', 30_000), { reaped: false, releasedEvents: 0, releasedSlots: 0 });
      assert.deepEqual(await store.cluster.reapNode('node-never', 30_000), { reaped: false, releasedEvents: 0, releasedSlots: 0 });
      // A renewed lease protects the node from a reaper working from an old view.
      await store.cluster.heartbeat(node('node-b', { heartbeatAt: 55_000, expiresAt: 70_000 }));
      assert.deepEqual(await store.cluster.reapNode('node-b', 60_000), { reaped: false, releasedEvents: 0, releasedSlots: 0 });
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'shared'), 1);
    }));

  test('resetNode removes the node, frees its slots and releases its leases whatever its lease says', () =>
    withStore(engine, async (store) => {
      await store.cluster.heartbeat(node('node-a', { expiresAt: 90_000 }));
      await store.cluster.heartbeat(node('node-b', { expiresAt: 90_000 }));
      assert.equal(await store.cluster.admitExecution(slot({ slotId: 'slot-a', nodeId: 'node-a', reserved: 5 })), 'admitted');
      assert.equal(await store.cluster.admitExecution(slot({ slotId: 'slot-b', nodeId: 'node-b', reserved: 5 })), 'admitted');
      await leasedEvents(store, 'node-a', ['req-a']);
      await leasedEvents(store, 'node-b', ['req-b']);

      assert.deepEqual(await store.cluster.resetNode('node-a', 10_000), { reaped: true, releasedEvents: 1, releasedSlots: 1 });
      assert.deepEqual(
        (await store.cluster.listNodes()).map((n) => n.nodeId),
        ['node-b'],
      );
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'fn'), 1);
      assert.deepEqual(await leaseOf(store, 'req-a'), [null, 10_000]);
      assert.deepEqual(await leaseOf(store, 'req-b'), ['node-b', 60_000]);

      // Again, or for a node never seen: nothing left to touch.
      assert.deepEqual(await store.cluster.resetNode('node-a', 11_000), { reaped: false, releasedEvents: 0, releasedSlots: 0 });
      // A node starting again under its id after a crash frees what it held even with no row left.
      assert.equal(await store.cluster.admitExecution(slot({ slotId: 'slot-c', nodeId: 'node-c' })), 'admitted');
      assert.deepEqual(await store.cluster.resetNode('node-c', 11_000), { reaped: true, releasedEvents: 0, releasedSlots: 1 });
      assert.equal(await store.cluster.countExecutions(ACCOUNT), 0);
    }));

  test('a function with reserved concurrency admits that many executions across nodes, then throttles until one is released', () =>
    withStore(engine, async (store) => {
      const req = (slotId: string, nodeId: string, overrides: Partial<ExecutionSlotRequest> = {}): ExecutionSlotRequest =>
        slot({ slotId, nodeId, functionName: 'reserved-fn', reserved: 2, totalReserved: 2, accountLimit: 3, ...overrides });
      assert.equal(await store.cluster.admitExecution(req('r1', 'node-a')), 'admitted');
      assert.equal(await store.cluster.admitExecution(req('r2', 'node-b')), 'admitted');
      assert.equal(await store.cluster.admitExecution(req('r3', 'node-a')), 'ReservedFunctionConcurrentInvocationLimitExceeded');
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'reserved-fn'), 2);
      // Reserved slots are not the unreserved pool's (3 - 2 = 1 left there).
      assert.equal(await store.cluster.countExecutions(ACCOUNT), 0);
      assert.equal(await store.cluster.admitExecution(slot({ slotId: 'u1', totalReserved: 2, accountLimit: 3 })), 'admitted');
      assert.equal(
        await store.cluster.admitExecution(slot({ slotId: 'u2', totalReserved: 2, accountLimit: 3 })),
        'ConcurrentInvocationLimitExceeded',
      );
      // Another function's and another account's reservations are counted apart.
      assert.equal(await store.cluster.admitExecution(req('x1', 'node-a', { functionName: 'other-fn' })), 'admitted');
      assert.equal(await store.cluster.admitExecution(req('y1', 'node-a', { accountId: OTHER })), 'admitted');
      assert.equal(await store.cluster.countExecutions(OTHER, 'reserved-fn'), 1);

      await store.cluster.releaseExecution('r1');
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'reserved-fn'), 1);
      assert.equal(await store.cluster.admitExecution(req('r4', 'node-b')), 'admitted');
      assert.equal(await store.cluster.admitExecution(req('r5', 'node-b')), 'ReservedFunctionConcurrentInvocationLimitExceeded');
      // A refused admission took nothing: its id frees nothing, and releasing twice is harmless.
      await store.cluster.releaseExecution('r3');
      await store.cluster.releaseExecution('r1');
      await store.cluster.releaseExecution('never-taken');
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'reserved-fn'), 2);
      // A reservation of 0 admits nothing.
      assert.equal(
        await store.cluster.admitExecution(req('z1', 'node-a', { functionName: 'zero', reserved: 0 })),
        'ReservedFunctionConcurrentInvocationLimitExceeded',
      );
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'zero'), 0);
    }));

  test("functions without a reservation share the account's unreserved pool (limit minus every reservation)", () =>
    withStore(engine, async (store) => {
      const req = (slotId: string, functionName: string, overrides: Partial<ExecutionSlotRequest> = {}): ExecutionSlotRequest =>
        slot({ slotId, functionName, accountLimit: 5, totalReserved: 2, ...overrides });
      assert.equal(await store.cluster.admitExecution(req('u1', 'f1')), 'admitted');
      assert.equal(await store.cluster.admitExecution(req('u2', 'f2', { nodeId: 'node-b' })), 'admitted');
      assert.equal(await store.cluster.admitExecution(req('u3', 'f1')), 'admitted');
      assert.equal(await store.cluster.admitExecution(req('u4', 'f3')), 'ConcurrentInvocationLimitExceeded');
      assert.equal(await store.cluster.countExecutions(ACCOUNT), 3);
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'f1'), 2);
      assert.equal(await store.cluster.countExecutions(ACCOUNT, 'f3'), 0);
      // The pool follows the request's figures: a larger limit makes room, a larger reservation takes it.
      assert.equal(await store.cluster.admitExecution(req('u5', 'f3', { accountLimit: 6 })), 'admitted');
      assert.equal(await store.cluster.admitExecution(req('u6', 'f3', { accountLimit: 6 })), 'ConcurrentInvocationLimitExceeded');
      assert.equal(await store.cluster.admitExecution(req('u7', 'f3', { accountLimit: 6, totalReserved: 6 })), 'ConcurrentInvocationLimitExceeded');
      // Another account has a pool of its own.
      assert.equal(await store.cluster.admitExecution(req('o1', 'f1', { accountId: OTHER })), 'admitted');
      assert.equal(await store.cluster.countExecutions(OTHER), 1);

      await store.cluster.releaseExecution('u2');
      assert.equal(await store.cluster.countExecutions(ACCOUNT), 3);
      assert.equal(await store.cluster.admitExecution(req('u8', 'f2')), 'ConcurrentInvocationLimitExceeded');
      assert.equal(await store.cluster.admitExecution(req('u9', 'f2', { accountLimit: 6 })), 'admitted');
      assert.equal(await store.cluster.admitExecution(req('u10', 'f2', { accountLimit: 6 })), 'ConcurrentInvocationLimitExceeded');
      // A duplicate slot id is refused, not counted twice.
      await assert.rejects(store.cluster.admitExecution(req('u1', 'f1', { accountLimit: 100 })));
      assert.equal(await store.cluster.countExecutions(ACCOUNT), 4);
    }));

  test('the first key check claimed is the one every later claim gets back, across restarts', () =>
    withStore(engine, async (store, reopen) => {
      assert.equal(await store.cluster.claimKeyCheck('check-of-key-1'), 'check-of-key-1');
      assert.equal(await store.cluster.claimKeyCheck('check-of-key-1'), 'check-of-key-1');
      assert.equal(await store.cluster.claimKeyCheck('check-of-key-2'), 'check-of-key-1');
      const reopened = await reopen();
      assert.equal(await reopened.cluster.claimKeyCheck('check-of-key-3'), 'check-of-key-1');
    }));

  test('releaseAsyncLeases with an owner ends only that owner’s leases; without, every lease', () =>
    withStore(engine, async (store) => {
      await leasedEvents(store, 'node-a', ['req-a1', 'req-a2']);
      await leasedEvents(store, 'node-b', ['req-b1']);
      await store.transact((tx) =>
        tx.insertAsyncEvents([event('req-free', { visibleAt: 40_000 }), event('req-early', { visibleAt: 2_000, leaseOwner: 'node-a' })]),
      );
      assert.equal(await store.transact((tx) => tx.releaseAsyncLeases(20_000, 'node-a')), 3);
      assert.deepEqual(await leaseOf(store, 'req-a1'), [null, 20_000]);
      assert.deepEqual(await leaseOf(store, 'req-a2'), [null, 20_000]);
      // Never later than the lease would have let it be.
      assert.deepEqual(await leaseOf(store, 'req-early'), [null, 2_000]);
      assert.deepEqual(await leaseOf(store, 'req-b1'), ['node-b', 60_000]);
      assert.deepEqual(await leaseOf(store, 'req-free'), [null, 40_000]);
      assert.equal(await store.transact((tx) => tx.releaseAsyncLeases(20_000, 'node-a')), 0);
      assert.equal(await store.transact((tx) => tx.releaseAsyncLeases(20_000, 'node-unknown')), 0);
      await leasedEvents(store, 'node-c', ['req-c1']);
      assert.equal(await store.transact((tx) => tx.releaseAsyncLeases(25_000)), 2);
      assert.deepEqual(await leaseOf(store, 'req-b1'), [null, 25_000]);
      assert.deepEqual(await leaseOf(store, 'req-c1'), [null, 25_000]);
      assert.deepEqual(await leaseOf(store, 'req-free'), [null, 40_000]);
    }));

  test('cluster calls fail once the store is closed', async () => {
    const opened = await engine.open();
    await opened.close();
    await assert.rejects(opened.store.cluster.listNodes(), (err: unknown) => (err as { code?: unknown }).code === 'ERR_STORE_CLOSED');
    await assert.rejects(opened.store.cluster.admitExecution(slot()), (err: unknown) => (err as { code?: unknown }).code === 'ERR_STORE_CLOSED');
  });
});
