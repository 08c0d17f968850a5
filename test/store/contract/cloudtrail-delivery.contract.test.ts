/**
 * TrailDeliveryTx on every engine: per-trail state (cursor, chain, status) round-trips with absent members
 * absent, log files come back in delivery order after an id, signing keys by validity window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewDeliveredLogFile, TrailDeliveryState, TrailSigningKey } from '../../../src/services/cloudtrail/delivery/store/delivery-records.js';
import type { TrailDeliveryTx } from '../../../src/services/cloudtrail/delivery/store/delivery-tx.js';
import type { Store } from '../../../src/store/store.js';
import type { Engine } from './engines.js';
import { forEachEngine } from './engines.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { trailDeliveryTables } from '../../../src/services/cloudtrail/delivery/store/delivery-tables.js';
import { trailDeliveryPgTables } from '../../../src/services/cloudtrail/delivery/store/delivery-pg-tables.js';
import { freshPostgresDatabase } from '../../helpers/postgres-cluster.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ARN = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/main';
const OTHER = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/other';

type DeliveryStore = Store<TrailDeliveryTx>;

/**
 * The shared engines open the core's and SQS's tables only; this suite opens the same two engines (a temp
 * SQLite file, a fresh PostgreSQL database) with delivery's module, so adding it touches no other suite.
 */
async function withStore(engine: Engine, body: (store: DeliveryStore, reopen: () => Promise<DeliveryStore>) => Promise<void>): Promise<void> {
  let open: () => DeliveryStore;
  let cleanup: () => Promise<void>;
  if (engine.name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'lbx-ctdel-'));
    open = () => SqliteStore.open({ path: join(dir, 'lambdabox.db'), modules: [trailDeliveryTables()] });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const db = await freshPostgresDatabase();
    open = () => PostgresStore.open({ url: db.url, modules: [trailDeliveryPgTables()] });
    cleanup = () => db.drop();
  }
  let store = open();
  await store.start();
  try {
    await body(store, async () => {
      await store.close();
      store = open();
      await store.start();
      return store;
    });
  } finally {
    await store.close();
    await cleanup();
  }
}

function logFile(trailArn: string, n: number): NewDeliveredLogFile {
  return {
    trailArn,
    bucket: 'bucket',
    objectKey: `AWSLogs/111111111111/CloudTrail/us-east-1/2026/12/07/f${n}.json.gz`,
    sha256: `${n}`.padStart(64, '0'),
    oldestEventTime: 1_000 + n,
    newestEventTime: 2_000 + n,
    deliveredAt: 3_000 + n,
  };
}

function key(fingerprint: string, validFrom: number, validTo: number): TrailSigningKey {
  return { fingerprint, publicKeyDer: Buffer.from([0x30, 0, 0xff, fingerprint.length]), sealedPrivateKey: Buffer.from(`sealed ${fingerprint}\u0000`), validFrom, validTo };
}

forEachEngine((engine) => {
  test('delivery state round-trips, full and minimal, survives a restart and is replaced by a second put', () =>
    withStore(engine, async (store, reopen) => {
      const full: TrailDeliveryState = {
        trailArn: ARN,
        lastSeq: 42,
        loggingSince: 1_765_000_000_000,
        lastDigestKey: 'AWSLogs/d.json.gz',
        lastDigestBucket: 'bucket',
        lastDigestHash: 'ab'.repeat(32),
        lastDigestSignature: 'cd'.repeat(256),
        lastDigestEnd: 1_765_000_360_000,
        digestedLogId: 7,
        latestDeliveryTime: 1_765_000_300_000,
        latestDeliveryAttemptTime: 1_765_000_300_001,
        latestDeliveryError: 'EACCES',
        latestDigestTime: 1_765_000_360_000,
        latestDigestError: 'ENOSPC',
      };
      const minimal: TrailDeliveryState = { trailArn: OTHER, lastSeq: 0, digestedLogId: 0 };
      await store.transact(async (tx) => {
        assert.equal(await tx.getDeliveryState(ARN), undefined);
        await tx.putDeliveryState(full);
        await tx.putDeliveryState(minimal);
      });
      const again = await reopen();
      await again.transact(async (tx) => {
        assert.deepEqual(await tx.getDeliveryState(ARN), full);
        assert.deepEqual(await tx.getDeliveryState(OTHER), minimal);
        await tx.putDeliveryState({ trailArn: ARN, lastSeq: 43, digestedLogId: 8 });
        assert.deepEqual(await tx.getDeliveryState(ARN), { trailArn: ARN, lastSeq: 43, digestedLogId: 8 });
        await tx.deleteDeliveryState(OTHER);
        assert.equal(await tx.getDeliveryState(OTHER), undefined);
      });
    }));

  test('log files come back per trail in delivery order, after the given id', () =>
    withStore(engine, async (store) => {
      const ids = await store.transact(async (tx) => [
        await tx.insertLogFile(logFile(ARN, 1)),
        await tx.insertLogFile(logFile(OTHER, 2)),
        await tx.insertLogFile(logFile(ARN, 3)),
      ]);
      const [first, , third] = ids;
      assert.ok(first !== undefined && third !== undefined && third > first);
      await store.transact(async (tx) => {
        assert.deepEqual(await tx.logFilesAfter(ARN, 0), [
          { id: first, ...logFile(ARN, 1) },
          { id: third, ...logFile(ARN, 3) },
        ]);
        assert.deepEqual(await tx.logFilesAfter(ARN, first), [{ id: third, ...logFile(ARN, 3) }]);
        assert.deepEqual(await tx.logFilesAfter(ARN, third), []);
      });
    }));

  test('an aborted transaction records no log file and moves no cursor', () =>
    withStore(engine, async (store) => {
      await store.transact((tx) => tx.putDeliveryState({ trailArn: ARN, lastSeq: 5, digestedLogId: 0 }));
      await assert.rejects(
        store.transact(async (tx) => {
          await tx.insertLogFile(logFile(ARN, 1));
          await tx.putDeliveryState({ trailArn: ARN, lastSeq: 9, digestedLogId: 0 });
          throw new Error('crash before commit');
        }),
        /crash before commit/,
      );
      await store.transact(async (tx) => {
        assert.equal((await tx.getDeliveryState(ARN))?.lastSeq, 5);
        assert.deepEqual(await tx.logFilesAfter(ARN, 0), []);
      });
    }));

  test('signing keys: the latest by validity start, and those overlapping a window', () =>
    withStore(engine, async (store) => {
      await store.transact(async (tx) => {
        assert.equal(await tx.latestSigningKey(), undefined);
        await tx.insertSigningKey(key('b'.repeat(32), 2_000, 3_000));
        await tx.insertSigningKey(key('a'.repeat(32), 1_000, 2_000));
        await tx.insertSigningKey(key('c'.repeat(32), 3_000, 4_000));
      });
      await store.transact(async (tx) => {
        assert.deepEqual(await tx.latestSigningKey(), key('c'.repeat(32), 3_000, 4_000));
        const fps = async (s: number, e: number): Promise<string[]> => (await tx.signingKeysOverlapping(s, e)).map((k) => k.fingerprint[0] ?? '');
        assert.deepEqual(await fps(0, 10_000), ['a', 'b', 'c']);
        assert.deepEqual(await fps(2_500, 2_600), ['b']);
        assert.deepEqual(await fps(1_500, 2_500), ['a', 'b']);
        assert.deepEqual(await fps(5_000, 6_000), []);
        assert.deepEqual((await tx.latestSigningKey())?.sealedPrivateKey, Buffer.from(`sealed ${'c'.repeat(32)}\u0000`));
      });
    }));
});
