/**
 * The metrics core without a server: the bounded value distribution and its percentile error bound, the
 * platform ingest's buffering (aggregation, bound, invalid data points dropped) and the retention sweep under
 * an injected clock, on a real SQLite store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_EXACT, mergeDistribution, percentile } from '../../../src/services/monitoring/metrics/distribution.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { monitoringTables } from '../../../src/services/monitoring/store/monitoring-tables.js';
import type { MonitoringStore, MonitoringTx } from '../../../src/services/monitoring/store/monitoring-tx.js';
import { GroupCommit } from '../../../src/store/group-commit.js';
import { MetricsBuffer } from '../../../src/services/monitoring/ingest/metrics-buffer.js';
import { sweepRetention } from '../../../src/services/monitoring/retention.js';
import { metricKey } from '../../../src/services/monitoring/metrics/metric-key.js';
import { createLogger } from '../../../src/observe/logger.js';

async function withStore(body: (store: MonitoringStore) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-mon-core-'));
  const store = SqliteStore.open({ path: join(dir, 'm.db'), modules: [monitoringTables()] });
  await store.start();
  try {
    await body(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the distribution is exact up to MAX_EXACT distinct values, then bucketed within 1 % of each percentile', () => {
  const small = mergeDistribution([], [3, 1, 2, 2], [1, 1, 1, 1]);
  assert.equal(percentile([small], 50), 2);
  assert.equal(percentile([small], 100), 3);
  assert.equal(percentile([small], 0), 1);
  const values = Array.from({ length: 20_000 }, (_, i) => 1 + i * 0.37);
  const big = mergeDistribution([], values, values.map(() => 1));
  assert.ok(big.length <= MAX_EXACT, `${big.length} pairs kept`);
  const sorted = [...values].sort((a, b) => a - b);
  for (const p of [50, 90, 99, 99.9]) {
    const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? 0;
    const approx = percentile([big], p) ?? 0;
    assert.ok(Math.abs(approx - exact) / exact <= 0.01, `p${p}: ${approx} vs ${exact}`);
  }
  assert.equal(big.reduce((n, [, c]) => n + c, 0), 20_000);
});

test('the ingest aggregates per period, drops invalid data points, and flush() makes them durable', () =>
  withStore(async (store) => {
    const commits = new GroupCommit<MonitoringTx>({ store });
    const seen: string[] = [];
    const buffer = new MetricsBuffer({ commits, logger: createLogger({ level: 'silent' }), flushIntervalMs: 3_600_000, observe: (_a, _n, d) => seen.push(d.metricName) });
    const t = Date.UTC(2026, 11, 7, 12, 0, 0);
    buffer.put('111111111111', 'AWS/Lambda', [
      { MetricName: 'Duration', Dimensions: [{ Name: 'FunctionName', Value: 'f' }], Timestamp: t + 1_000, Unit: 'Milliseconds', Value: 10 },
      { MetricName: 'Duration', Dimensions: [{ Name: 'FunctionName', Value: 'f' }], Timestamp: t + 59_000, Unit: 'Milliseconds', Values: [20, 30], Counts: [1, 2] },
      { MetricName: 'Duration', Dimensions: [{ Name: 'FunctionName', Value: 'f' }], Timestamp: t + 500, Unit: 'Milliseconds', Value: 5, StorageResolution: 1 },
      { MetricName: 'Bad', Timestamp: t, Unit: 'Count', Value: Number.NaN },
      { MetricName: 'Bad', Timestamp: t, Unit: 'Count', Values: [1, 2], Counts: [1] },
    ]);
    assert.equal(buffer.dropped, 2);
    assert.deepEqual(seen, ['Duration', 'Duration', 'Duration']);
    await buffer.flush();
    const key = metricKey({ namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: [{ Name: 'FunctionName', Value: 'f' }] });
    const minute = await store.transact((tx) => tx.datapoint('111111111111', key, 'Milliseconds', 60, t));
    assert.deepEqual([minute?.sampleCount, minute?.sum, minute?.minimum, minute?.maximum], [4, 90, 10, 30]);
    const second = await store.transact((tx) => tx.datapoint('111111111111', key, 'Milliseconds', 1, t));
    assert.deepEqual([second?.sampleCount, second?.sum], [1, 5]);
    await buffer.close();
  }));

test('the ingest is bounded: past four times maxPending buffered periods, data points are dropped and counted', () =>
  withStore(async (store) => {
    const commits = new GroupCommit<MonitoringTx>({ store });
    const buffer = new MetricsBuffer({ commits, logger: createLogger({ level: 'silent' }), flushIntervalMs: 3_600_000, maxPending: 10 });
    const t = Date.UTC(2026, 11, 7, 12, 0, 0);
    // 100 distinct periods put synchronously: the commit started at 10 takes the batch, so the buffer never
    // holds more than 40; what arrives beyond that in one go is dropped.
    buffer.put('111111111111', 'App', Array.from({ length: 100 }, (_, i) => ({ MetricName: `m${i}`, Timestamp: t, Unit: 'Count', Value: 1 })));
    await buffer.close();
    const kept = await store.transact((tx) => tx.metrics({ accountId: '111111111111', limit: 1000 }));
    assert.equal(kept.length + buffer.dropped, 100);
    assert.ok(kept.length >= 10 && kept.length <= 40, `${kept.length} kept`);
  }));

test('retention: 1-second data older than 3 hours, 1-minute data older than 15 days, idle metrics and 30-day-old history go', () =>
  withStore(async (store) => {
    const now = Date.UTC(2026, 11, 7, 12, 0, 0);
    const point = (resolution: number, ts: number) => ({
      accountId: 'a', metricKey: 'k', unit: 'Count', resolution, ts, sampleCount: 1, sum: 1, minimum: 1, maximum: 1, distribution: '[[1,1]]',
    });
    await store.transact(async (tx) => {
      await tx.writeDatapoint(point(1, now - 3 * 3600_000 - 1));
      await tx.writeDatapoint(point(1, now - 3 * 3600_000 + 1_000));
      await tx.writeDatapoint(point(60, now - 15 * 86_400_000 - 60_000));
      await tx.writeDatapoint(point(60, now - 14 * 86_400_000));
      await tx.touchMetric({ accountId: 'a', metricKey: 'old', namespace: 'N', metricName: 'old', dimensions: '[]', lastPut: now - 16 * 86_400_000 });
      await tx.touchMetric({ accountId: 'a', metricKey: 'new', namespace: 'N', metricName: 'new', dimensions: '[]', lastPut: now - 86_400_000 });
      await tx.appendAlarmHistory({ accountId: 'a', alarmName: 'x', alarmType: 'MetricAlarm', ts: now - 31 * 86_400_000, itemType: 'StateUpdate', summary: 'old', data: '{}' });
      await tx.appendAlarmHistory({ accountId: 'a', alarmName: 'x', alarmType: 'MetricAlarm', ts: now - 29 * 86_400_000, itemType: 'StateUpdate', summary: 'kept', data: '{}' });
    });
    const swept = await sweepRetention(store, { now: () => new Date(now) });
    assert.deepEqual(swept, { datapoints: 2, metrics: 1, history: 1 });
    const left = await store.transact((tx) => tx.datapoints({ accountId: 'a', metricKey: 'k', from: 0, to: now }));
    assert.deepEqual(left.map((p) => [p.resolution, p.ts]), [[60, now - 14 * 86_400_000], [1, now - 3 * 3600_000 + 1_000]]);
  }));
