/**
 * The recorder on every engine, and on PostgreSQL with several nodes: record() calls racing with each other
 * and with writes to the resource append items in commit order (each item's state is newer than the one
 * before it), never two equal items in a row, and the newest item is the resource's final state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreTx } from '../../../src/store/store.js';
import type { FunctionRecord } from '../../../src/store/records.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { sqsPgTables } from '../../../src/services/sqs/store/sqs-pg-tables.js';
import { configPgTables } from '../../../src/services/config/store/config-pg-tables.js';
import { ConfigRecorder } from '../../../src/services/config/config-recorder.js';
import type { ResourceRef, ResourceSnapshot, ResourceSnapshotter } from '../../../src/services/config/configuration-item.js';
import type { ConfigStore } from '../../../src/services/config/store/config-tx.js';
import { forEachEngine } from '../../store/contract/engines.js';
import type { FullContractStore } from '../../store/contract/engines.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const NAME = 'raced';

/** The function record's `n` tag is the state: enough to see order without the whole control plane. */
const snapshotter: ResourceSnapshotter = {
  async snapshot(tx: StoreTx, ref: ResourceRef): Promise<ResourceSnapshot | undefined> {
    const fn = await tx.getFunction(ref.accountId, ref.resourceName);
    if (fn === undefined) return undefined;
    return {
      resourceId: fn.name,
      resourceName: fn.name,
      arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn.name}`,
      awsRegion: REGION,
      configuration: { n: Number(fn.tags['n']) },
      supplementaryConfiguration: {},
      relationships: [],
      tags: fn.tags,
    };
  },
};

function fnRecord(n: number): FunctionRecord {
  return { accountId: ACCOUNT, name: NAME, createdAt: '2024-01-01T00:00:00.000Z', tags: { n: String(n) }, reservedConcurrency: null, lastVersion: 0 };
}

/** `writes` read-modify-writes of `n` (so `n` counts commits), each followed by a record(), all at once over the nodes. */
async function race(stores: readonly ConfigStore[], writes: number): Promise<void> {
  const recorders = stores.map((store) => new ConfigRecorder({ store, snapshotter }));
  await Promise.all(
    Array.from({ length: writes }, async (_, i) => {
      const store = stores[i % stores.length] as ConfigStore;
      await store.transact(async (tx) => {
        const n = Number((await tx.getFunction(ACCOUNT, NAME))?.tags['n'] ?? '0');
        await tx.putFunction(fnRecord(n + 1));
      });
      const recorder = recorders[(i + 1) % recorders.length] as ConfigRecorder;
      // Two reports of the same call, as a retried delivery would make: the second finds nothing new.
      await Promise.all([0, 1].map(() => recorder.record({ accountId: ACCOUNT, region: REGION, resourceType: 'AWS::Lambda::Function', resourceName: NAME, eventId: `e${i}`, time: new Date() })));
    }),
  );
}

async function assertOrdered(store: ConfigStore, writes: number): Promise<void> {
  const items = await store.transact((tx) =>
    tx.configHistory({ accountId: ACCOUNT, region: REGION, resourceType: 'AWS::Lambda::Function', resourceId: NAME, forward: true, limit: 1000 }),
  );
  const states = items.map((i) => Number(i.doc.configuration?.['n']));
  assert.ok(items.length >= 1);
  for (let k = 1; k < items.length; k++) {
    assert.ok((states[k] ?? 0) > (states[k - 1] ?? 0), `states out of order: ${states.join(',')}`);
    assert.ok(Number(items[k]?.stateId) > Number(items[k - 1]?.stateId));
    assert.ok((items[k]?.captureTime ?? 0) >= (items[k - 1]?.captureTime ?? 0));
  }
  assert.equal(states[states.length - 1], writes);
  assert.equal(items[0]?.status, 'ResourceDiscovered');
  assert.ok(items.slice(1).every((i) => i.status === 'OK'));
}

forEachEngine((engine) => {
  test('racing records on one node append in commit order, never a duplicate', async () => {
    const opened = await engine.open();
    try {
      await race([opened.store], 24);
      await assertOrdered(opened.store, 24);
    } finally {
      await opened.close();
    }
  });
});

test('postgres: racing records on three nodes sharing the store append in commit order', async (t) => {
  const db = await freshPostgresDatabase();
  const stores: FullContractStore[] = Array.from({ length: 3 }, () => PostgresStore.open({ url: db.url, modules: [sqsPgTables(), configPgTables()] }));
  // One at a time: each applies the migrations the others then find applied.
  for (const s of stores) await s.start();
  t.after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db.drop();
  });
  await race(stores, 30);
  await assertOrdered(stores[0] as FullContractStore, 30);
});
