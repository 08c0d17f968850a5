/**
 * The trail operations against a recording TrailDeliveryPort (an in-test implementation: the real one is
 * trail delivery's, wired by the composition root): StartLogging, StopLogging and DeleteTrail tell delivery,
 * GetTrailStatus and ListPublicKeys read it, and the service's LoggingTrails, event feed, decision stream and
 * retention sweep work over the server's real store and authorizer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { createLogger } from '../../../src/observe/logger.js';
import type { Caller } from '../../../src/iam/caller.js';
import type { TrailDeliveryPort, TrailDeliveryStatus, TrailPublicKey, TrailTarget } from '../../../src/services/cloudtrail/trail-ports.js';
import { CloudTrailService } from '../../../src/services/cloudtrail/operations/cloudtrail-service.js';
import type { CloudTrailCall } from '../../../src/services/cloudtrail/operations/cloudtrail-deps.js';
import { createTrail } from '../../../src/services/cloudtrail/operations/create-trail.js';
import { startLogging, stopLogging } from '../../../src/services/cloudtrail/operations/logging.js';
import { deleteTrail } from '../../../src/services/cloudtrail/operations/delete-trail.js';
import { getTrailStatus } from '../../../src/services/cloudtrail/operations/get-trail-status.js';
import { listPublicKeys } from '../../../src/services/cloudtrail/operations/list-public-keys.js';
import { putEventSelectors } from '../../../src/services/cloudtrail/operations/event-selectors.js';
import { insertEvents, trailEvent } from './cloudtrail-helpers.js';

const DAY = 24 * 60 * 60 * 1000;

/** Records what the operations tell delivery, and answers with fixed status and keys. */
class RecordingDelivery implements TrailDeliveryPort {
  readonly calls: Array<[string, string, number]> = [];
  readonly keyQueries: Array<[number, number]> = [];
  readonly key: TrailPublicKey = {
    value: Buffer.from('30820122', 'hex'),
    validityStartTime: new Date(1_700_000_000_000),
    validityEndTime: new Date(1_800_000_000_000),
    fingerprint: 'ab12',
  };

  async status(trail: TrailTarget): Promise<TrailDeliveryStatus> {
    this.calls.push(['status', trail.name, 0]);
    return { latestDeliveryTime: new Date(1_750_000_000_000), latestDigestDeliveryError: 'AccessDenied' };
  }
  async startedLogging(trail: TrailTarget, at: Date): Promise<void> {
    this.calls.push(['started', trail.name, at.getTime()]);
  }
  async stoppedLogging(trail: TrailTarget, at: Date): Promise<void> {
    this.calls.push(['stopped', trail.name, at.getTime()]);
  }
  async publicKeys(start: Date, end: Date): Promise<readonly TrailPublicKey[]> {
    this.keyQueries.push([start.getTime(), end.getTime()]);
    return [this.key];
  }
}

