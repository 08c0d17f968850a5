/**
 * LogsTx on every engine: groups (unique per account, keys never reused, listing by prefix and case-insensitive
 * substring, keyset paging), streams (ordering by name or last event time, both directions), event appends with
 * their stream statistics, the (timestamp, id) order and cursors of stream reads and group scans, stream
 * filters, retention deletes and cascading deletes. The store is opened with the core's and the logs tables, as
 * the server opens it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store, StoreTx } from '../../../src/store/store.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { logsTables } from '../../../src/services/logs/store/logs-tables.js';
import { logsPgTables } from '../../../src/services/logs/store/logs-pg-tables.js';
import type { LogsTx } from '../../../src/services/logs/store/logs-tx.js';
import type { LogGroupRecord, LogStreamRecord, NewLogEvent, NewLogGroup, StoredLogEvent } from '../../../src/services/logs/store/logs-records.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';

type LogsStore = Store<StoreTx & LogsTx>;

interface Engine {
  readonly name: string;
  open(): Promise<{ store: LogsStore; close(): Promise<void> }>;
}

const ENGINES: readonly Engine[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'lbx-logs-contract-'));
      const store: LogsStore = SqliteStore.open({ path: join(dir, 'lambdabox.db'), modules: [logsTables()] });
      await store.start();
      return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'postgres',
    async open() {
      const db = await freshPostgresDatabase();
      const store: LogsStore = PostgresStore.open({ url: db.url, modules: [logsPgTables()] });
      await store.start();
      return { store, close: async () => (await store.close(), await db.drop()) };
    },
  },
];

const A = '111111111111';
const B = '222222222222';

function group(accountId: string, name: string, overrides: Partial<NewLogGroup> = {}): NewLogGroup {
  return { accountId, name, arn: `arn:aws:logs:us-east-1:${accountId}:log-group:${name}`, creationTime: 1000, tags: {}, logGroupClass: 'STANDARD', ...overrides };
}

const ev = (timestamp: number, text: string): NewLogEvent => ({ timestamp, sealed: Buffer.from(text), size: text.length });

for (const engine of ENGINES) {
  describe(`logs store on ${engine.name}`, () => {
    let store: LogsStore;
    let close: () => Promise<void>;
    before(async () => ({ store, close } = await engine.open()));
    after(async () => close());

    const create = async (g: NewLogGroup): Promise<LogGroupRecord> => {
      const created = await store.transact((tx) => tx.insertLogGroup(g));
      assert.ok(created);
      return created;
    };

    test('a group is unique per account; a recreated group gets a new key; update keeps the key', async () => {
      const g = await create(group(A, '/g/unique', { tags: { team: 'a' }, retentionInDays: 7 }));
      assert.equal(await store.transact((tx) => tx.insertLogGroup(group(A, '/g/unique'))), undefined);
      const other = await create(group(B, '/g/unique'));
      assert.notEqual(other.groupKey, g.groupKey);
      const read = await store.transact((tx) => tx.getLogGroup(A, '/g/unique'));
      assert.deepEqual(read, g);
      await store.transact((tx) => tx.updateLogGroup({ ...g, tags: { team: 'b' }, retentionInDays: 30 }));
      const updated = await store.transact((tx) => tx.getLogGroup(A, '/g/unique'));
      assert.deepEqual(updated?.tags, { team: 'b' });
      assert.equal(updated?.retentionInDays, 30);
      const { retentionInDays: _r, ...noRetention } = g;
      await store.transact((tx) => tx.updateLogGroup(noRetention));
      assert.equal((await store.transact((tx) => tx.getLogGroup(A, '/g/unique')))?.retentionInDays, undefined);
      assert.equal(await store.transact((tx) => tx.deleteLogGroup(A, '/g/unique')), true);
      assert.equal(await store.transact((tx) => tx.deleteLogGroup(A, '/g/unique')), false);
      const again = await create(group(A, '/g/unique'));
      assert.ok(again.groupKey > g.groupKey, 'keys are never reused');
    });

    test('groups list by name with prefix, case-insensitive substring and keyset paging', async () => {
      for (const n of ['list/b', 'list/a', 'list/C-Foo', 'list/d_foo', 'other/fooBar']) await create(group(A, n));
      await create(group(B, 'list/z'));
      const names = async (q: Partial<Parameters<LogsTx['listLogGroups']>[0]>): Promise<string[]> =>
        (await store.transact((tx) => tx.listLogGroups({ accountId: A, limit: 50, ...q }))).map((g) => g.name).filter((n) => n.includes('/'));
      assert.deepEqual(await names({ prefix: 'list/' }), ['list/C-Foo', 'list/a', 'list/b', 'list/d_foo']);
      assert.deepEqual(await names({ contains: 'FOO' }), ['list/C-Foo', 'list/d_foo', 'other/fooBar']);
      // `_` is a name character, not a wildcard.
      assert.deepEqual(await names({ contains: 'd_f' }), ['list/d_foo']);
      assert.deepEqual(await names({ prefix: 'list/', limit: 2 }), ['list/C-Foo', 'list/a']);
      assert.deepEqual(await names({ prefix: 'list/', after: 'list/a' }), ['list/b', 'list/d_foo']);
    });

    test('streams: unique per group, statistics from appends, listing in both orders and directions', async () => {
      const g = await create(group(A, '/g/streams'));
      const s1 = await store.transact((tx) => tx.insertLogStream(g.groupKey, 's1', 10));
      const s2 = await store.transact((tx) => tx.insertLogStream(g.groupKey, 's2', 11));
      const s3 = await store.transact((tx) => tx.insertLogStream(g.groupKey, 'x3', 12));
      assert.ok(s1 && s2 && s3);
      assert.equal(await store.transact((tx) => tx.insertLogStream(g.groupKey, 's1', 13)), undefined);
      await store.transact((tx) => tx.appendLogEvents(g.groupKey, s1.streamKey, 500, [ev(300, 'abc'), ev(100, 'de')]));
      await store.transact((tx) => tx.appendLogEvents(g.groupKey, s1.streamKey, 600, [ev(50, 'f')]));
      await store.transact((tx) => tx.appendLogEvents(g.groupKey, s3.streamKey, 700, [ev(200, 'gh')]));
      const read = await store.transact((tx) => tx.getLogStream(g.groupKey, 's1'));
      assert.deepEqual(read, { ...s1, firstEventTimestamp: 50, lastEventTimestamp: 300, lastIngestionTime: 600, storedBytes: 6 });
      assert.equal(await store.transact((tx) => tx.groupStoredBytes(g.groupKey)), 8);
      const list = async (q: Partial<Parameters<LogsTx['listLogStreams']>[0]>): Promise<string[]> =>
        (await store.transact((tx) => tx.listLogStreams({ groupKey: g.groupKey, orderBy: 'LogStreamName', descending: false, limit: 50, ...q }))).map((s) => s.name);
      assert.deepEqual(await list({}), ['s1', 's2', 'x3']);
      assert.deepEqual(await list({ descending: true }), ['x3', 's2', 's1']);
      assert.deepEqual(await list({ prefix: 's' }), ['s1', 's2']);
      assert.deepEqual(await list({ after: { lastEventTime: 0, name: 's1' } }), ['s2', 'x3']);
      assert.deepEqual(await list({ orderBy: 'LastEventTime' }), ['s2', 'x3', 's1']);
      assert.deepEqual(await list({ orderBy: 'LastEventTime', descending: true }), ['s1', 'x3', 's2']);
      assert.deepEqual(await list({ orderBy: 'LastEventTime', after: { lastEventTime: 200, name: 'x3' } }), ['s1']);
      assert.deepEqual(await list({ orderBy: 'LastEventTime', descending: true, after: { lastEventTime: 200, name: 'x3' } }), ['s2']);
      assert.deepEqual((await store.transact((tx) => tx.streamsNamed(g.groupKey, ['x3', 'nope', 's1']))).map((s) => s.name), ['s1', 'x3']);
    });

    test('stream reads and group scans run in (timestamp, id) order with cursors, ranges and stream filters', async () => {
      const g = await create(group(A, '/g/events'));
      const a = await store.transact((tx) => tx.insertLogStream(g.groupKey, 'a', 1));
      const b = await store.transact((tx) => tx.insertLogStream(g.groupKey, 'b', 1));
      assert.ok(a && b);
      await store.transact(async (tx) => {
        await tx.appendLogEvents(g.groupKey, a.streamKey, 900, [ev(10, 'a10'), ev(20, 'a20'), ev(20, 'a20b'), ev(30, 'a30')]);
        await tx.appendLogEvents(g.groupKey, b.streamKey, 901, [ev(15, 'b15'), ev(20, 'b20')]);
      });
      const text = (rows: Array<{ sealed: Buffer }>): string[] => rows.map((r) => r.sealed.toString());
      const stream = (q: Partial<Parameters<LogsTx['readStreamEvents']>[0]>) =>
        store.transact((tx) => tx.readStreamEvents({ streamKey: a.streamKey, startTime: 0, endTime: 1000, descending: false, limit: 100, ...q }));
      const all = await stream({});
      assert.deepEqual(text(all), ['a10', 'a20', 'a20b', 'a30']);
      assert.equal(all[0]?.streamName, 'a');
      assert.equal(all[0]?.ingestionTime, 900);
      assert.deepEqual(text(await stream({ descending: true, limit: 2 })), ['a30', 'a20b']);
      const second = all[1];
      assert.ok(second);
      assert.deepEqual(text(await stream({ after: { timestamp: second.timestamp, id: second.id } })), ['a20b', 'a30']);
      assert.deepEqual(text(await stream({ before: { timestamp: second.timestamp, id: second.id }, descending: true })), ['a10']);
      assert.deepEqual(text(await stream({ startTime: 20, endTime: 30 })), ['a20', 'a20b']);

      const scan = (q: Partial<Parameters<LogsTx['scanGroupEvents']>[0]>) =>
        store.transact((tx) => tx.scanGroupEvents({ groupKey: g.groupKey, startTime: 0, endTime: 1000, limit: 100, ...q }));
      const interleaved = await scan({});
      assert.deepEqual(text(interleaved), ['a10', 'b15', 'a20', 'a20b', 'b20', 'a30']);
      assert.deepEqual(interleaved.map((e) => e.streamName), ['a', 'b', 'a', 'a', 'b', 'a']);
      const third = interleaved[2];
      assert.ok(third);
      assert.deepEqual(text(await scan({ after: { timestamp: third.timestamp, id: third.id }, limit: 2 })), ['a20b', 'b20']);
      assert.deepEqual(text(await scan({ streamKeys: [b.streamKey] })), ['b15', 'b20']);
      assert.deepEqual(text(await scan({ streamKeys: [] })), []);
    });

    test('paging by cursor visits every event exactly once, ties on one timestamp included, in both directions', async () => {
      const g = await create(group(A, '/g/paging'));
      const streams: LogStreamRecord[] = [];
      for (const n of ['p1', 'p2', 'p3']) {
        const s = await store.transact((tx) => tx.insertLogStream(g.groupKey, n, 1));
        assert.ok(s);
        streams.push(s);
      }
      // 60 events, three per millisecond, spread over the streams and written out of id order per timestamp.
      for (let i = 0; i < 20; i++) {
        await store.transact(async (tx) => {
          for (const [k, s] of streams.entries()) await tx.appendLogEvents(g.groupKey, s.streamKey, 9, [ev(1000 + (19 - i) * 3 + k, `e${i}-${k}`), ev(1000 + (19 - i) * 3 + k, `f${i}-${k}`)]);
        });
      }
      const all = await store.transact((tx) => tx.scanGroupEvents({ groupKey: g.groupKey, startTime: 0, endTime: 5000, limit: 1000 }));
      assert.equal(all.length, 120);
      for (let i = 1; i < all.length; i++) {
        const a = all[i - 1];
        const b = all[i];
        assert.ok(a && b && (a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.id < b.id)), 'ascending (timestamp, id)');
      }
      const paged: StoredLogEvent[] = [];
      let after: { timestamp: number; id: number } | undefined;
      for (;;) {
        const cursor = after;
        const page = await store.transact((tx) =>
          tx.scanGroupEvents({ groupKey: g.groupKey, startTime: 1010, endTime: 1050, limit: 7, ...(cursor === undefined ? {} : { after: cursor }) }),
        );
        paged.push(...page);
        const last = page[page.length - 1];
        if (page.length < 7 || last === undefined) break;
        after = { timestamp: last.timestamp, id: last.id };
      }
      assert.deepEqual(paged.map((e) => e.id), all.filter((e) => e.timestamp >= 1010 && e.timestamp < 1050).map((e) => e.id));
      const one = streams[1];
      assert.ok(one);
      const mine = all.filter((e) => e.streamKey === one.streamKey);
      const backward: StoredLogEvent[] = [];
      let before: { timestamp: number; id: number } | undefined;
      for (;;) {
        const cursor = before;
        const page = await store.transact((tx) =>
          tx.readStreamEvents({ streamKey: one.streamKey, startTime: 0, endTime: 5000, descending: true, limit: 3, ...(cursor === undefined ? {} : { before: cursor }) }),
        );
        backward.push(...page);
        const last = page[page.length - 1];
        if (page.length < 3 || last === undefined) break;
        before = { timestamp: last.timestamp, id: last.id };
      }
      assert.deepEqual(backward.map((e) => e.id), mine.map((e) => e.id).reverse());
    });

    test('retention deletes only older events of the group; deleting a stream or group takes its events', async () => {
      const g = await create(group(A, '/g/retention', { retentionInDays: 1 }));
      const other = await create(group(A, '/g/kept'));
      const s = await store.transact((tx) => tx.insertLogStream(g.groupKey, 's', 1));
      const o = await store.transact((tx) => tx.insertLogStream(other.groupKey, 's', 1));
      assert.ok(s && o);
      await store.transact(async (tx) => {
        await tx.appendLogEvents(g.groupKey, s.streamKey, 5, [ev(1, 'old'), ev(2, 'old2'), ev(9, 'new')]);
        await tx.appendLogEvents(other.groupKey, o.streamKey, 5, [ev(1, 'other-old')]);
      });
      assert.ok((await store.transact((tx) => tx.groupsWithRetention())).some((x) => x.groupKey === g.groupKey));
      assert.ok(!(await store.transact((tx) => tx.groupsWithRetention())).some((x) => x.groupKey === other.groupKey));
      assert.equal(await store.transact((tx) => tx.deleteLogEventsBefore(g.groupKey, 5)), 2);
      const left = await store.transact((tx) => tx.scanGroupEvents({ groupKey: g.groupKey, startTime: 0, endTime: 100, limit: 10 }));
      assert.deepEqual(left.map((e) => e.sealed.toString()), ['new']);
      assert.equal((await store.transact((tx) => tx.scanGroupEvents({ groupKey: other.groupKey, startTime: 0, endTime: 100, limit: 10 }))).length, 1);
      assert.equal(await store.transact((tx) => tx.deleteLogStream(g.groupKey, 's')), true);
      assert.equal(await store.transact((tx) => tx.deleteLogStream(g.groupKey, 's')), false);
      assert.equal((await store.transact((tx) => tx.scanGroupEvents({ groupKey: g.groupKey, startTime: 0, endTime: 100, limit: 10 }))).length, 0);
      assert.equal(await store.transact((tx) => tx.deleteLogGroup(A, '/g/kept')), true);
      assert.equal(await store.transact((tx) => tx.getLogStream(other.groupKey, 's')), undefined);
      assert.equal((await store.transact((tx) => tx.scanGroupEvents({ groupKey: other.groupKey, startTime: 0, endTime: 100, limit: 10 }))).length, 0);
    });

    test('a transaction that fails leaves no appended events behind', async () => {
      const g = await create(group(A, '/g/atomic'));
      const s = await store.transact((tx) => tx.insertLogStream(g.groupKey, 's', 1));
      assert.ok(s);
      await assert.rejects(
        store.transact(async (tx) => {
          await tx.appendLogEvents(g.groupKey, s.streamKey, 5, [ev(1, 'x')]);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal((await store.transact((tx) => tx.getLogStream(g.groupKey, 's')))?.storedBytes, 0);
      assert.equal((await store.transact((tx) => tx.scanGroupEvents({ groupKey: g.groupKey, startTime: 0, endTime: 100, limit: 10 }))).length, 0);
    });
  });
}
