/** Log file delivery: AWS's key layout, gzip JSON of the stored records, write-once files, at-least-once cursor. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AppendOnlyWriter } from '../../../../src/services/cloudtrail/delivery/append-only-writer.js';
import { ACCOUNT, REGION, deliveryFixture, loggingTrail } from './delivery-fixture.js';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out.sort();
}

const LOG_KEY = new RegExp(
  `^AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/12/07/${ACCOUNT}_CloudTrail_${REGION}_20261207T1005Z_[A-Za-z0-9]{16}\\.json\\.gz$`,
);

test('a delivery writes one gzip {"Records":[…]} file of the stored records under AWS key layout, 0400 in 0700 directories', async () => {
  const f = await deliveryFixture();
  try {
    const trail = loggingTrail('main', { s3KeyPrefix: 'audit/eu' });
    f.trails.push(trail);
    await f.delivery.startedLogging(trail, f.clock.now());
    const a = f.addEvent();
    f.clock.advance(1000);
    const b = f.addEvent({ eventName: 'Invoke' });
    f.clock.advance(5 * 60_000 - 1000);
    await f.delivery.deliverNow();
    const files = filesUnder(join(f.root, 'main-bucket'));
    assert.equal(files.length, 1);
    const file = files[0] ?? '';
    const key = relative(join(f.root, 'main-bucket', 'audit', 'eu'), file).split('\\').join('/');
    assert.match(key, LOG_KEY);
    assert.equal(statSync(file).mode & 0o777, 0o400);
    for (let d = join(file, '..'); d !== f.root; d = join(d, '..')) assert.equal(statSync(d).mode & 0o777, 0o700, d);
    // The records are the stored JSON, byte for byte (note the two spaces the fixture puts in each).
    assert.equal(gunzipSync(readFileSync(file)).toString('utf8'), `{"Records":[${a.record},${b.record}]}`);
    await f.delivery.deliverNow();
    assert.equal(filesUnder(join(f.root, 'main-bucket')).length, 1, 'nothing new, nothing written');
    const status = await f.delivery.status(trail);
    assert.deepEqual(status.latestDeliveryTime, f.clock.now());
    assert.equal(status.latestDeliveryError, undefined);
  } finally {
    await f.close();
  }
});

test('only events the trail selects, of its account, since StartLogging reach its files', async () => {
  const f = await deliveryFixture();
  try {
    const before = f.addEvent({ eventName: 'Early' });
    f.clock.advance(1000);
    const trail = loggingTrail('sel', { selects: (e) => e.eventName !== 'Skipped' });
    f.trails.push(trail);
    await f.delivery.startedLogging(trail, f.clock.now());
    const kept = f.addEvent();
    f.addEvent({ eventName: 'Skipped' });
    f.addEvent({ accountId: '999999999999' });
    await f.delivery.deliverNow();
    const files = filesUnder(join(f.root, 'sel-bucket'));
    assert.equal(files.length, 1);
    const records = gunzipSync(readFileSync(files[0] ?? '')).toString('utf8');
    assert.equal(records, `{"Records":[${kept.record}]}`);
    assert.ok(!records.includes(before.eventId));
  } finally {
    await f.close();
  }
});

test('a delivery whose transaction fails leaves the cursor: the same events are delivered and recorded next time', async () => {
  const f = await deliveryFixture();
  try {
    const trail = loggingTrail('crash');
    f.trails.push(trail);
    await f.delivery.startedLogging(trail, f.clock.now());
    const e1 = f.addEvent();
    f.failNextLogCommit();
    await f.delivery.deliverNow();
    const state = await f.store.transact((tx) => tx.getDeliveryState(trail.arn));
    assert.equal(state?.lastSeq, 0, 'the cursor did not move');
    assert.equal(state?.latestDeliveryError, 'simulated crash before commit');
    assert.deepEqual(await f.store.transact((tx) => tx.logFilesAfter(trail.arn, 0)), []);
    f.clock.advance(60_000);
    await f.delivery.deliverNow();
    const recorded = await f.store.transact((tx) => tx.logFilesAfter(trail.arn, 0));
    assert.equal(recorded.length, 1);
    const path = join(f.root, 'crash-bucket', ...(recorded[0]?.objectKey ?? '').split('/'));
    assert.equal(gunzipSync(readFileSync(path)).toString('utf8'), `{"Records":[${e1.record}]}`);
    const after = await f.store.transact((tx) => tx.getDeliveryState(trail.arn));
    assert.equal(after?.lastSeq, e1.seq);
    assert.equal(after?.latestDeliveryError, undefined);
  } finally {
    await f.close();
  }
});

test('close() delivers what is pending; the delivery refuses work afterwards', async () => {
  const f = await deliveryFixture();
  try {
    const trail = loggingTrail('drain');
    f.trails.push(trail);
    f.delivery.start();
    await f.delivery.startedLogging(trail, f.clock.now());
    f.addEvent();
    await f.delivery.close();
    assert.equal(filesUnder(join(f.root, 'drain-bucket')).length, 1);
    await assert.rejects(f.delivery.deliverNow(), { code: 'ERR_CLOSED' });
  } finally {
    await f.close();
  }
});

test('the writer creates files once: an existing name is refused and left as it was; names cannot leave the root', async () => {
  const f = await deliveryFixture();
  try {
    const writer = new AppendOnlyWriter(f.root);
    await writer.create('b', 'AWSLogs/x.json.gz', Buffer.from('first'));
    await assert.rejects(writer.create('b', 'AWSLogs/x.json.gz', Buffer.from('second')), { code: 'EEXIST' });
    assert.equal(readFileSync(join(f.root, 'b', 'AWSLogs', 'x.json.gz'), 'utf8'), 'first');
    assert.deepEqual(readdirSync(join(f.root, 'b', 'AWSLogs')), ['x.json.gz'], 'no temporary file left behind');
    await assert.rejects(writer.create('b', '../escape', Buffer.from('x')), { code: 'ERR_INVALID_ARGUMENT' });
    await assert.rejects(writer.create('..', 'x', Buffer.from('x')), { code: 'ERR_INVALID_ARGUMENT' });
  } finally {
    await f.close();
  }
});
