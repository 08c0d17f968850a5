/**
 * SqsTx on every engine: queues, listing, and the message table the SQS operations read and rewrite.
 * Times are explicit epoch values, never the wall clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewSqsMessage, SqsMessageRecord, SqsQueueRecord } from '../../../src/services/sqs/store/sqs-records.js';
import type { ContractStore, Engine } from './engines.js';
import { forEachEngine } from './engines.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';

function queue(name: string, overrides: Partial<SqsQueueRecord> = {}): SqsQueueRecord {
  return {
    accountId: ACCOUNT,
    name,
    queueId: `qid-${name}`,
    createdAt: 1_700_000_000,
    lastModifiedAt: 1_700_000_001,
    attributes: { VisibilityTimeout: '30', DelaySeconds: '0' },
    tags: { team: 'a' },
    ...overrides,
  };
}

function message(queueId: string, messageId: string, overrides: Partial<NewSqsMessage> = {}): NewSqsMessage {
  return {
    queueId,
    messageId,
    sealed: Buffer.from(`sealed ${messageId}\u0000\u00ff`),
    md5OfBody: `md5-${messageId}`,
    senderId: 'AIDAEXAMPLE',
    sentAt: 1_000,
    visibleAt: 1_000,
    receiveCount: 0,
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

const names = (queues: readonly SqsQueueRecord[]): string[] => queues.map((q) => q.name);
const messageIds = (messages: readonly SqsMessageRecord[]): string[] => messages.map((m) => m.messageId);

forEachEngine((engine) => {
  test('putQueue and getQueue round-trip a queue; a second put replaces it', () =>
    withStore(engine, async (store) => {
      const plain = queue('orders');
      const purged = queue('purged', { lastPurgedAt: 1_700_000_123_456, tags: {}, attributes: {} });
      await store.transact(async (tx) => {
        assert.equal(await tx.getQueue(ACCOUNT, 'orders'), undefined);
        await tx.putQueue(plain);
        await tx.putQueue(purged);
      });
      await store.transact(async (tx) => {
        assert.deepEqual(await tx.getQueue(ACCOUNT, 'orders'), plain);
        assert.deepEqual(await tx.getQueue(ACCOUNT, 'purged'), purged);
        assert.equal(await tx.getQueue(ACCOUNT, 'Orders'), undefined);
        assert.equal(await tx.getQueue(OTHER, 'orders'), undefined);
      });
      const changed = queue('orders', { lastModifiedAt: 1_800_000_000, attributes: { VisibilityTimeout: '5' }, tags: { team: 'b', x: 'y' }, lastPurgedAt: 7 });
      await store.transact((tx) => tx.putQueue(changed));
      assert.deepEqual(await store.transact((tx) => tx.getQueue(ACCOUNT, 'orders')), changed);
      // Dropping lastPurgedAt drops it from the stored record too.
      await store.transact((tx) => tx.putQueue(plain));
      assert.deepEqual(await store.transact((tx) => tx.getQueue(ACCOUNT, 'orders')), plain);
      const recreated = queue('orders', { queueId: 'qid-orders-2' });
      await store.transact((tx) => tx.putQueue(recreated));
      assert.deepEqual(await store.transact((tx) => tx.getQueue(ACCOUNT, 'orders')), recreated);
      assert.equal((await store.transact((tx) => tx.allQueues())).length, 2);
    }));

  test('a put whose queue id another queue has replaces that queue (INSERT OR REPLACE)', () =>
    withStore(engine, async (store) => {
      await store.transact(async (tx) => {
        await tx.putQueue(queue('first', { queueId: 'qid-shared' }));
        await tx.putQueue(queue('second', { queueId: 'qid-shared' }));
      });
      await store.transact(async (tx) => {
        assert.equal(await tx.getQueue(ACCOUNT, 'first'), undefined);
        assert.deepEqual(await tx.getQueue(ACCOUNT, 'second'), queue('second', { queueId: 'qid-shared' }));
        assert.deepEqual(names(await tx.allQueues()), ['second']);
      });
    }));

  test('deleteQueue removes the queue with its messages only', () =>
    withStore(engine, async (store) => {
      const seqs = await store.transact(async (tx) => {
        await tx.putQueue(queue('gone'));
        await tx.putQueue(queue('kept'));
        await tx.putQueue(queue('gone', { accountId: OTHER, queueId: 'qid-other-gone' }));
        return [
          await tx.insertMessage(message('qid-gone', 'm-1')),
          await tx.insertMessage(message('qid-gone', 'm-2', { visibleAt: 9_000, receiveCount: 1 })),
          await tx.insertMessage(message('qid-kept', 'm-3')),
          await tx.insertMessage(message('qid-other-gone', 'm-4')),
        ];
      });
      await store.transact(async (tx) => {
        await tx.deleteQueue(ACCOUNT, 'gone');
        await tx.deleteQueue(ACCOUNT, 'never-was');
      });
      await store.transact(async (tx) => {
        assert.equal(await tx.getQueue(ACCOUNT, 'gone'), undefined);
        assert.equal(await tx.getMessage('qid-gone', seqs[0] ?? -1), undefined);
        assert.equal(await tx.getMessage('qid-gone', seqs[1] ?? -1), undefined);
        assert.deepEqual(await tx.countMessages('qid-gone', 1_000), { visible: 0, notVisible: 0, delayed: 0 });
        assert.equal(await tx.purgeMessages('qid-gone'), 0);
        assert.equal((await tx.getMessage('qid-kept', seqs[2] ?? -1))?.messageId, 'm-3');
        assert.equal((await tx.getMessage('qid-other-gone', seqs[3] ?? -1))?.messageId, 'm-4');
        assert.deepEqual(await tx.getQueue(OTHER, 'gone'), queue('gone', { accountId: OTHER, queueId: 'qid-other-gone' }));
        assert.deepEqual(names(await tx.allQueues()).sort(), ['gone', 'kept']);
      });
    }));

  test('listQueues matches the prefix exactly and case-sensitively, in byte order', () =>
    withStore(engine, async (store) => {
      const all = ['b', 'a', 'ab', 'B', 'a_c', 'a%', 'A', 'abc', 'é', 'aB', 'x-1'];
      await store.transact(async (tx) => {
        for (const name of all) await tx.putQueue(queue(name));
        await tx.putQueue(queue('a-other', { accountId: OTHER }));
      });
      await store.transact(async (tx) => {
        const list = async (prefix: string): Promise<string[]> => names((await tx.listQueues(ACCOUNT, prefix, undefined, 100)).items);
        assert.deepEqual(await list(''), ['A', 'B', 'a', 'a%', 'aB', 'a_c', 'ab', 'abc', 'b', 'x-1', 'é']);
        assert.deepEqual(await list('a'), ['a', 'a%', 'aB', 'a_c', 'ab', 'abc']);
        assert.deepEqual(await list('A'), ['A']);
        // Neither `_` nor `%` is a wildcard.
        assert.deepEqual(await list('a_'), ['a_c']);
        assert.deepEqual(await list('a%'), ['a%']);
        assert.deepEqual(await list('%'), []);
        assert.deepEqual(await list('ab'), ['ab', 'abc']);
        assert.deepEqual(await list('é'), ['é']);
        assert.deepEqual(await list('abcd'), []);
        assert.deepEqual(names((await tx.listQueues(OTHER, 'a', undefined, 100)).items), ['a-other']);
        assert.deepEqual((await tx.listQueues('333333333333', '', undefined, 100)).items, []);
        const [first] = (await tx.listQueues(ACCOUNT, 'abc', undefined, 100)).items;
        assert.deepEqual(first, queue('abc'));
      });
    }));

  test('listQueues pages by name with `after`', () =>
    withStore(engine, async (store) => {
      await store.transact(async (tx) => {
        for (const name of ['q5', 'q1', 'q4', 'q2', 'q3', 'q6', 'r1']) await tx.putQueue(queue(name));
      });
      await store.transact(async (tx) => {
        const p1 = await tx.listQueues(ACCOUNT, 'q', undefined, 2);
        assert.deepEqual(names(p1.items), ['q1', 'q2']);
        assert.equal(p1.nextAfter, 'q2');
        const p2 = await tx.listQueues(ACCOUNT, 'q', p1.nextAfter, 2);
        assert.deepEqual(names(p2.items), ['q3', 'q4']);
        assert.equal(p2.nextAfter, 'q4');
        const p3 = await tx.listQueues(ACCOUNT, 'q', p2.nextAfter, 2);
        // Exactly the last two: no further page.
        assert.deepEqual(names(p3.items), ['q5', 'q6']);
        assert.equal(p3.nextAfter, undefined);
        const rest = await tx.listQueues(ACCOUNT, 'q', 'q4', 10);
        assert.deepEqual(names(rest.items), ['q5', 'q6']);
        assert.equal(rest.nextAfter, undefined);
        assert.deepEqual(names((await tx.listQueues(ACCOUNT, '', 'q6', 10)).items), ['r1']);
        assert.deepEqual(names((await tx.listQueues(ACCOUNT, '', 'q35', 1)).items), ['q4']);
        assert.deepEqual((await tx.listQueues(ACCOUNT, 'q', 'q6', 10)).items, []);
      });
    }));

  test('allQueues lists every queue of every account', () =>
    withStore(engine, async (store) => {
      assert.deepEqual(await store.transact((tx) => tx.allQueues()), []);
      const queues = [queue('z'), queue('a', { accountId: OTHER, queueId: 'qid-other-a' }), queue('m', { lastPurgedAt: 5 })];
      await store.transact(async (tx) => {
        for (const q of queues) await tx.putQueue(q);
      });
      const all = await store.transact((tx) => tx.allQueues());
      const byId = (a: SqsQueueRecord, b: SqsQueueRecord): number => (a.queueId < b.queueId ? -1 : 1);
      assert.deepEqual([...all].sort(byId), [...queues].sort(byId));
    }));

  test('insertMessage assigns increasing seqs; getMessage reads a message back field for field', () =>
    withStore(engine, async (store) => {
      const full = message('qid-q', 'm-full', {
        md5OfMessageAttributes: 'md5-attrs',
        sentAt: 1_700_000_000_123,
        visibleAt: 1_700_000_030_123,
        receiveCount: 3,
        firstReceivedAt: 1_700_000_000_500,
        receiptToken: 'token-1',
        deadLetterSourceArn: 'arn:aws:sqs:us-east-1:111111111111:source',
      });
      const seqs = await store.transact(async (tx) => {
        const out: number[] = [];
        for (let i = 0; i < 5; i++) out.push(await tx.insertMessage(message(i % 2 === 0 ? 'qid-q' : 'qid-r', `m-${i}`)));
        out.push(await tx.insertMessage(full));
        return out;
      });
      for (let i = 1; i < seqs.length; i++) assert.ok((seqs[i] ?? 0) > (seqs[i - 1] ?? 0), `seqs increase: ${seqs.join(',')}`);
      assert.ok(seqs.every((s) => Number.isSafeInteger(s)));
      const later = await store.transact((tx) => tx.insertMessage(message('qid-q', 'm-later')));
      assert.ok(later > (seqs[5] ?? 0));
      await store.transact(async (tx) => {
        const fullSeq = seqs[5] ?? -1;
        assert.deepEqual(await tx.getMessage('qid-q', fullSeq), { seq: fullSeq, ...full });
        assert.deepEqual(await tx.getMessage('qid-q', seqs[0] ?? -1), { seq: seqs[0], ...message('qid-q', 'm-0') });
        assert.deepEqual(await tx.getMessage('qid-r', seqs[1] ?? -1), { seq: seqs[1], ...message('qid-r', 'm-1') });
        // A seq of another queue is not found.
        assert.equal(await tx.getMessage('qid-r', seqs[0] ?? -1), undefined);
        assert.equal(await tx.getMessage('qid-q', later + 1000), undefined);
      });
    }));

  test('visibleMessages: visible at `now`, earliest visibility then insertion first, at most `limit`', () =>
    withStore(engine, async (store) => {
      await store.transact(async (tx) => {
        await tx.insertMessage(message('qid-q', 'm-late', { visibleAt: 3_000 }));
        await tx.insertMessage(message('qid-q', 'm-tie-1', { visibleAt: 2_000 }));
        await tx.insertMessage(message('qid-q', 'm-future', { visibleAt: 5_001 }));
        await tx.insertMessage(message('qid-r', 'm-other-queue', { visibleAt: 1 }));
        await tx.insertMessage(message('qid-q', 'm-tie-2', { visibleAt: 2_000, receiveCount: 2 }));
        await tx.insertMessage(message('qid-q', 'm-early', { visibleAt: 1_000 }));
        await tx.insertMessage(message('qid-q', 'm-now', { visibleAt: 5_000 }));
      });
      await store.transact(async (tx) => {
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-q', 5_000, 10)), ['m-early', 'm-tie-1', 'm-tie-2', 'm-late', 'm-now']);
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-q', 5_000, 2)), ['m-early', 'm-tie-1']);
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-q', 2_000, 10)), ['m-early', 'm-tie-1', 'm-tie-2']);
        assert.deepEqual(await tx.visibleMessages('qid-q', 999, 10), []);
        assert.deepEqual(await tx.visibleMessages('qid-q', 5_000, 0), []);
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-q', 5_001, 10)).at(-1), 'm-future');
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-none', 5_000, 10)), []);
        const [tie2] = (await tx.visibleMessages('qid-q', 5_000, 10)).filter((m) => m.messageId === 'm-tie-2');
        assert.equal(tie2?.receiveCount, 2);
        assert.deepEqual(tie2 && (await tx.getMessage('qid-q', tie2.seq)), tie2);
      });
    }));

  test('updateMessage rewrites queue, visibility and receive state, never the body', () =>
    withStore(engine, async (store) => {
      const original = message('qid-q', 'm-1', { md5OfMessageAttributes: 'md5-attrs', receiptToken: 'old', deadLetterSourceArn: 'arn:old' });
      const seq = await store.transact((tx) => tx.insertMessage(original));
      const other = await store.transact((tx) => tx.insertMessage(message('qid-q', 'm-2')));
      const received: SqsMessageRecord = { seq, ...original, visibleAt: 31_000, receiveCount: 1, firstReceivedAt: 1_000, receiptToken: 'tok-1' };
      await store.transact((tx) =>
        tx.updateMessage({ ...received, sealed: Buffer.from('ignored'), md5OfBody: 'ignored', messageId: 'ignored', sentAt: 1, senderId: 'x' }),
      );
      await store.transact(async (tx) => {
        assert.deepEqual(await tx.getMessage('qid-q', seq), received);
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-q', 30_999, 10)), ['m-2']);
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-q', 31_000, 10)), ['m-2', 'm-1']);
      });
      // Moved to a dead-letter queue: optional fields may be cleared.
      const { receiptToken: _token, firstReceivedAt: _first, deadLetterSourceArn: _arn, ...rest } = received;
      const moved: SqsMessageRecord = { ...rest, queueId: 'qid-dlq', visibleAt: 40_000, deadLetterSourceArn: 'arn:aws:sqs:us-east-1:111111111111:q' };
      await store.transact((tx) => tx.updateMessage(moved));
      await store.transact(async (tx) => {
        assert.equal(await tx.getMessage('qid-q', seq), undefined);
        assert.deepEqual(await tx.getMessage('qid-dlq', seq), moved);
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-dlq', 40_000, 10)), ['m-1']);
        assert.deepEqual(await tx.getMessage('qid-q', other), { seq: other, ...message('qid-q', 'm-2') });
      });
    }));

  test('deleteMessage says whether it removed the message', () =>
    withStore(engine, async (store) => {
      const [a, b] = await store.transact(async (tx) => [await tx.insertMessage(message('qid-q', 'm-a')), await tx.insertMessage(message('qid-q', 'm-b'))]);
      await store.transact(async (tx) => {
        assert.equal(await tx.deleteMessage('qid-r', a ?? -1), false);
        assert.equal(await tx.deleteMessage('qid-q', a ?? -1), true);
        assert.equal(await tx.deleteMessage('qid-q', a ?? -1), false);
        assert.equal(await tx.getMessage('qid-q', a ?? -1), undefined);
        assert.equal((await tx.getMessage('qid-q', b ?? -1))?.messageId, 'm-b');
      });
    }));

  test('purgeMessages and deleteMessagesSentBefore remove and count the queue\'s messages', () =>
    withStore(engine, async (store) => {
      await store.transact(async (tx) => {
        for (const [id, sentAt] of [['m-1', 1_000], ['m-2', 2_000], ['m-3', 3_000], ['m-4', 2_000]] as const) {
          await tx.insertMessage(message('qid-q', id, { sentAt, visibleAt: sentAt }));
        }
        await tx.insertMessage(message('qid-r', 'm-r1', { sentAt: 1 }));
        await tx.insertMessage(message('qid-r', 'm-r2', { sentAt: 1 }));
      });
      await store.transact(async (tx) => {
        assert.equal(await tx.deleteMessagesSentBefore('qid-q', 999), 0);
        // Inclusive: sent at 2 000 goes too.
        assert.equal(await tx.deleteMessagesSentBefore('qid-q', 2_000), 3);
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-q', 10_000, 10)), ['m-3']);
        assert.equal(await tx.deleteMessagesSentBefore('qid-q', 2_000), 0);
        assert.equal(await tx.purgeMessages('qid-r'), 2);
        assert.equal(await tx.purgeMessages('qid-r'), 0);
        assert.deepEqual(messageIds(await tx.visibleMessages('qid-q', 10_000, 10)), ['m-3']);
        assert.equal(await tx.purgeMessages('qid-q'), 1);
        assert.deepEqual(await tx.visibleMessages('qid-q', 10_000, 10), []);
      });
    }));

  test('countMessages tells visible, in flight (received) and delayed (never received) apart', () =>
    withStore(engine, async (store) => {
      await store.transact(async (tx) => {
        assert.deepEqual(await tx.countMessages('qid-q', 5_000), { visible: 0, notVisible: 0, delayed: 0 });
        await tx.insertMessage(message('qid-q', 'visible-new', { visibleAt: 1_000 }));
        await tx.insertMessage(message('qid-q', 'visible-received', { visibleAt: 5_000, receiveCount: 2 }));
        await tx.insertMessage(message('qid-q', 'in-flight-1', { visibleAt: 6_000, receiveCount: 1 }));
        await tx.insertMessage(message('qid-q', 'in-flight-2', { visibleAt: 7_000, receiveCount: 4 }));
        await tx.insertMessage(message('qid-q', 'in-flight-3', { visibleAt: 8_000, receiveCount: 1 }));
        await tx.insertMessage(message('qid-q', 'delayed', { visibleAt: 5_001 }));
        await tx.insertMessage(message('qid-r', 'elsewhere', { visibleAt: 1 }));
      });
      await store.transact(async (tx) => {
        assert.deepEqual(await tx.countMessages('qid-q', 5_000), { visible: 2, notVisible: 3, delayed: 1 });
        assert.deepEqual(await tx.countMessages('qid-q', 7_000), { visible: 5, notVisible: 1, delayed: 0 });
        assert.deepEqual(await tx.countMessages('qid-q', 0), { visible: 0, notVisible: 4, delayed: 2 });
        assert.deepEqual(await tx.countMessages('qid-r', 1), { visible: 1, notVisible: 0, delayed: 0 });
      });
    }));

  test('nextVisibleAt is the earliest visibility strictly after `now` in the queue', () =>
    withStore(engine, async (store) => {
      await store.transact(async (tx) => {
        assert.equal(await tx.nextVisibleAt('qid-q', 0), undefined);
        await tx.insertMessage(message('qid-q', 'm-1', { visibleAt: 1_000 }));
        await tx.insertMessage(message('qid-q', 'm-3', { visibleAt: 9_000, receiveCount: 1 }));
        await tx.insertMessage(message('qid-q', 'm-2', { visibleAt: 4_000 }));
        await tx.insertMessage(message('qid-r', 'm-r', { visibleAt: 2_000 }));
      });
      await store.transact(async (tx) => {
        assert.equal(await tx.nextVisibleAt('qid-q', 0), 1_000);
        assert.equal(await tx.nextVisibleAt('qid-q', 1_000), 4_000);
        assert.equal(await tx.nextVisibleAt('qid-q', 3_999), 4_000);
        assert.equal(await tx.nextVisibleAt('qid-q', 4_000), 9_000);
        assert.equal(await tx.nextVisibleAt('qid-q', 9_000), undefined);
        assert.equal(await tx.nextVisibleAt('qid-r', 1_000), 2_000);
      });
    }));

  test('a transaction that throws leaves no queue or message behind', () =>
    withStore(engine, async (store) => {
      const seq = await store.transact(async (tx) => {
        await tx.putQueue(queue('kept'));
        return tx.insertMessage(message('qid-kept', 'm-kept'));
      });
      const boom = new Error('closure failed');
      await assert.rejects(
        store.transact(async (tx) => {
          await tx.putQueue(queue('new'));
          await tx.putQueue(queue('kept', { tags: { changed: 'yes' } }));
          await tx.insertMessage(message('qid-new', 'm-new'));
          await tx.updateMessage({ seq, ...message('qid-kept', 'm-kept'), visibleAt: 99_000, receiveCount: 1 });
          assert.equal(await tx.purgeMessages('qid-kept'), 1);
          throw boom;
        }),
        boom,
      );
      await store.transact(async (tx) => {
        assert.equal(await tx.getQueue(ACCOUNT, 'new'), undefined);
        assert.deepEqual(await tx.getQueue(ACCOUNT, 'kept'), queue('kept'));
        assert.deepEqual(await tx.visibleMessages('qid-new', 99_999, 10), []);
        assert.deepEqual(await tx.getMessage('qid-kept', seq), { seq, ...message('qid-kept', 'm-kept') });
        assert.deepEqual(names(await tx.allQueues()), ['kept']);
      });
    }));

  test('queues and messages survive a restart, and seqs keep increasing after it', () =>
    withStore(engine, async (store, reopen) => {
      const q = queue('durable', { lastPurgedAt: 123 });
      const m = message('qid-durable', 'm-1', { visibleAt: 2_000, receiveCount: 1, receiptToken: 'tok', firstReceivedAt: 1_500 });
      const seq = await store.transact(async (tx) => {
        await tx.putQueue(q);
        return tx.insertMessage(m);
      });
      const reopened = await reopen();
      await reopened.transact(async (tx) => {
        assert.deepEqual(await tx.getQueue(ACCOUNT, 'durable'), q);
        assert.deepEqual(await tx.getMessage('qid-durable', seq), { seq, ...m });
        assert.deepEqual(await tx.countMessages('qid-durable', 1_000), { visible: 0, notVisible: 1, delayed: 0 });
        assert.ok((await tx.insertMessage(message('qid-durable', 'm-2'))) > seq);
      });
    }));
});
