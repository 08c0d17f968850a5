/**
 * CloudTrailTx on every engine: the event store (idempotent inserts, LookupEvents' filters, order and keyset
 * paging, the delivery feed, decisions, retention) and trails. The store is opened with the core's, SQS's and
 * CloudTrail's tables, as the server opens it; times are explicit epoch values, never the wall clock.
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
import { cloudTrailTables } from '../../../src/services/cloudtrail/store/cloudtrail-tables.js';
import { cloudTrailPgTables } from '../../../src/services/cloudtrail/store/cloudtrail-pg-tables.js';
import type { CloudTrailTx } from '../../../src/services/cloudtrail/store/cloudtrail-tx.js';
import type { EventLookup, LookupAttributeKey, TrailRecord } from '../../../src/services/cloudtrail/store/cloudtrail-records.js';
import type { NewTrailEvent, StoredTrailEvent } from '../../../src/services/cloudtrail/store/trail-event-records.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';

type CtStore = Store<StoreTx & CloudTrailTx>;

interface Engine {
  readonly name: string;
  open(): Promise<{ store: CtStore; close(): Promise<void> }>;
}

const ENGINES: readonly Engine[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'lbx-ct-contract-'));
      const store: CtStore = SqliteStore.open({ path: join(dir, 'lambdabox.db'), modules: [sqsTables(), cloudTrailTables()] });
      await store.start();
      return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'postgres',
    async open() {
      const db = await freshPostgresDatabase();
      const store: CtStore = PostgresStore.open({ url: db.url, modules: [sqsPgTables(), cloudTrailPgTables()] });
      await store.start();
      return { store, close: async () => (await store.close(), await db.drop()) };
    },
  },
];

const A = '111111111111';
const B = '222222222222';
const FN = `arn:aws:lambda:us-east-1:${A}:function:f1`;

function event(eventId: string, eventTime: number, overrides: Partial<NewTrailEvent> = {}): NewTrailEvent {
  return {
    accountId: A,
    region: 'us-east-1',
    eventId,
    eventTime,
    eventSource: 'lambda.amazonaws.com',
    eventName: 'CreateFunction20150331',
    readOnly: false,
    management: true,
    username: 'alice',
    accessKeyId: 'AKIAALICE',
    resources: [{ type: 'AWS::Lambda::Function', name: FN }],
    record: `{"eventID":"${eventId}","eventTime":${eventTime}}`,
    decisions: `[{"id":"${eventId}"}]`,
    ...overrides,
  };
}

function trail(name: string, overrides: Partial<TrailRecord> = {}): TrailRecord {
  return {
    accountId: A,
    homeRegion: 'us-east-1',
    name,
    arn: `arn:aws:cloudtrail:us-east-1:${A}:trail/${name}`,
    s3BucketName: 'bucket-1',
    includeGlobalServiceEvents: true,
    isMultiRegionTrail: false,
    logFileValidationEnabled: false,
    isLogging: false,
    createdAt: 1_700_000_000_000,
    tags: {},
    ...overrides,
  };
}

const ids = (events: readonly StoredTrailEvent[]): string[] => events.map((e) => e.eventId);

for (const engine of ENGINES) {
  describe(engine.name, () => {
    const withStore = async (body: (store: CtStore) => Promise<void>): Promise<void> => {
      const opened = await engine.open();
      try {
        await body(opened.store);
      } finally {
        await opened.close();
      }
    };
    const lookup = (store: CtStore, q: Partial<EventLookup>): Promise<StoredTrailEvent[]> =>
      store.transact((tx) => tx.lookupEvents({ accountId: A, startTime: 0, endTime: 10_000, limit: 50, ...q }));

    test('an event round-trips every column; a retried batch stores nothing twice', () =>
      withStore(async (store) => {
        const full = event('e1', 1_000);
        const bare = event('e2', 2_000, { username: undefined, accessKeyId: undefined, decisions: undefined, resources: [] });
        delete (bare as { username?: string }).username;
        delete (bare as { accessKeyId?: string }).accessKeyId;
        delete (bare as { decisions?: string }).decisions;
        await store.transact((tx) => tx.insertTrailEvents([full, bare]));
        await store.transact((tx) => tx.insertTrailEvents([full, bare, event('e3', 3_000)]));
        const all = await store.transact((tx) => tx.eventsAfter(0, 100));
        assert.deepEqual(ids(all), ['e1', 'e2', 'e3']);
        const [first, second] = all;
        assert.ok(first !== undefined && second !== undefined);
        assert.ok(first.seq < second.seq);
        assert.deepEqual({ ...first, seq: 0 }, { ...full, seq: 0 });
        assert.deepEqual({ ...second, seq: 0 }, { ...bare, seq: 0 });
        // The same event id in another account is another event.
        await store.transact((tx) => tx.insertTrailEvents([event('e1', 1_000, { accountId: B })]));
        assert.equal((await store.transact((tx) => tx.eventsAfter(0, 100))).length, 4);
        assert.deepEqual(ids(await store.transact((tx) => tx.eventsAfter(first.seq, 1))), ['e2']);
      }));

    test('lookupEvents: one account, management only, time range inclusive, newest first, keyset paging', () =>
      withStore(async (store) => {
        await store.transact((tx) =>
          tx.insertTrailEvents([
            event('old', 100),
            event('t1', 1_000),
            event('t2a', 2_000),
            event('t2b', 2_000),
            event('data', 2_500, { management: false, eventName: 'Invoke' }),
            event('t3', 3_000),
            event('other', 2_000, { accountId: B }),
          ]),
        );
        assert.deepEqual(ids(await lookup(store, { startTime: 1_000, endTime: 3_000 })), ['t3', 't2b', 't2a', 't1']);
        const page1 = await lookup(store, { startTime: 1_000, endTime: 3_000, limit: 2 });
        assert.deepEqual(ids(page1), ['t3', 't2b']);
        const last = page1[1];
        assert.ok(last !== undefined);
        const page2 = await lookup(store, { startTime: 1_000, endTime: 3_000, limit: 2, after: { eventTime: last.eventTime, seq: last.seq } });
        assert.deepEqual(ids(page2), ['t2a', 't1']);
        assert.deepEqual(ids(await lookup(store, { accountId: B })), ['other']);
      }));

    test('lookupEvents: each attribute key filters on its column', () =>
      withStore(async (store) => {
        await store.transact((tx) =>
          tx.insertTrailEvents([
            event('x1', 1_000),
            event('x2', 2_000, {
              eventName: 'GetFunction20150401v2',
              eventSource: 'iam.amazonaws.com',
              readOnly: true,
              username: 'bob',
              accessKeyId: 'AKIABOB',
              resources: [
                { type: 'AWS::IAM::Role', name: 'r1' },
                { type: 'AWS::SQS::Queue', name: 'q1' },
              ],
            }),
          ]),
        );
        const cases: Array<[LookupAttributeKey, string, string[]]> = [
          ['EventId', 'x2', ['x2']],
          ['EventName', 'CreateFunction20150331', ['x1']],
          ['ReadOnly', 'true', ['x2']],
          ['ReadOnly', 'false', ['x1']],
          ['ReadOnly', 'maybe', []],
          ['Username', 'bob', ['x2']],
          ['AccessKeyId', 'AKIAALICE', ['x1']],
          ['EventSource', 'iam.amazonaws.com', ['x2']],
          ['ResourceType', 'AWS::SQS::Queue', ['x2']],
          ['ResourceType', 'AWS::Lambda::Function', ['x1']],
          ['ResourceName', FN, ['x1']],
          ['ResourceName', 'q1', ['x2']],
          ['ResourceName', 'AWS::SQS::Queue', []],
        ];
        for (const [key, value, expected] of cases) {
          assert.deepEqual(ids(await lookup(store, { attribute: { key, value } })), expected, `${key}=${value}`);
        }
      }));

    test('decisionsOf reads the internal stream; deleteEventsBefore sweeps by event time', () =>
      withStore(async (store) => {
        await store.transact((tx) => tx.insertTrailEvents([event('d1', 1_000), event('d2', 5_000, { decisions: undefined })]));
        assert.equal(await store.transact((tx) => tx.decisionsOf(A, 'd1')), '[{"id":"d1"}]');
        assert.equal(await store.transact((tx) => tx.decisionsOf(A, 'd2')), undefined);
        assert.equal(await store.transact((tx) => tx.decisionsOf(B, 'd1')), undefined);
        assert.equal(await store.transact((tx) => tx.deleteEventsBefore(5_000)), 1);
        assert.deepEqual(ids(await store.transact((tx) => tx.eventsAfter(0, 10))), ['d2']);
      }));

    test('trails: put/get round trip, replace, list by name, logging trails of every account, delete', () =>
      withStore(async (store) => {
        const full = trail('full', {
          s3KeyPrefix: 'p/x',
          snsTopicName: 'topic',
          isMultiRegionTrail: true,
          logFileValidationEnabled: true,
          isLogging: true,
          startLoggingTime: 1_700_000_000_500,
          stopLoggingTime: 1_700_000_000_400,
          eventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }],
          advancedEventSelectors: [{ Name: 'n', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }],
          tags: { k: 'v' },
        });
        await store.transact(async (tx) => {
          await tx.putTrail(trail('zeta'));
          await tx.putTrail(full);
          await tx.putTrail(trail('other', { accountId: B, isLogging: true }));
        });
        assert.deepEqual(await store.transact((tx) => tx.getTrail(A, 'full')), full);
        assert.deepEqual(await store.transact((tx) => tx.getTrail(A, 'zeta')), trail('zeta'));
        assert.equal(await store.transact((tx) => tx.getTrail(B, 'full')), undefined);
        await store.transact((tx) => tx.putTrail({ ...full, isLogging: false }));
        assert.equal((await store.transact((tx) => tx.getTrail(A, 'full')))?.isLogging, false);
        assert.deepEqual((await store.transact((tx) => tx.listTrails(A))).map((t) => t.name), ['full', 'zeta']);
        assert.deepEqual((await store.transact((tx) => tx.loggingTrails())).map((t) => [t.accountId, t.name]), [[B, 'other']]);
        assert.equal(await store.transact((tx) => tx.deleteTrail(A, 'full')), true);
        assert.equal(await store.transact((tx) => tx.deleteTrail(A, 'full')), false);
        assert.deepEqual((await store.transact((tx) => tx.listTrails(A))).map((t) => t.name), ['zeta']);
      }));
  });
}
