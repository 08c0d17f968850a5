/**
 * The group-committed TraceIngest on a real SQLite store: good documents become readable after flush, sealed at
 * rest; malformed ones and those past the pending bound are dropped and counted, never thrown; the retention
 * sweeper deletes by the injected clock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store, StoreTx } from '../../../src/store/store.js';
import { xrayTables } from '../../../src/services/xray/store/xray-tables.js';
import type { XrayTx } from '../../../src/services/xray/store/xray-tx.js';
import { KeyService } from '../../../src/shared/crypto/key-service.js';
import { TraceIngestWriter } from '../../../src/services/xray/ingest/trace-ingest-writer.js';
import { RetentionSweeper } from '../../../src/services/xray/ingest/retention-sweeper.js';
import { openSegment } from '../../../src/services/xray/segment-seal.js';
import { createLogger } from '../../../src/observe/logger.js';
import { newTraceId, segment } from './xray-fixtures.js';

const logger = createLogger({ level: 'silent' });

async function withStore(body: (store: Store<StoreTx & XrayTx>, keys: KeyService) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-xray-ingest-'));
  const store: Store<StoreTx & XrayTx> = SqliteStore.open({ path: join(dir, 'lambdabox.db'), modules: [xrayTables()] });
  await store.start();
  try {
    await body(store, new KeyService(randomBytes(32)));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('documents put are durable after flush, sealed; malformed ones are counted and dropped', async () => {
  await withStore(async (store, keys) => {
    const ingest = new TraceIngestWriter({ store, keys, clock: { now: () => new Date() }, logger });
    const traceId = newTraceId();
    const good = JSON.stringify(segment(traceId));
    ingest.put('111111111111', [good, '{"id":"nope"}', 'garbage', 42 as unknown as string]);
    await ingest.flush();
    assert.deepEqual(ingest.stats, { accepted: 1, malformed: 3, overflowed: 0, failed: 0 });
    const [row] = await store.transact((tx) => tx.traceSegments('111111111111', [traceId]));
    assert.ok(row !== undefined);
    assert.ok(!row.sealed.toString('latin1').includes(traceId), 'the document is not stored in the clear');
    assert.equal(openSegment(keys, row.accountId, row.traceId, row.segmentId, row.sealed), good);
    // Another account sees nothing of it.
    assert.deepEqual(await store.transact((tx) => tx.traceSegments('222222222222', [traceId])), []);
    await ingest.close();
  });
});

test('past the pending bound, and after close, documents are dropped and counted', async () => {
  await withStore(async (store, keys) => {
    const ingest = new TraceIngestWriter({ store, keys, clock: { now: () => new Date() }, logger, maxPending: 3 });
    const traceId = newTraceId();
    ingest.put('111111111111', Array.from({ length: 5 }, () => JSON.stringify(segment(traceId))));
    await ingest.flush();
    assert.deepEqual(ingest.stats, { accepted: 3, malformed: 0, overflowed: 2, failed: 0 });
    await ingest.close();
    ingest.put('111111111111', [JSON.stringify(segment(traceId))]);
    await ingest.flush();
    assert.equal(ingest.stats.overflowed, 3);
    assert.equal((await store.transact((tx) => tx.traceSegments('111111111111', [traceId]))).length, 3);
  });
});

test('the sweeper deletes segments received more than 30 days before the clock', async () => {
  await withStore(async (store, keys) => {
    let now = Date.now();
    const clock = { now: () => new Date(now) };
    const ingest = new TraceIngestWriter({ store, keys, clock, logger });
    const sweeper = new RetentionSweeper({ store, clock, logger });
    const old = newTraceId(now / 1000);
    ingest.put('111111111111', [JSON.stringify(segment(old))]);
    await ingest.flush();
    now += 29 * 24 * 3600 * 1000;
    assert.equal(await sweeper.sweep(), 0);
    now += 2 * 24 * 3600 * 1000;
    assert.equal(await sweeper.sweep(), 1);
    assert.deepEqual(await store.transact((tx) => tx.traceSegments('111111111111', [old])), []);
    await sweeper.close();
    await ingest.close();
  });
});
