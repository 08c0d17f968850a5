/**
 * PostgreSQL only, no mocks: two stores ("nodes") on one fresh database, and a genuine serialization
 * conflict against a group-commit transaction, in two kinds:
 *  - same row: an operation of the batch reads a queued event, waits until the other node's transaction has
 *    written that same event and committed, then writes it; PostgreSQL fails the write (40001) inside the
 *    operation, which group commit hands to the operation's caller — the store must still run it again;
 *  - write skew: the operation reads one event and writes another that the other node's transaction read,
 *    and that transaction writes the event the operation read; its commit dooms the batch, whose COMMIT fails.
 * The order is forced with promises, so the conflict is certain, not a matter of timing. PostgresStore runs
 * the whole batch again: every caller must get the result of the attempt that committed, and nothing may be
 * lost or stored twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import type { Store, StoreTx } from '../../../src/store/store.js';
import type { AsyncEventRecord } from '../../../src/store/async-records.js';
import { GroupCommit } from '../../../src/store/group-commit.js';
import { AsyncEventQueue } from '../../../src/invoke/async/event-queue.js';
import { AsyncMetrics } from '../../../src/invoke/async/async-metrics.js';
import { KeyService } from '../../../src/shared/crypto/key-service.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';
import { ACCOUNT, asyncEvent, fn, version } from '../../store/contract/records.js';

const event = (requestId: string): AsyncEventRecord => asyncEvent(requestId, { functionName: 'contested', payloadSealed: Buffer.from('{}') });

const CONTESTED = 'req-contested';
const WITNESS = 'req-witness';

/** Two started stores on one fresh database, with the contested event queued. */
async function twoNodes(t: { after: (fn: () => Promise<void>) => void }): Promise<[Store, Store]> {
  const db = await freshPostgresDatabase();
  const a = new PostgresStore({ url: db.url });
  const b = new PostgresStore({ url: db.url });
  await Promise.all([a.start(), b.start()]);
  t.after(async () => {
    await Promise.all([a.close(), b.close()]);
    await db.drop();
  });
  await a.transact((tx) => tx.insertAsyncEvents([event(CONTESTED), event(WITNESS)]));
  return [a, b];
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type ConflictKind = 'same row' | 'write skew';

const KINDS: readonly ConflictKind[] = ['same row', 'write skew'];

function update(attempts: number): { attempts: number; backoffs: number; visibleAt: number; phase: 'invoke'; outcomeSealed: null } {
  return { attempts, backoffs: 0, visibleAt: 1_000, phase: 'invoke', outcomeSealed: null };
}

/**
 * The conflict. Node B's transaction starts at once and reads the contested event; `contend`, a group-commit
 * operation on node A, then reads an event (its transaction's snapshot is taken by then), lets B's
 * transaction write and commit, and writes the contested event. Same row: B adds an attempt to the contested
 * event and `contend` reads that event. Write skew: B adds an attempt to the witness event and `contend`
 * reads the witness. The first run fails; the run after sees B's attempt. `contend` returns the attempts it read.
 */
function conflict(b: Store, kind: ConflictKind): { contend: (tx: StoreTx) => Promise<number>; other: Promise<void>; runs: () => number } {
  const bRead = deferred();
  const read = deferred();
  const committed = deferred();
  let runs = 0;
  const other = b
    .transact(async (tx) => {
      const contested = await tx.getAsyncEvent(CONTESTED);
      bRead.resolve();
      // Held open until the group-commit transaction has read.
      await read.promise;
      if (kind === 'same row') await tx.updateAsyncEvent(CONTESTED, update((contested?.attempts ?? 0) + 1));
      else await tx.updateAsyncEvent(WITNESS, update(((await tx.getAsyncEvent(WITNESS))?.attempts ?? 0) + 1));
    })
    .then(
      () => committed.resolve(),
      (err: unknown) => {
        committed.resolve();
        throw err;
      },
    );
  const contend = async (tx: StoreTx): Promise<number> => {
    runs++;
    await bRead.promise;
    const seen = (await tx.getAsyncEvent(kind === 'same row' ? CONTESTED : WITNESS))?.attempts ?? -1;
    const contested = kind === 'same row' ? seen : ((await tx.getAsyncEvent(CONTESTED))?.attempts ?? -1);
    if (kind === 'write skew') await tx.updateAsyncEvent(CONTESTED, update(contested + 1));
    read.resolve();
    await committed.promise;
    if (kind === 'same row') await tx.updateAsyncEvent(CONTESTED, update(contested + 1));
    return seen;
  };
  return { contend, other, runs: () => runs };
}

async function attemptsOf(store: Store): Promise<{ contested: number | undefined; witness: number | undefined }> {
  return store.transact(async (tx) => ({
    contested: (await tx.getAsyncEvent(CONTESTED))?.attempts,
    witness: (await tx.getAsyncEvent(WITNESS))?.attempts,
  }));
}

/** Both nodes' attempts count, once each. */
const FINAL: Record<ConflictKind, { contested: number; witness: number }> = {
  'same row': { contested: 2, witness: 0 },
  'write skew': { contested: 1, witness: 1 },
};

for (const kind of KINDS) {
  test(`${kind}: a group-commit batch that loses a serialization conflict answers every caller from the attempt that committed`, async (t) => {
    const [a, b] = await twoNodes(t);
    const commits = new GroupCommit({ store: a });
    const { contend, other, runs } = conflict(b, kind);
    // Submitted together: one batch, one transaction. Same row: the conflict fails the second operation's
    // write. Write skew: the contending operation comes last, and only the COMMIT fails.
    const ops: Array<(tx: StoreTx) => Promise<unknown>> = [
      async (tx) => {
        await tx.insertAsyncEvents([event('req-before')]);
        return 'inserted before';
      },
      ...(kind === 'same row' ? [contend] : []),
      async (tx) => {
        await tx.insertAsyncEvents([event('req-after')]);
        return tx.countAsyncEvents();
      },
      async () => {
        throw new Error('refused before writing');
      },
      ...(kind === 'write skew' ? [contend] : []),
    ];
    const settled = await withTimeout(Promise.allSettled(ops.map((op) => commits.run(op))), 20_000, 'the group-commit batch');
    await other;

    assert.ok(runs() >= 2, `the batch ran ${runs()} time(s): the conflict did not happen`);
    const answers = settled.map((r) => (r.status === 'fulfilled' ? r.value : `rejected: ${(r.reason as Error).message}`));
    // The committed attempt saw B's attempt (1) and four events; the failing operation got its own error.
    const expected: unknown[] = ['inserted before', 4, 'rejected: refused before writing'];
    expected.splice(kind === 'same row' ? 1 : 3, 0, 1);
    assert.deepEqual(answers, expected);
    assert.deepEqual(await attemptsOf(a), FINAL[kind]);
    const count = await a.transact((tx) => tx.countAsyncEvents());
    // Each insert is there once.
    assert.equal(count, 4);
    assert.deepEqual(commits.stats, { commits: 1, operations: 4 });
  });

  test(`${kind}: AsyncEventQueue.enqueue in a retried batch stores each event once and settles every caller`, async (t) => {
    const [a, b] = await twoNodes(t);
    await a.transact(async (tx) => {
      await tx.putFunction(fn('target'));
      await tx.putVersion(version('target', '$LATEST'));
    });
    const commits = new GroupCommit({ store: a });
    const metrics = new AsyncMetrics();
    const enqueued: string[] = [];
    const queue = new AsyncEventQueue({
      commits,
      keys: new KeyService(randomBytes(32)),
      metrics,
      onEnqueued: (f) => enqueued.push(f?.functionName ?? ''),
    });
    const ctx = { region: 'us-east-1', accountId: ACCOUNT };
    const ref = { name: 'target' };
    const { contend, other, runs } = conflict(b, kind);
    // The queue's operation (the first two events) and the contending one share a batch, the queue's first.
    const first = [queue.enqueue(ctx, ref, 'evt-1', Buffer.from('{"n":1}')), queue.enqueue(ctx, ref, 'evt-2', Buffer.from('{"n":2}'))];
    let third: Promise<void> | undefined;
    const contended = commits.run(async (tx) => {
      const seen = await contend(tx);
      // An event that comes while the batch is being retried goes to a submission of its own.
      third ??= queue.enqueue(ctx, ref, 'evt-3', Buffer.from('{"n":3}'));
      return seen;
    });
    await withTimeout(Promise.all([...first, contended]), 20_000, 'the first two enqueues');
    assert.ok(third !== undefined);
    await withTimeout(third, 20_000, 'the third enqueue');
    await other;

    assert.ok(runs() >= 2, `the batch ran ${runs()} time(s): the conflict did not happen`);
    assert.equal(await contended, 1);
    assert.deepEqual(await attemptsOf(a), FINAL[kind]);
    const stored = await a.transact(async (tx) => {
      const found: Array<string | undefined> = [];
      for (const id of ['evt-1', 'evt-2', 'evt-3']) found.push((await tx.getAsyncEvent(id))?.requestId);
      return { found, count: await tx.countAsyncEvents() };
    });
    // The two seeded events and the three enqueued ones, each once.
    assert.deepEqual(stored, { found: ['evt-1', 'evt-2', 'evt-3'], count: 5 });
    assert.equal(metrics.snapshot().asyncEventsReceived, 3);
    assert.deepEqual(enqueued, ['target', 'target', 'target']);
  });
}
