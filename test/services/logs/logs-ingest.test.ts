/**
 * The platform's ingest (LogsIngest) and encryption at rest: appends are group committed, create their group and
 * stream, become readable through the API once flushed; the buffer's bound drops whole appends without throwing;
 * messages are stored sealed, and a sealed row does not open as another group's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { startLambdabox, TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { createLogger } from '../../../src/observe/logger.js';
import { StoreLogsIngest } from '../../../src/services/logs/store-logs-ingest.js';
import { openLogMessage, sealLogMessage } from '../../../src/services/logs/operations/event-seal.js';
import { systemClock } from '../../../src/shared/clock.js';
import { logsClient } from './logs-helpers.js';

describe('LogsIngest and sealing', () => {
  let fx: LambdaboxFixture;
  let logs: CloudWatchLogsClient;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    logs = logsClient(fx);
  });
  after(async () => {
    logs.destroy();
    await fx.close();
  });

  test('appends create the group and stream and are readable once flushed, in time order', async () => {
    const ingest = fx.box.logsIngest;
    const now = Date.now();
    ingest.append(TEST_ACCOUNT_ID, '/aws/lambda/fn', '2026/01/01/[$LATEST]a', [
      { timestamp: now - 10, message: 'START RequestId: r1' },
      { timestamp: now - 20, message: 'earlier line' },
    ]);
    ingest.append(TEST_ACCOUNT_ID, '/aws/lambda/fn', '2026/01/01/[$LATEST]a', [{ timestamp: now, message: 'END RequestId: r1' }]);
    ingest.append(TEST_ACCOUNT_ID, '/aws/lambda/fn', '2026/01/01/[$LATEST]b', [{ timestamp: now, message: 'other stream' }]);
    await ingest.flush();
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/fn' }));
    assert.deepEqual(streams.logStreams?.map((s) => s.logStreamName), ['2026/01/01/[$LATEST]a', '2026/01/01/[$LATEST]b']);
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/fn', logStreamName: '2026/01/01/[$LATEST]a', startFromHead: true }));
    assert.deepEqual(got.events?.map((e) => e.message), ['earlier line', 'START RequestId: r1', 'END RequestId: r1']);
    assert.ok(fx.box.logsService.ingest.stats.commits >= 1);
  });

  test('an invalid name, or an append past the bound, is dropped without throwing; the rest commits', async () => {
    const logger = createLogger({ level: 'silent' });
    const small = new StoreLogsIngest({
      store: fx.box.logsService.deps.store,
      keys: fx.box.logsService.deps.keys,
      clock: systemClock,
      region: fx.box.logsService.deps.region,
      logger,
      maxBufferedEvents: 3,
    });
    const now = Date.now();
    small.append(TEST_ACCOUNT_ID, 'bad name!', 's', [{ timestamp: now, message: 'x' }]);
    small.append(TEST_ACCOUNT_ID, '/bounded', 's', [{ timestamp: now, message: 'one' }, { timestamp: now, message: 'two' }]);
    // Not committed yet: two buffered, two more would pass the bound of three.
    small.append(TEST_ACCOUNT_ID, '/bounded', 's', [{ timestamp: now, message: 'three' }, { timestamp: now, message: 'four' }]);
    small.append(TEST_ACCOUNT_ID, '/bounded', 's', [{ timestamp: now, message: 'fits' }]);
    await small.flush();
    assert.equal(small.stats.dropped, 3);
    assert.equal(small.stats.bufferedEvents, 0);
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: '/bounded', logStreamName: 's', startFromHead: true }));
    assert.deepEqual(got.events?.map((e) => e.message), ['one', 'two', 'fits']);
    await small.close();
    small.append(TEST_ACCOUNT_ID, '/bounded', 's', [{ timestamp: now, message: 'after close' }]);
    assert.equal(small.stats.dropped, 4);
  });

  test('messages are stored sealed, bound to their account and group', async () => {
    const ingest = fx.box.logsIngest;
    ingest.append(TEST_ACCOUNT_ID, '/sealed', 's', [{ timestamp: Date.now(), message: 'plaintext-marker-0451' }]);
    await ingest.flush();
    const { store, keys } = fx.box.logsService.deps;
    const rows = await store.transact(async (tx) => {
      const g = await tx.getLogGroup(TEST_ACCOUNT_ID, '/sealed');
      assert.ok(g);
      return { group: g, events: await tx.scanGroupEvents({ groupKey: g.groupKey, startTime: 0, endTime: Number.MAX_SAFE_INTEGER, limit: 10 }) };
    });
    const sealed = rows.events[0]?.sealed;
    assert.ok(sealed);
    assert.ok(!sealed.includes(Buffer.from('plaintext-marker-0451')), 'the stored row holds no plaintext');
    assert.equal(openLogMessage(keys, TEST_ACCOUNT_ID, rows.group.groupKey, sealed), 'plaintext-marker-0451');
    assert.throws(() => openLogMessage(keys, TEST_ACCOUNT_ID, rows.group.groupKey + 1, sealed), 'another group cannot open it');
    assert.throws(() => openLogMessage(keys, '999999999999', rows.group.groupKey, sealed), 'another account cannot open it');
    const again = sealLogMessage(keys, TEST_ACCOUNT_ID, rows.group.groupKey, 'plaintext-marker-0451');
    assert.notDeepEqual(again, sealed, 'each event has its own IV');
  });
});