describe('CloudTrail operations and the service', () => {
  let fx: LambdaboxFixture;
  let service: CloudTrailService;
  let delivery: RecordingDelivery;
  let nowMs = Date.UTC(2026, 0, 1);
  const caller: Caller = { accountId: TEST_ACCOUNT_ID, arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:root`, accessKeyId: 'AKIAROOT', kind: 'root' };
  const call = (): CloudTrailCall => ({
    caller,
    facts: { sourceIp: '127.0.0.1', secureTransport: false, now: new Date(nowMs), region: TEST_REGION, requestId: 'req-1' },
  });

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    delivery = new RecordingDelivery();
    service = new CloudTrailService({
      store: fx.box.cloudTrail.deps.store,
      clock: { now: () => new Date(nowMs) },
      region: TEST_REGION,
      authorize: fx.box.authorizer,
      logger: createLogger({ level: 'silent' }),
      delivery,
    });
    await service.refresh();
  });

  after(async () => {
    service.close();
    await fx.close();
  });

  test('StartLogging and StopLogging tell delivery once each, with the committed times', async () => {
    await createTrail(service.deps, call(), { name: 'ops', s3BucketName: 'trail-bucket', s3KeyPrefix: 'p', enableLogFileValidation: true });
    const startedAt = nowMs;
    await startLogging(service.deps, call(), 'ops');
    nowMs += 1000;
    await startLogging(service.deps, call(), 'ops');
    await stopLogging(service.deps, call(), 'ops');
    await stopLogging(service.deps, call(), 'ops');
    assert.deepEqual(delivery.calls, [
      ['started', 'ops', startedAt],
      ['stopped', 'ops', startedAt + 1000],
    ]);
  });

  test('GetTrailStatus combines the trail\'s logging state with delivery\'s status', async () => {
    delivery.calls.length = 0;
    const status = await getTrailStatus(service.deps, call(), 'ops');
    assert.deepEqual(delivery.calls, [['status', 'ops', 0]]);
    assert.equal(status.isLogging, false);
    assert.equal(status.latestDeliveryTime?.getTime(), 1_750_000_000_000);
    assert.equal(status.latestDigestDeliveryError, 'AccessDenied');
    assert.ok(status.startLoggingTime !== undefined && status.stopLoggingTime !== undefined);
  });

  test('ListPublicKeys asks delivery for [now, now] by default, or the given range', async () => {
    assert.deepEqual(await listPublicKeys(service.deps, call(), undefined, undefined), [delivery.key]);
    await listPublicKeys(service.deps, call(), new Date(1_000), new Date(2_000));
    assert.deepEqual(delivery.keyQueries, [
      [nowMs, nowMs],
      [1_000, 2_000],
    ]);
  });

  test('LoggingTrails gives delivery the logging trails, whose selects() applies scope and selectors', async () => {
    await startLogging(service.deps, call(), 'ops');
    await putEventSelectors(service.deps, call(), 'ops', [{ ReadWriteType: 'WriteOnly' }], undefined);
    const [trail] = await service.loggingTrails();
    assert.equal(trail?.name, 'ops');
    assert.equal(trail?.s3KeyPrefix, 'p');
    assert.equal(trail?.logFileValidationEnabled, true);
    const write = { ...trailEvent(TEST_ACCOUNT_ID, 'w', nowMs), seq: 1 };
    assert.equal(trail?.selects(write), true);
    assert.equal(trail?.selects({ ...write, readOnly: true }), false, 'WriteOnly');
    assert.equal(trail?.selects({ ...write, accountId: '999999999999' }), false, 'another account');
    assert.equal(trail?.selects({ ...write, region: 'eu-west-1' }), false, 'a single-region trail');
    assert.equal(trail?.selects({ ...write, management: false, eventName: 'Invoke' }), false, 'no data resources selected');
  });

  test('DeleteTrail of a logging trail stops it first: delivery writes its final digest', async () => {
    delivery.calls.length = 0;
    await deleteTrail(service.deps, call(), 'ops');
    assert.deepEqual(delivery.calls, [['stopped', 'ops', nowMs]]);
    assert.deepEqual(await service.loggingTrails(), []);
  });

  test('the event feed, the decision stream and the 90-day retention sweep', async () => {
    // The server records its own calls too (set-up through the API on some engines): read from past them.
    let start = 0;
    for (let page = await service.eventsAfter(0, 1000); page.length > 0; page = await service.eventsAfter(start, 1000)) start = page[page.length - 1]?.seq ?? start;
    await insertEvents(fx, [
      trailEvent(TEST_ACCOUNT_ID, 'kept', nowMs - DAY, { decisions: '[{"effect":"Allow"}]' }),
      trailEvent(TEST_ACCOUNT_ID, 'expired', nowMs - 91 * DAY),
    ]);
    const feed = await service.eventsAfter(start, 10);
    assert.deepEqual(feed.map((e) => e.eventId), ['kept', 'expired']);
    assert.deepEqual(await service.eventsAfter(feed[0]?.seq ?? 0, 10).then((f) => f.map((e) => e.eventId)), ['expired']);
    assert.equal(await fx.box.cloudTrail.deps.store.transact((tx) => tx.decisionsOf(TEST_ACCOUNT_ID, 'kept')), '[{"effect":"Allow"}]');
    assert.equal(await service.sweepExpired(), 1);
    assert.deepEqual((await service.eventsAfter(start, 10)).map((e) => e.eventId), ['kept']);
  });
});
