/**
 * LookupEvents through the SDK and the real CLI, over events written straight into the server's event store
 * for two accounts: every attribute key, the time range, newest first, paging through NextToken (bound to
 * its query), the 90-day window, data events left out, and the validation errors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailClient, LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { cloudTrailClient, insertEvents, trailEvent } from './cloudtrail-helpers.js';

const OTHER = '222222222222';
const DAY = 24 * 60 * 60 * 1000;

describe('CloudTrail LookupEvents', () => {
  let fx: LambdaboxFixture;
  let ct: CloudTrailClient;
  // Whole seconds: the wire carries epoch seconds.
  const now = Math.floor(Date.now() / 1000) * 1000;
  const at = (minutesAgo: number): number => now - minutesAgo * 60_000;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    ct = cloudTrailClient(fx);
    await insertEvents(fx, [
      trailEvent(TEST_ACCOUNT_ID, 'ev-create', at(50)),
      trailEvent(TEST_ACCOUNT_ID, 'ev-update', at(40), { eventName: 'UpdateFunctionConfiguration20150331v2' }),
      trailEvent(TEST_ACCOUNT_ID, 'ev-get', at(30), {
        eventName: 'GetFunction20150331v2',
        readOnly: true,
        username: 'bob',
        accessKeyId: 'AKIABOB000000000001',
      }),
      trailEvent(TEST_ACCOUNT_ID, 'ev-role', at(20), {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateRole',
        resources: [{ type: 'AWS::IAM::Role', name: 'deployer' }],
      }),
      trailEvent(TEST_ACCOUNT_ID, 'ev-invoke', at(15), { eventName: 'Invoke', management: false }),
      trailEvent(TEST_ACCOUNT_ID, 'ev-ancient', now - 91 * DAY),
      trailEvent(OTHER, 'ev-other', at(10), { eventName: 'UpdateFunctionConfiguration20150331v2', username: 'alice' }),
    ]);
    // Many events for paging.
    await insertEvents(fx, Array.from({ length: 60 }, (_, i) => trailEvent(TEST_ACCOUNT_ID, `bulk-${i}`, at(200 + i), { eventName: 'ListFunctions20150331', readOnly: true })));
  });

  after(async () => {
    ct.destroy();
    await fx.close();
  });

  // Ends before the test's own calls, which the server records too.
  const ids = async (key: LookupAttributeKey, value: string): Promise<string[]> =>
    ((await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: key, AttributeValue: value }], StartTime: new Date(at(100)), EndTime: new Date(at(5)) }))).Events ?? []).map(
      (e) => e.EventId ?? '',
    );

  test('each attribute key finds its events; only the caller account\'s management events of 90 days', async () => {
    assert.deepEqual(await ids('EventId', 'ev-get'), ['ev-get']);
    assert.deepEqual(await ids('EventId', 'ev-other'), [], 'another account');
    assert.deepEqual(await ids('EventId', 'ev-invoke'), [], 'a data event');
    assert.deepEqual(await ids('EventName', 'UpdateFunctionConfiguration20150331v2'), ['ev-update']);
    assert.deepEqual(await ids('ReadOnly', 'true'), ['ev-get']);
    assert.deepEqual(await ids('ReadOnly', 'false'), ['ev-role', 'ev-update', 'ev-create']);
    assert.deepEqual(await ids('Username', 'bob'), ['ev-get']);
    assert.deepEqual(await ids('ResourceType', 'AWS::IAM::Role'), ['ev-role']);
    assert.deepEqual(await ids('ResourceName', 'deployer'), ['ev-role']);
    assert.deepEqual(await ids('EventSource', 'iam.amazonaws.com'), ['ev-role']);
    assert.deepEqual(await ids('AccessKeyId', 'AKIABOB000000000001'), ['ev-get']);
    const all = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateFunction20150331' }] }));
    assert.deepEqual(all.Events?.map((e) => e.EventId), ['ev-create'], 'the 91-day-old event is outside the window');
  });

  test('an event carries AWS members: ReadOnly as a string, EventTime, Resources, CloudTrailEvent', async () => {
    const { Events } = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: 'ev-get' }] }));
    assert.equal(Events?.length, 1);
    const e = Events?.[0];
    assert.equal(e?.EventName, 'GetFunction20150331v2');
    assert.equal(e?.ReadOnly, 'true');
    assert.equal(e?.AccessKeyId, 'AKIABOB000000000001');
    assert.equal(e?.Username, 'bob');
    assert.equal(e?.EventSource, 'lambda.amazonaws.com');
    assert.equal(e?.EventTime?.getTime(), at(30));
    assert.deepEqual(e?.Resources, [{ ResourceType: 'AWS::Lambda::Function', ResourceName: `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:f1` }]);
    assert.equal(JSON.parse(e?.CloudTrailEvent ?? '{}').eventID, 'ev-get');
  });

  test('StartTime and EndTime bound the range, both inclusive; newest first', async () => {
    const { Events } = await ct.send(new LookupEventsCommand({ StartTime: new Date(at(40)), EndTime: new Date(at(20)) }));
    assert.deepEqual(Events?.map((e) => e.EventId), ['ev-role', 'ev-get', 'ev-update']);
    const err = await failure(ct.send(new LookupEventsCommand({ StartTime: new Date(at(10)), EndTime: new Date(at(20)) })));
    assert.deepEqual([err.status, err.name], [400, 'InvalidTimeRangeException']);
  });

  test('MaxResults defaults to 50; NextToken pages through, and is bound to its query', async () => {
    const first = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListFunctions20150331' }] }));
    assert.equal(first.Events?.length, 50);
    assert.ok(first.NextToken);
    const second = await ct.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListFunctions20150331' }], NextToken: first.NextToken }),
    );
    assert.equal(second.Events?.length, 10);
    assert.equal(second.NextToken, undefined);
    const seen = [...(first.Events ?? []), ...(second.Events ?? [])].map((e) => e.EventId);
    assert.deepEqual(seen, Array.from({ length: 60 }, (_, i) => `bulk-${i}`));
    const paged: string[] = [];
    let token: string | undefined;
    do {
      const page = await ct.send(new LookupEventsCommand({ StartTime: new Date(at(205)), EndTime: new Date(at(200)), MaxResults: 2, NextToken: token }));
      paged.push(...(page.Events ?? []).map((e) => e.EventId ?? ''));
      token = page.NextToken;
    } while (token !== undefined);
    assert.deepEqual(paged, ['bulk-0', 'bulk-1', 'bulk-2', 'bulk-3', 'bulk-4', 'bulk-5']);
    const rebound = await failure(
      ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateRole' }], NextToken: first.NextToken })),
    );
    assert.deepEqual([rebound.status, rebound.name], [400, 'InvalidNextTokenException']);
    assert.equal((await failure(ct.send(new LookupEventsCommand({ NextToken: 'garbage' })))).name, 'InvalidNextTokenException');
  });

  test('validation: one attribute at most, AWS keys only, MaxResults 1..50, EventCategory insight only', async () => {
    const two = await failure(
      ct.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'a' },
            { AttributeKey: 'Username', AttributeValue: 'b' },
          ],
        }),
      ),
    );
    assert.deepEqual([two.status, two.name], [400, 'InvalidLookupAttributesException']);
    const key = await failure(ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Region' as LookupAttributeKey, AttributeValue: 'x' }] })));
    assert.equal(key.name, 'InvalidLookupAttributesException');
    for (const max of [0, 51]) assert.equal((await failure(ct.send(new LookupEventsCommand({ MaxResults: max })))).name, 'InvalidMaxResultsException');
    assert.equal((await failure(ct.send(new LookupEventsCommand({ EventCategory: 'data' as 'insight' })))).name, 'InvalidEventCategoryException');
    assert.deepEqual((await ct.send(new LookupEventsCommand({ EventCategory: 'insight' }))).Events, []);
  });

  test('the real CLI: aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,…', async () => {
    const cli = await awsCli(
      ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=UpdateFunctionConfiguration20150331v2'],
      { endpoint: fx.url, ...fx.credentials },
    );
    assert.equal(cli.code, 0, cli.stderr);
    const out = cli.json<{ Events: Array<{ EventId: string; ReadOnly: string; CloudTrailEvent: string }> }>();
    assert.deepEqual(out.Events.map((e) => e.EventId), ['ev-update']);
    assert.equal(out.Events[0]?.ReadOnly, 'false');
  });
});
