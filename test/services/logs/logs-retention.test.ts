/**
 * Retention really deletes: with the service's clock injected, events older than the group's retention are
 * hidden from every query at once and deleted by the sweep, which also runs on its own timer. The service runs
 * here on its own store with an authorizer that allows everything (authorization has its own tests).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store, StoreTx } from '../../../src/store/store.js';
import { logsTables } from '../../../src/services/logs/store/logs-tables.js';
import type { LogsTx } from '../../../src/services/logs/store/logs-tx.js';
import { LogsService } from '../../../src/services/logs/logs-service.js';
import { KeyService } from '../../../src/shared/crypto/key-service.js';
import { createLogger } from '../../../src/observe/logger.js';
import type { Authorize } from '../../../src/iam/authz/authorize.js';
import type { Caller } from '../../../src/iam/caller.js';
import { putRetentionPolicy } from '../../../src/services/logs/operations/log-groups.js';
import { filterLogEvents } from '../../../src/services/logs/operations/filter-log-events.js';
import { getLogEvents } from '../../../src/services/logs/operations/get-log-events.js';
import type { LogsCall } from '../../../src/services/logs/operations/logs-deps.js';
import { DAY, HOUR, ManualClock } from './logs-helpers.js';

const ACCOUNT = '000000000000';
const allowAll: Authorize = { authorize: async () => ({ allowed: true }) as never, explain: async () => ({ allowed: true }) as never };

describe('retention with an injected clock', () => {
  let dir: string;
  let store: Store<StoreTx & LogsTx>;
  let service: LogsService;
  const clock = new ManualClock(Date.UTC(2026, 0, 10));
  const call = { caller: { accountId: ACCOUNT } as Caller, facts: { sourceIp: '127.0.0.1', secureTransport: false, now: new Date(), region: 'us-east-1', requestId: 'r' } } satisfies LogsCall;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lbx-logs-retention-'));
    store = SqliteStore.open({ path: join(dir, 'lambdabox.db'), modules: [logsTables()] });
    await store.start();
    service = new LogsService({ store, keys: new KeyService(randomBytes(32)), clock, region: 'us-east-1', authorize: allowAll, logger: createLogger({ level: 'silent' }), sweepIntervalMs: 20 });
  });
  after(async () => {
    await service.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const visible = async (): Promise<string[]> => (await filterLogEvents(service.deps, call, { logGroupName: '/r/g' })).events.map((e) => e.message);
  const stored = (): Promise<number> =>
    store.transact(async (tx) => {
      const g = await tx.getLogGroup(ACCOUNT, '/r/g');
      return g === undefined ? 0 : (await tx.scanGroupEvents({ groupKey: g.groupKey, startTime: 0, endTime: Number.MAX_SAFE_INTEGER, limit: 100 })).length;
    });

  test('events past the retention vanish from queries as the clock moves, and the sweep deletes them', async () => {
    const t = clock.ms;
    service.ingest.append(ACCOUNT, '/r/g', 's', [{ timestamp: t - HOUR, message: 'day zero' }]);
    service.ingest.append(ACCOUNT, '/r/g', 's', [{ timestamp: t + DAY, message: 'day one' }]);
    await service.ingest.flush();
    await putRetentionPolicy(service.deps, call, '/r/g', 1);
    assert.deepEqual(await visible(), ['day zero', 'day one']);
    clock.advance(DAY);
    assert.deepEqual(await visible(), ['day one'], 'hidden the moment it is older than one day');
    const got = await getLogEvents(service.deps, call, { logGroupName: '/r/g', logStreamName: 's' });
    assert.deepEqual(got.events.map((e) => e.message), ['day one']);
    // The sweep runs on its own every 20 ms here; wait (bounded) until it has deleted the row.
    const deadline = Date.now() + 10_000;
    while ((await stored()) !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await stored(), 1, 'the expired event is deleted from the store');
    clock.advance(2 * DAY);
    // The timer may sweep first; either way nothing is left once an explicit sweep has run.
    assert.ok((await service.sweepExpired()) <= 1);
    assert.equal(await stored(), 0);
  });
});
