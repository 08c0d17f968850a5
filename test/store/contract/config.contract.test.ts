/**
 * ConfigTx on every engine: items appended in order, the newest per resource and per lookup key, history in
 * both orders within time bounds and after a cursor, and the discovered-resources view (latest item of each
 * resource, deleted ones on request). Times are explicit epoch values, never the wall clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewConfigItem, StoredConfigItem } from '../../../src/services/config/store/config-records.js';
import type { ConfigItemStatus } from '../../../src/services/config/configuration-item.js';
import type { FullContractStore, Engine } from './engines.js';
import { forEachEngine } from './engines.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const REGION = 'us-east-1';
const FN = 'AWS::Lambda::Function';

function item(resourceId: string, captureTime: number, status: ConfigItemStatus = 'OK', overrides: Partial<NewConfigItem> = {}): NewConfigItem {
  const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${resourceId}`;
  return {
    accountId: ACCOUNT,
    region: REGION,
    resourceType: FN,
    resourceId,
    resourceName: resourceId,
    arn,
    lookupKey: resourceId,
    captureTime,
    status,
    stateId: String(captureTime),
    doc: {
      version: '1.3',
      accountId: ACCOUNT,
      configurationItemStatus: status,
      configurationStateId: String(captureTime),
      configurationItemMD5Hash: '',
      arn,
      resourceType: FN,
      resourceId,
      resourceName: resourceId,
      awsRegion: REGION,
      availabilityZone: 'Not Applicable',
      tags: { team: 'a' },
      relatedEvents: [`event-${captureTime}`],
      relationships: [{ resourceType: 'AWS::IAM::Role', resourceName: 'r', relationshipName: 'Is associated with ' }],
      ...(status === 'ResourceDeleted' ? {} : { configuration: { functionName: resourceId, memorySize: captureTime } }),
      supplementaryConfiguration: {},
    },
    ...overrides,
  };
}

async function withStore(engine: Engine, body: (store: FullContractStore, reopen: () => Promise<FullContractStore>) => Promise<void>): Promise<void> {
  const opened = await engine.open();
  try {
    await body(opened.store, () => opened.reopen());
  } finally {
    await opened.close();
  }
}

async function insertAll(store: FullContractStore, items: readonly NewConfigItem[]): Promise<number[]> {
  return store.transact(async (tx) => {
    const seqs = [];
    for (const i of items) seqs.push(await tx.insertConfigItem(i));
    return seqs;
  });
}

const times = (items: readonly StoredConfigItem[]): number[] => items.map((i) => i.captureTime);
const key = (resourceId: string, accountId = ACCOUNT) => ({ accountId, region: REGION, resourceType: FN, resourceId });

forEachEngine((engine) => {
  test('insertConfigItem appends with increasing seqs; latestConfigItem round-trips the newest, across a restart', () =>
    withStore(engine, async (store, reopen) => {
      const first = item('fn-a', 1_000, 'ResourceDiscovered');
      const second = item('fn-a', 2_000);
      const seqs = await insertAll(store, [first, second, item('fn-b', 1_500, 'ResourceDiscovered')]);
      assert.deepEqual([...seqs].sort((a, b) => a - b), seqs);
      assert.equal(new Set(seqs).size, 3);
      assert.deepEqual(await store.transact((tx) => tx.latestConfigItem(key('fn-a'))), { ...second, seq: seqs[1] });
      assert.equal(await store.transact((tx) => tx.latestConfigItem(key('fn-a', OTHER))), undefined);
      assert.equal(await store.transact((tx) => tx.latestConfigItem(key('FN-A'))), undefined);
      const reopened = await reopen();
      assert.deepEqual(await reopened.transact((tx) => tx.latestConfigItem(key('fn-a'))), { ...second, seq: seqs[1] });
    }));

  test('latestConfigItemByLookupKey finds the newest item under a key, whatever its resource id', () =>
    withStore(engine, async (store) => {
      await insertAll(store, [
        item('AROAOLD', 1_000, 'ResourceDiscovered', { resourceType: 'AWS::IAM::Role', lookupKey: 'ops' }),
        item('AROANEW', 2_000, 'ResourceDiscovered', { resourceType: 'AWS::IAM::Role', lookupKey: 'ops' }),
      ]);
      const found = await store.transact((tx) => tx.latestConfigItemByLookupKey(ACCOUNT, REGION, 'AWS::IAM::Role', 'ops'));
      assert.equal(found?.resourceId, 'AROANEW');
      assert.equal(await store.transact((tx) => tx.latestConfigItemByLookupKey(ACCOUNT, REGION, FN, 'ops')), undefined);
      assert.equal(await store.transact((tx) => tx.latestConfigItemByLookupKey(OTHER, REGION, 'AWS::IAM::Role', 'ops')), undefined);
    }));

  test('configHistory: both orders, inclusive time bounds, a cursor, a limit; one resource and account only', () =>
    withStore(engine, async (store) => {
      await insertAll(store, [
        item('fn-a', 1_000, 'ResourceDiscovered'),
        item('fn-b', 1_100, 'ResourceDiscovered'),
        item('fn-a', 2_000),
        item('fn-a', 3_000),
        item('fn-a', 4_000, 'ResourceDeleted'),
        item('fn-a', 5_000, 'ResourceDiscovered', { accountId: OTHER }),
      ]);
      const history = (q: Partial<Parameters<Parameters<FullContractStore['transact']>[0]>[0]['configHistory'] extends (a: infer A) => unknown ? A : never>) =>
        store.transact((tx) => tx.configHistory({ ...key('fn-a'), forward: true, limit: 100, ...q }));
      assert.deepEqual(times(await history({})), [1_000, 2_000, 3_000, 4_000]);
      assert.deepEqual(times(await history({ forward: false })), [4_000, 3_000, 2_000, 1_000]);
      assert.deepEqual(times(await history({ earliest: 2_000, latest: 3_000 })), [2_000, 3_000]);
      assert.deepEqual(times(await history({ forward: false, latest: 2_999 })), [2_000, 1_000]);
      const firstTwo = await history({ limit: 2 });
      assert.deepEqual(times(firstTwo), [1_000, 2_000]);
      assert.deepEqual(times(await history({ afterSeq: firstTwo[1]?.seq ?? 0 })), [3_000, 4_000]);
      const newest = await history({ forward: false, limit: 1 });
      assert.deepEqual(times(await history({ forward: false, afterSeq: newest[0]?.seq ?? 0 })), [3_000, 2_000, 1_000]);
      assert.equal((await history({ forward: false, limit: 1 }))[0]?.doc.configuration, undefined);
      assert.deepEqual(await history({ ...key('fn-none') }), []);
    }));

  test('discoveredResources: the latest item per resource by id, deleted ones only when asked, filters and pages', () =>
    withStore(engine, async (store) => {
      await insertAll(store, [
        item('fn-c', 1_000, 'ResourceDiscovered'),
        item('fn-a', 1_000, 'ResourceDiscovered'),
        item('fn-b', 1_000, 'ResourceDiscovered'),
        item('fn-a', 2_000),
        item('fn-b', 3_000, 'ResourceDeleted'),
        item('fn-d', 1_000, 'ResourceDiscovered', { accountId: OTHER }),
        item('AROA1', 1_000, 'ResourceDiscovered', { resourceType: 'AWS::IAM::Role', resourceName: 'ops' }),
      ]);
      const list = (q: { includeDeleted?: boolean; resourceIds?: string[]; resourceName?: string; afterId?: string; limit?: number } = {}) =>
        store.transact((tx) =>
          tx.discoveredResources({ accountId: ACCOUNT, region: REGION, resourceType: FN, includeDeleted: false, limit: 100, ...q }),
        );
      const live = await list();
      assert.deepEqual(live.items.map((i) => [i.resourceId, i.captureTime]), [['fn-a', 2_000], ['fn-c', 1_000]]);
      assert.equal(live.nextAfter, undefined);
      const all = await list({ includeDeleted: true });
      assert.deepEqual(all.items.map((i) => [i.resourceId, i.status]), [['fn-a', 'OK'], ['fn-b', 'ResourceDeleted'], ['fn-c', 'ResourceDiscovered']]);
      const page = await list({ includeDeleted: true, limit: 2 });
      assert.deepEqual(page.items.map((i) => i.resourceId), ['fn-a', 'fn-b']);
      assert.equal(page.nextAfter, 'fn-b');
      assert.deepEqual((await list({ includeDeleted: true, afterId: 'fn-b' })).items.map((i) => i.resourceId), ['fn-c']);
      assert.deepEqual((await list({ includeDeleted: true, resourceIds: ['fn-b', 'fn-c', 'fn-x'] })).items.map((i) => i.resourceId), ['fn-b', 'fn-c']);
      assert.deepEqual((await list({ resourceName: 'fn-c' })).items.map((i) => i.resourceId), ['fn-c']);
      assert.deepEqual((await list({ resourceName: 'fn-b' })).items, []);
      const roles = await store.transact((tx) =>
        tx.discoveredResources({ accountId: ACCOUNT, region: REGION, resourceType: 'AWS::IAM::Role', includeDeleted: false, limit: 100 }),
      );
      assert.deepEqual(roles.items.map((i) => i.resourceName), ['ops']);
    }));

  test('a rolled-back insert leaves nothing behind', () =>
    withStore(engine, async (store) => {
      await assert.rejects(
        store.transact(async (tx) => {
          await tx.insertConfigItem(item('fn-a', 1_000, 'ResourceDiscovered'));
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await store.transact((tx) => tx.latestConfigItem(key('fn-a'))), undefined);
    }));
});
