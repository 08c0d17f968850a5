/**
 * XrayTx on every engine: upserts by (account, trace, segment id), reads of traces in the order asked, trace
 * ids by the trace id's time and by event time with keyset paging, account isolation, and the retention sweep.
 * The store is opened with the core's and X-Ray's tables, as the server opens it (plus SQS's, the contract
 * default); times are explicit values, never the wall clock.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store, StoreTx } from '../../../src/store/store.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { sqsTables } from '../../../src/services/sqs/store/sqs-tables.js';
import { sqsPgTables } from '../../../src/services/sqs/store/sqs-pg-tables.js';
import { xrayTables } from '../../../src/services/xray/store/xray-tables.js';
import { xrayPgTables } from '../../../src/services/xray/store/xray-pg-tables.js';
import type { XrayTx } from '../../../src/services/xray/store/xray-tx.js';
import type { SegmentRecord } from '../../../src/services/xray/store/xray-records.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';

type XStore = Store<StoreTx & XrayTx>;

interface Engine {
  readonly name: string;
  open(): Promise<{ store: XStore; reopen(): Promise<XStore>; close(): Promise<void> }>;
}

const ENGINES: readonly Engine[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'lbx-xray-contract-'));
      const path = join(dir, 'lambdabox.db');
      let store: XStore = SqliteStore.open({ path, modules: [sqsTables(), xrayTables()] });
      await store.start();
      return {
        get store() {
          return store;
        },
        async reopen() {
          await store.close();
          store = SqliteStore.open({ path, modules: [sqsTables(), xrayTables()] });
          await store.start();
          return store;
        },
        close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })),
      };
    },
  },
  {
    name: 'postgres',
    async open() {
      const db = await freshPostgresDatabase();
      let store: XStore = PostgresStore.open({ url: db.url, modules: [sqsPgTables(), xrayPgTables()] });
      await store.start();
      return {
        get store() {
          return store;
        },
        async reopen() {
          await store.close();
          store = PostgresStore.open({ url: db.url, modules: [sqsPgTables(), xrayPgTables()] });
          await store.start();
          return store;
        },
        close: async () => (await store.close(), await db.drop()),
      };
    },
  },
];

const A = '111111111111';
const B = '222222222222';
const T1 = '1-5f000000-000000000000000000000001';
const T2 = '1-5f000010-000000000000000000000002';
const T3 = '1-5f000020-000000000000000000000003';

function seg(traceId: string, segmentId: string, over: Partial<SegmentRecord> = {}): SegmentRecord {
  const traceTime = Number.parseInt(traceId.slice(2, 10), 16);
  return {
    accountId: A,
    traceId,
    segmentId,
    name: 'web',
    startTime: traceTime + 0.25,
    endTime: traceTime + 1.5,
    inProgress: false,
    error: false,
    fault: false,
    throttle: false,
    traceTime,
    receivedAt: 1_000_000,
    sealed: Buffer.from(`sealed:${segmentId}`),
    ...over,
  };
}

for (const engine of ENGINES) {
  describe(`xray store (${engine.name})`, () => {
    test('stores every column, replaces a segment by its ids, and survives a restart', async () => {
      const opened = await engine.open();
      try {
        const full = seg(T1, 'aaaaaaaaaaaaaaaa', {
          parentId: 'bbbbbbbbbbbbbbbb',
          error: true,
          fault: true,
          throttle: true,
          httpStatus: 503,
          origin: 'AWS::Lambda::Function',
        });
        const { endTime: _end, ...open } = seg(T1, 'cccccccccccccccc');
        await opened.store.transact((tx) => tx.putSegments([full, { ...open, inProgress: true }]));
        assert.deepEqual(await opened.store.transact((tx) => tx.traceSegments(A, [T1])), [full, { ...open, inProgress: true }]);
        const done = seg(T1, 'cccccccccccccccc', { sealed: Buffer.from('complete') });
        await opened.store.transact((tx) => tx.putSegments([done]));
        const store = await opened.reopen();
        const after = await store.transact((tx) => tx.traceSegments(A, [T1]));
        assert.deepEqual(after, [full, done]);
      } finally {
        await opened.close();
      }
    });

    test('traces are read in the order asked, per account only', async () => {
      const opened = await engine.open();
      try {
        const s = opened.store;
        await s.transact((tx) => tx.putSegments([seg(T1, '0000000000000001'), seg(T2, '0000000000000002'), seg(T3, '0000000000000003', { accountId: B })]));
        const got = await s.transact((tx) => tx.traceSegments(A, [T2, T1, T3]));
        assert.deepEqual(got.map((r) => r.segmentId), ['0000000000000002', '0000000000000001']);
        assert.deepEqual(await s.transact((tx) => tx.traceSegments(B, [T1, T2])), []);
        assert.deepEqual(await s.transact((tx) => tx.traceSegments(A, [])), []);
      } finally {
        await opened.close();
      }
    });

    test('trace ids by trace id time and by event time, ascending, paged after a cursor', async () => {
      const opened = await engine.open();
      try {
        const s = opened.store;
        const t1 = 0x5f000000;
        await s.transact((tx) =>
          tx.putSegments([
            seg(T1, '0000000000000001'),
            seg(T1, '0000000000000004', { startTime: t1 + 100, endTime: t1 + 200 }),
            seg(T2, '0000000000000002'),
            // In progress: found by its start time.
            { ...seg(T3, '0000000000000003'), endTime: undefined, inProgress: true } as SegmentRecord,
            seg(T3, '0000000000000005', { accountId: B }),
          ]),
        );
        const ids = (by: 'TraceId' | 'Event', start: number, end: number, after?: string, limit = 10): Promise<string[]> =>
          s.transact((tx) => tx.traceIdsBetween({ accountId: A, by, start, end, ...(after === undefined ? {} : { after }), limit }));
        assert.deepEqual(await ids('TraceId', t1, t1 + 0x20), [T1, T2, T3]);
        // A range starting mid-second still holds that second's traces.
        assert.deepEqual(await ids('TraceId', t1 + 0x10 + 0.5, t1 + 0x10 + 0.9), [T2]);
        assert.deepEqual(await ids('TraceId', t1 + 1, t1 + 0x10), [T2]);
        assert.deepEqual(await ids('TraceId', t1, t1 + 0x20, T1, 1), [T2]);
        assert.deepEqual(await ids('Event', t1 + 150, t1 + 250), [T1]);
        assert.deepEqual(await ids('Event', t1 + 0x20, t1 + 0x20 + 1), [T3]);
        assert.deepEqual(await ids('Event', t1, t1 + 1.5), [T1]);
      } finally {
        await opened.close();
      }
    });

    test('the retention sweep deletes what was received before the cut, of every account', async () => {
      const opened = await engine.open();
      try {
        const s = opened.store;
        await s.transact((tx) =>
          tx.putSegments([
            seg(T1, '0000000000000001', { receivedAt: 100 }),
            seg(T2, '0000000000000002', { receivedAt: 200, accountId: B }),
            seg(T3, '0000000000000003', { receivedAt: 300 }),
          ]),
        );
        assert.equal(await s.transact((tx) => tx.deleteSegmentsReceivedBefore(300)), 2);
        assert.equal(await s.transact((tx) => tx.deleteSegmentsReceivedBefore(300)), 0);
        assert.deepEqual((await s.transact((tx) => tx.traceSegments(A, [T1, T3]))).map((r) => r.traceId), [T3]);
      } finally {
        await opened.close();
      }
    });
  });
}
