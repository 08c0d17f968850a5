/**
 * AsyncQueueTx on every engine: what the async poller relies on (src/invoke/async). Times are explicit
 * epoch-ms values, never the wall clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AsyncLeaseRequest } from '../../../src/store/async-records.js';
import type { ContractStore, Engine } from './engines.js';
import { forEachEngine } from './engines.js';
import { asyncEvent as event } from './records.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';

function lease(overrides: Partial<AsyncLeaseRequest> = {}): AsyncLeaseRequest {
  return { owner: 'node-1', now: 5_000, leaseUntil: 65_000, limit: 10, excludeFunctions: [], ...overrides };
}

async function withStore(engine: Engine, body: (store: ContractStore, reopen: () => Promise<ContractStore>) => Promise<void>): Promise<void> {
  const opened = await engine.open();
  try {
    await body(opened.store, () => opened.reopen());
  } finally {
    await opened.close();
  }
}

const ids = (events: readonly { requestId: string }[]): string[] => events.map((e) => e.requestId);

forEachEngine((engine) => {
  test('inserted events read back field for field', () =>
    withStore(engine, async (store) => {
      const plain = event('req-plain');
      const full = event('req-full', {
        accountId: OTHER,
        functionName: 'other-fn',
        qualifier: 'live',
        enqueuedAt: 1_234,
        attempts: 2,
        backoffs: 3,
        visibleAt: 9_876_543_210_123,
        leaseOwner: 'node-x',
        phase: 'deliver',
        outcomeSealed: Buffer.from([0, 1, 2, 254, 255]),
      });
      await store.transact((tx) => tx.insertAsyncEvents([plain, full]));
      await store.transact(async (tx) => {
        assert.deepEqual(await tx.getAsyncEvent('req-plain'), plain);
        assert.deepEqual(await tx.getAsyncEvent('req-full'), full);
        assert.equal(await tx.getAsyncEvent('req-missing'), undefined);
        assert.equal(await tx.countAsyncEvents(), 2);
      });
      await store.transact((tx) => tx.insertAsyncEvents([]));
      assert.equal(await store.transact((tx) => tx.countAsyncEvents()), 2);
    }));

  test('a duplicate request id is refused and the transaction leaves nothing', () =>
    withStore(engine, async (store) => {
      await store.transact((tx) => tx.insertAsyncEvents([event('req-1')]));
      await assert.rejects(store.transact((tx) => tx.insertAsyncEvents([event('req-2'), event('req-1')])));
      assert.deepEqual(await store.transact(async (tx) => [await tx.countAsyncEvents(), await tx.getAsyncEvent('req-2')]), [1, undefined]);
    }));

  test('a refused insert fails only itself: the same transaction goes on and commits the rest', () =>
    withStore(engine, async (store) => {
      // The async event queue (src/invoke/async/event-queue.ts) inserts a batch's events one by one in one
      // transaction and fails just the event whose insert threw. On PostgreSQL a failed statement would
      // abort the whole transaction (25P02 for every later statement).
      await store.transact((tx) => tx.insertAsyncEvents([event('req-1')]));
      const refused = await store.transact(async (tx) => {
        await tx.insertAsyncEvents([event('req-2')]);
        const error = await tx.insertAsyncEvents([event('req-1', { functionName: 'dup' })]).then(
          () => undefined,
          (err: unknown) => err,
        );
        await tx.insertAsyncEvents([event('req-3')]);
        assert.equal(await tx.countAsyncEvents(), 3);
        return error;
      });
      assert.ok(refused instanceof Error, 'the duplicate request id is refused');
      await store.transact(async (tx) => {
        assert.equal(await tx.countAsyncEvents(), 3);
        assert.deepEqual(await tx.getAsyncEvent('req-1'), event('req-1'), 'the refused insert changed nothing');
        assert.deepEqual(await tx.getAsyncEvent('req-2'), event('req-2'));
        assert.deepEqual(await tx.getAsyncEvent('req-3'), event('req-3'));
      });
    }));

  test('a lease takes visible events oldest visibility first and moves them out of sight', () =>
    withStore(engine, async (store) => {
      await store.transact((tx) =>
        tx.insertAsyncEvents([
          event('req-c', { visibleAt: 3_000, attempts: 1 }),
          event('req-a', { visibleAt: 1_000, qualifier: '7' }),
          event('req-future', { visibleAt: 5_001 }),
          event('req-b', { visibleAt: 2_000, phase: 'deliver', outcomeSealed: Buffer.from('outcome') }),
          event('req-now', { visibleAt: 5_000 }),
        ]),
      );
      const leased = await store.transact((tx) => tx.leaseAsyncEvents(lease()));
      assert.deepEqual(ids(leased), ['req-a', 'req-b', 'req-c', 'req-now']);
      assert.deepEqual(leased[1], {
        ...event('req-b', { phase: 'deliver', outcomeSealed: Buffer.from('outcome') }),
        leaseOwner: 'node-1',
        visibleAt: 65_000,
        reservedConcurrency: null,
      });
      assert.equal(leased[0]?.qualifier, '7');
      assert.equal(leased[2]?.attempts, 1);
      await store.transact(async (tx) => {
        assert.deepEqual(await tx.getAsyncEvent('req-a'), event('req-a', { qualifier: '7', leaseOwner: 'node-1', visibleAt: 65_000 }));
        assert.equal((await tx.getAsyncEvent('req-future'))?.leaseOwner, null);
        // Leased events stay out of sight until the lease runs out; the one not due then is due now.
        assert.deepEqual(ids(await tx.leaseAsyncEvents(lease({ owner: 'node-2', now: 5_001, leaseUntil: 70_000 }))), ['req-future']);
        assert.deepEqual(await tx.leaseAsyncEvents(lease({ owner: 'node-2', now: 64_999 })), []);
        const again = await tx.leaseAsyncEvents(lease({ owner: 'node-2', now: 65_000, leaseUntil: 90_000 }));
        // All four were visible from 65 000 on: a tie, taken in insertion order.
        assert.deepEqual(ids(again), ['req-c', 'req-a', 'req-b', 'req-now']);
        assert.ok(again.every((e) => e.leaseOwner === 'node-2' && e.visibleAt === 90_000));
        assert.equal((await tx.getAsyncEvent('req-c'))?.leaseOwner, 'node-2');
        assert.equal(await tx.countAsyncEvents(), 5);
      });
    }));

  test('a lease takes at most `limit` events; ties in visibility go first in, first out', () =>
    withStore(engine, async (store) => {
      const order = ['req-m', 'req-z', 'req-a', 'req-q', 'req-b'];
      await store.transact((tx) => tx.insertAsyncEvents(order.map((id) => event(id, { visibleAt: 2_000 }))));
      await store.transact((tx) => tx.insertAsyncEvents([event('req-early', { visibleAt: 2_500 }), event('req-earliest', { visibleAt: 1_500 })]));
      const first = await store.transact((tx) => tx.leaseAsyncEvents(lease({ limit: 3 })));
      assert.deepEqual(ids(first), ['req-earliest', 'req-m', 'req-z']);
      assert.deepEqual(await store.transact((tx) => tx.leaseAsyncEvents(lease({ limit: 0 }))), []);
      const second = await store.transact((tx) => tx.leaseAsyncEvents(lease({ limit: 3 })));
      assert.deepEqual(ids(second), ['req-a', 'req-q', 'req-b']);
      const third = await store.transact((tx) => tx.leaseAsyncEvents(lease({ limit: 3 })));
      assert.deepEqual(ids(third), ['req-early']);
      assert.deepEqual(await store.transact((tx) => tx.leaseAsyncEvents(lease({ limit: 3 }))), []);
    }));

  test('a lease skips the excluded `<account>:<function>` lanes only', () =>
    withStore(engine, async (store) => {
      await store.transact((tx) =>
        tx.insertAsyncEvents([
          event('req-f1', { functionName: 'f1', visibleAt: 1_000 }),
          event('req-f2', { functionName: 'f2', visibleAt: 1_001 }),
          event('req-other-f1', { accountId: OTHER, functionName: 'f1', visibleAt: 1_002 }),
          event('req-f3', { functionName: 'f3', visibleAt: 1_003 }),
        ]),
      );
      const leased = await store.transact((tx) => tx.leaseAsyncEvents(lease({ excludeFunctions: [`${ACCOUNT}:f1`, `${ACCOUNT}:f3`, 'nobody:x'] })));
      assert.deepEqual(ids(leased), ['req-f2', 'req-other-f1']);
      await store.transact(async (tx) => {
        assert.equal((await tx.getAsyncEvent('req-f1'))?.leaseOwner, null);
        assert.equal((await tx.getAsyncEvent('req-f1'))?.visibleAt, 1_000);
        assert.deepEqual(ids(await tx.leaseAsyncEvents(lease())), ['req-f1', 'req-f3']);
      });
    }));

  test('updateAsyncEvent records the attempt and ends the lease; false once the event is gone', () =>
    withStore(engine, async (store) => {
      await store.transact((tx) => tx.insertAsyncEvents([event('req-1', { visibleAt: 1_000 }), event('req-2')]));
      await store.transact((tx) => tx.leaseAsyncEvents(lease({ limit: 1 })));
      const update = { attempts: 1, backoffs: 2, visibleAt: 7_000, phase: 'deliver' as const, outcomeSealed: Buffer.from('{"ok":false}') };
      assert.equal(await store.transact((tx) => tx.updateAsyncEvent('req-1', update)), true);
      await store.transact(async (tx) => {
        assert.deepEqual(await tx.getAsyncEvent('req-1'), { ...event('req-1'), ...update, leaseOwner: null });
        // An unleased event may be updated too; the outcome can be cleared.
        assert.equal(await tx.updateAsyncEvent('req-2', { ...update, phase: 'invoke', outcomeSealed: null }), true);
        assert.deepEqual(await tx.getAsyncEvent('req-2'), { ...event('req-2'), ...update, phase: 'invoke', outcomeSealed: null });
        assert.equal(await tx.updateAsyncEvent('req-missing', update), false);
        await tx.deleteAsyncEvent('req-1');
        assert.equal(await tx.updateAsyncEvent('req-1', update), false);
        assert.equal(await tx.getAsyncEvent('req-1'), undefined);
      });
    }));

  test('deleteAsyncEvent removes one event, leased or not', () =>
    withStore(engine, async (store) => {
      await store.transact((tx) => tx.insertAsyncEvents([event('req-1'), event('req-2'), event('req-3')]));
      await store.transact((tx) => tx.leaseAsyncEvents(lease({ limit: 1 })));
      await store.transact(async (tx) => {
        await tx.deleteAsyncEvent('req-1');
        await tx.deleteAsyncEvent('req-3');
        await tx.deleteAsyncEvent('req-missing');
        assert.equal(await tx.countAsyncEvents(), 1);
        assert.equal(await tx.getAsyncEvent('req-1'), undefined);
        assert.deepEqual(await tx.getAsyncEvent('req-2'), event('req-2'));
      });
    }));

  test('releaseAsyncLeases ends every lease, makes those events visible by `now`, and counts them', () =>
    withStore(engine, async (store) => {
      await store.transact((tx) =>
        tx.insertAsyncEvents([
          event('req-1', { visibleAt: 1_000 }),
          event('req-2', { visibleAt: 2_000 }),
          event('req-3', { visibleAt: 3_000 }),
          event('req-later', { visibleAt: 50_000 }),
          event('req-marked', { visibleAt: 90_000, leaseOwner: 'crashed-node' }),
        ]),
      );
      await store.transact((tx) => tx.leaseAsyncEvents(lease({ owner: 'node-1', limit: 1, leaseUntil: 40_000 })));
      await store.transact((tx) => tx.leaseAsyncEvents(lease({ owner: 'node-2', limit: 1, leaseUntil: 10_000 })));
      assert.equal(await store.transact((tx) => tx.releaseAsyncLeases(20_000)), 3);
      await store.transact(async (tx) => {
        // Visible again by `now`, but never later than the lease would have let it be.
        assert.deepEqual(await tx.getAsyncEvent('req-1'), event('req-1', { visibleAt: 20_000 }));
        assert.deepEqual(await tx.getAsyncEvent('req-2'), event('req-2', { visibleAt: 10_000 }));
        assert.deepEqual(await tx.getAsyncEvent('req-marked'), event('req-marked', { visibleAt: 20_000 }));
        assert.deepEqual(await tx.getAsyncEvent('req-3'), event('req-3', { visibleAt: 3_000 }));
        assert.deepEqual(await tx.getAsyncEvent('req-later'), event('req-later', { visibleAt: 50_000 }));
        assert.equal(await tx.releaseAsyncLeases(20_000), 0);
        assert.deepEqual(ids(await tx.leaseAsyncEvents(lease({ now: 20_000 }))), ['req-3', 'req-2', 'req-1', 'req-marked']);
      });
    }));

  test('nextAsyncVisibleAt is the earliest visibility of any event, leased or not', () =>
    withStore(engine, async (store) => {
      await store.transact(async (tx) => {
        assert.equal(await tx.nextAsyncVisibleAt(), undefined);
        assert.equal(await tx.countAsyncEvents(), 0);
      });
      await store.transact((tx) => tx.insertAsyncEvents([event('req-1', { visibleAt: 4_000 }), event('req-2', { visibleAt: 9_000 })]));
      assert.equal(await store.transact((tx) => tx.nextAsyncVisibleAt()), 4_000);
      await store.transact((tx) => tx.leaseAsyncEvents(lease({ limit: 1, leaseUntil: 12_000 })));
      assert.equal(await store.transact((tx) => tx.nextAsyncVisibleAt()), 9_000);
      await store.transact((tx) => tx.leaseAsyncEvents(lease({ now: 9_000, limit: 1, leaseUntil: 15_000 })));
      assert.equal(await store.transact((tx) => tx.nextAsyncVisibleAt()), 12_000);
      await store.transact(async (tx) => {
        await tx.deleteAsyncEvent('req-1');
        await tx.deleteAsyncEvent('req-2');
      });
      assert.equal(await store.transact((tx) => tx.nextAsyncVisibleAt()), undefined);
    }));

  test('a transaction that throws leaves no event inserted, leased, updated or deleted', () =>
    withStore(engine, async (store) => {
      await store.transact((tx) => tx.insertAsyncEvents([event('req-kept', { visibleAt: 1_000 })]));
      const boom = new Error('closure failed');
      await assert.rejects(
        store.transact(async (tx) => {
          await tx.insertAsyncEvents([event('req-new')]);
          assert.equal((await tx.leaseAsyncEvents(lease())).length, 2);
          await tx.updateAsyncEvent('req-kept', { attempts: 5, backoffs: 5, visibleAt: 1, phase: 'deliver', outcomeSealed: null });
          await tx.deleteAsyncEvent('req-kept');
          throw boom;
        }),
        boom,
      );
      await store.transact(async (tx) => {
        assert.equal(await tx.countAsyncEvents(), 1);
        assert.equal(await tx.getAsyncEvent('req-new'), undefined);
        assert.deepEqual(await tx.getAsyncEvent('req-kept'), event('req-kept', { visibleAt: 1_000 }));
      });
    }));

  test('events and their leases survive a restart', () =>
    withStore(engine, async (store, reopen) => {
      const outcome = Buffer.from('sealed outcome');
      await store.transact((tx) =>
        tx.insertAsyncEvents([event('req-1', { visibleAt: 1_000 }), event('req-2', { visibleAt: 2_000, phase: 'deliver', outcomeSealed: outcome })]),
      );
      await store.transact((tx) => tx.leaseAsyncEvents(lease({ limit: 1, leaseUntil: 30_000 })));
      const reopened = await reopen();
      await reopened.transact(async (tx) => {
        assert.equal(await tx.countAsyncEvents(), 2);
        assert.deepEqual(await tx.getAsyncEvent('req-1'), event('req-1', { leaseOwner: 'node-1', visibleAt: 30_000 }));
        assert.deepEqual(await tx.getAsyncEvent('req-2'), event('req-2', { visibleAt: 2_000, phase: 'deliver', outcomeSealed: outcome }));
        assert.equal(await tx.nextAsyncVisibleAt(), 2_000);
        assert.equal(await tx.releaseAsyncLeases(10_000), 1);
        assert.deepEqual(ids(await tx.leaseAsyncEvents(lease({ now: 10_000 }))), ['req-2', 'req-1']);
      });
    }));
});
