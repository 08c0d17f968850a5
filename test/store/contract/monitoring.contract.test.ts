/**
 * MonitoringTx on every engine (SQLite and PostgreSQL, each with the monitoring module): metric identities,
 * per-period aggregates, retention deletes, alarms and their history. Times are explicit epoch values.
 * The engines are opened here with the monitoring module, as cloudtrail.contract.test.ts does for its own.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store, StoreTx } from '../../../src/store/store.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { monitoringTables } from '../../../src/services/monitoring/store/monitoring-tables.js';
import { monitoringPgTables } from '../../../src/services/monitoring/store/monitoring-pg-tables.js';
import type { MonitoringTx } from '../../../src/services/monitoring/store/monitoring-tx.js';
import type { DatapointRecord, MetricRecord } from '../../../src/services/monitoring/store/monitoring-records.js';
import { DatapointBatch, writePoints } from '../../../src/services/monitoring/metrics/datapoint-batch.js';
import { metricKey } from '../../../src/services/monitoring/metrics/metric-key.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';

type MonStore = Store<StoreTx & MonitoringTx>;

interface MonEngine {
  readonly name: string;
  open(): Promise<{ store: MonStore; close(): Promise<void> }>;
}

const ENGINES: readonly MonEngine[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'lbx-mon-contract-'));
      const store: MonStore = SqliteStore.open({ path: join(dir, 'lambdabox.db'), modules: [monitoringTables()] });
      await store.start();
      return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'postgres',
    async open() {
      const db = await freshPostgresDatabase();
      const store: MonStore = PostgresStore.open({ url: db.url, modules: [monitoringPgTables()] });
      await store.start();
      return { store, close: async () => (await store.close(), await db.drop()) };
    },
  },
];

const A = '111111111111';
const B = '222222222222';

function metric(name: string, overrides: Partial<MetricRecord> = {}): MetricRecord {
  return { accountId: A, metricKey: `k-${name}`, namespace: 'App', metricName: name, dimensions: '[]', lastPut: 1_000, ...overrides };
}

function point(ts: number, overrides: Partial<DatapointRecord> = {}): DatapointRecord {
  return {
    accountId: A, metricKey: 'k1', unit: 'Count', resolution: 60, ts, sampleCount: 2, sum: 3.5, minimum: 0.5, maximum: 3, distribution: '[[0.5,1],[3,1]]',
    ...overrides,
  };
}

async function withStore(engine: MonEngine, body: (store: MonStore) => Promise<void>): Promise<void> {
  const opened = await engine.open();
  try {
    await body(opened.store);
  } finally {
    await opened.close();
  }
}

for (const engine of ENGINES) {
  describe(engine.name, () => {
    test('touchMetric keeps one identity per key and only moves lastPut forward; metrics() filters and pages', () =>
      withStore(engine, async (store) => {
        await store.transact(async (tx) => {
          await tx.touchMetric(metric('b', { lastPut: 5_000 }));
          await tx.touchMetric(metric('b', { lastPut: 4_000 }));
          await tx.touchMetric(metric('a', { namespace: 'Other' }));
          await tx.touchMetric(metric('c', { accountId: B }));
        });
        const all = await store.transact((tx) => tx.metrics({ accountId: A, limit: 10 }));
        assert.deepEqual(all.map((m) => [m.metricKey, m.lastPut]), [['k-a', 1_000], ['k-b', 5_000]]);
        const ns = await store.transact((tx) => tx.metrics({ accountId: A, namespace: 'App', limit: 10 }));
        assert.deepEqual(ns.map((m) => m.metricName), ['b']);
        const byName = await store.transact((tx) => tx.metrics({ accountId: A, metricName: 'a', limit: 10 }));
        assert.deepEqual(byName.map((m) => m.namespace), ['Other']);
        const recent = await store.transact((tx) => tx.metrics({ accountId: A, activeSince: 2_000, limit: 10 }));
        assert.deepEqual(recent.map((m) => m.metricName), ['b']);
        const page = await store.transact((tx) => tx.metrics({ accountId: A, afterKey: 'k-a', limit: 1 }));
        assert.deepEqual(page.map((m) => m.metricName), ['b']);
        assert.equal(await store.transact((tx) => tx.deleteMetricsInactiveSince(2_000)), 2);
        assert.deepEqual((await store.transact((tx) => tx.metrics({ accountId: A, limit: 10 }))).map((m) => m.metricName), ['b']);
      }));

    test('datapoints round-trip exactly, are replaced by key, ranged by period start and deleted by resolution and age', () =>
      withStore(engine, async (store) => {
        await store.transact(async (tx) => {
          await tx.writeDatapoint(point(60_000));
          await tx.writeDatapoint(point(120_000, { sum: 0.1 + 0.2, minimum: -(2 ** 300), maximum: 2 ** 300 }));
          await tx.writeDatapoint(point(120_000, { unit: 'Seconds' }));
          await tx.writeDatapoint(point(121_000, { resolution: 1 }));
          await tx.writeDatapoint(point(60_000, { sampleCount: 7 }));
        });
        const got = await store.transact((tx) => tx.datapoint(A, 'k1', 'Count', 60, 60_000));
        assert.deepEqual(got, point(60_000, { sampleCount: 7 }));
        assert.equal(await store.transact((tx) => tx.datapoint(B, 'k1', 'Count', 60, 60_000)), undefined);
        const range = await store.transact((tx) => tx.datapoints({ accountId: A, metricKey: 'k1', from: 120_000, to: 180_000 }));
        assert.deepEqual(range.map((p) => [p.ts, p.unit, p.resolution]), [[120_000, 'Count', 60], [120_000, 'Seconds', 60], [121_000, 'Count', 1]]);
        assert.equal(range[0]?.sum, 0.1 + 0.2);
        assert.equal(range[0]?.minimum, -(2 ** 300));
        assert.equal(range[0]?.maximum, 2 ** 300);
        assert.equal(await store.transact((tx) => tx.deleteDatapointsBefore(1, 200_000)), 1);
        assert.equal(await store.transact((tx) => tx.deleteDatapointsBefore(60, 100_000)), 1);
        const left = await store.transact((tx) => tx.datapoints({ accountId: A, metricKey: 'k1', from: 0, to: 1e12 }));
        assert.deepEqual(left.map((p) => [p.ts, p.unit]), [[120_000, 'Count'], [120_000, 'Seconds']]);
      }));

    test('writePoints merges batches into the stored aggregate of each period (sums, counts, extremes, distribution)', () =>
      withStore(engine, async (store) => {
        const put = async (values: number[], ts: number): Promise<void> => {
          const batch = new DatapointBatch();
          batch.add(A, 'App', { metricName: 'Latency', dimensions: [{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }], timestamp: ts, unit: 'Milliseconds', resolution: 60, values, counts: values.map(() => 1) });
          const points = batch.take();
          await store.transact((tx) => writePoints(tx, points));
        };
        await put([1, 2, 3], 60_500);
        await put([10, 2], 119_999);
        const key = metricKey({ namespace: 'App', metricName: 'Latency', dimensions: [{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }] });
        const p = await store.transact((tx) => tx.datapoint(A, key, 'Milliseconds', 60, 60_000));
        assert.ok(p);
        assert.equal(p.sampleCount, 5);
        assert.equal(p.sum, 18);
        assert.equal(p.minimum, 1);
        assert.equal(p.maximum, 10);
        assert.deepEqual(new Map(JSON.parse(p.distribution) as Array<[number, number]>), new Map([[1, 1], [2, 2], [3, 1], [10, 1]]));
        const [m] = await store.transact((tx) => tx.metrics({ accountId: A, limit: 10 }));
        assert.equal(m?.lastPut, 119_999);
        assert.equal(m?.dimensions, JSON.stringify([{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }]));
      }));

    test('alarms: put replaces, listing is per account by name, delete reports whether one was there', () =>
      withStore(engine, async (store) => {
        await store.transact(async (tx) => {
          await tx.putAlarm({ accountId: A, alarmName: 'b', stateValue: 'OK', body: '{"x":1}' });
          await tx.putAlarm({ accountId: A, alarmName: 'a', stateValue: 'OK', body: '{}' });
          await tx.putAlarm({ accountId: A, alarmName: 'b', stateValue: 'ALARM', body: '{"x":2}' });
          await tx.putAlarm({ accountId: B, alarmName: 'c', stateValue: 'OK', body: '{}' });
        });
        assert.deepEqual(await store.transact((tx) => tx.alarm(A, 'b')), { accountId: A, alarmName: 'b', stateValue: 'ALARM', body: '{"x":2}' });
        assert.deepEqual((await store.transact((tx) => tx.alarms(A))).map((r) => r.alarmName), ['a', 'b']);
        assert.deepEqual((await store.transact((tx) => tx.allAlarms())).map((r) => `${r.accountId}/${r.alarmName}`), [`${A}/a`, `${A}/b`, `${B}/c`]);
        assert.equal(await store.transact((tx) => tx.deleteAlarm(A, 'b')), true);
        assert.equal(await store.transact((tx) => tx.deleteAlarm(A, 'b')), false);
        assert.equal(await store.transact((tx) => tx.alarm(A, 'b')), undefined);
      }));

    test('alarm history: filters, both orders, paging by seq, retention', () =>
      withStore(engine, async (store) => {
        await store.transact(async (tx) => {
          for (let i = 1; i <= 5; i++) {
            await tx.appendAlarmHistory({ accountId: A, alarmName: i % 2 === 0 ? 'even' : 'odd', alarmType: 'MetricAlarm', ts: i * 1000, itemType: i === 1 ? 'ConfigurationUpdate' : 'StateUpdate', summary: `s${i}`, data: '{}' });
          }
          await tx.appendAlarmHistory({ accountId: B, alarmName: 'odd', alarmType: 'MetricAlarm', ts: 9000, itemType: 'Action', summary: 'other', data: '{}' });
        });
        const newest = await store.transact((tx) => tx.alarmHistory({ accountId: A, oldestFirst: false, limit: 10 }));
        assert.deepEqual(newest.map((h) => h.summary), ['s5', 's4', 's3', 's2', 's1']);
        const odd = await store.transact((tx) => tx.alarmHistory({ accountId: A, alarmName: 'odd', oldestFirst: true, limit: 10 }));
        assert.deepEqual(odd.map((h) => h.summary), ['s1', 's3', 's5']);
        const states = await store.transact((tx) => tx.alarmHistory({ accountId: A, itemType: 'StateUpdate', from: 3000, to: 4000, oldestFirst: true, limit: 10 }));
        assert.deepEqual(states.map((h) => h.summary), ['s3', 's4']);
        const typed = await store.transact((tx) => tx.alarmHistory({ accountId: A, alarmTypes: ['CompositeAlarm'], oldestFirst: true, limit: 10 }));
        assert.equal(typed.length, 0);
        const first = await store.transact((tx) => tx.alarmHistory({ accountId: A, oldestFirst: false, limit: 2 }));
        const second = await store.transact((tx) => tx.alarmHistory({ accountId: A, oldestFirst: false, afterSeq: first[1]?.seq ?? 0, limit: 2 }));
        assert.deepEqual(second.map((h) => h.summary), ['s3', 's2']);
        assert.equal(await store.transact((tx) => tx.deleteAlarmHistoryBefore(3000)), 2);
        await store.transact((tx) => tx.deleteAlarmHistory(A, 'odd'));
        const left = await store.transact((tx) => tx.alarmHistory({ accountId: A, oldestFirst: true, limit: 10 }));
        assert.deepEqual(left.map((h) => h.summary), ['s4']);
      }));
  });
}
