/**
 * CloudWatch Logs through the v3 SDK against a real server: groups, streams, PutLogEvents' batch rules and
 * rejections, GetLogEvents' tokens, FilterLogEvents' patterns and paging, retention, tags and KMS; every bad
 * input gets AWS's error and leaves state unchanged. The server's clock is injected.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateKmsKeyCommand,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';
import { DAY, HOUR, ManualClock, logsClient } from './logs-helpers.js';
import { callJson11 } from '../../../src/cli/api-client.js';
import type { ApiCallError } from '../../../src/cli/api-client.js';

// The server's clock stands still at T0; SigV4 checks requests against it, so T0 is the real time at start.
const T0 = Math.floor(Date.now() / 1000) * 1000;
const arnOf = (name: string): string => `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:${name}`;

describe('CloudWatch Logs operations', () => {
  let fx: LambdaboxFixture;
  let logs: CloudWatchLogsClient;
  const clock = new ManualClock(T0);

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false, clock } });
    logs = logsClient(fx);
  });
  after(async () => {
    logs.destroy();
    await fx.close();
  });

  const put = (group: string, stream: string, events: Array<{ timestamp: number; message: string }>) =>
    logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
  const setup = async (group: string, ...streams: string[]): Promise<void> => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    for (const s of streams) await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: s }));
  };

  test('log groups: create, describe (prefix, pattern, paging), duplicates and bad names, delete', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/alpha', tags: { team: 'core' } }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/Beta' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/other/gamma-beta' }));
    await rejects(logs.send(new CreateLogGroupCommand({ logGroupName: '/app/alpha' })), 400, 'ResourceAlreadyExistsException', 'The specified log group already exists');
    await rejects(
      logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })),
      400,
      'InvalidParameterException',
      "1 validation error detected: Value 'bad name!' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    );
    const all = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/' }));
    assert.deepEqual(all.logGroups?.map((g) => g.logGroupName), ['/app/Beta', '/app/alpha']);
    const alpha = all.logGroups?.[1];
    assert.equal(alpha?.creationTime, T0);
    assert.equal(alpha?.arn, `${arnOf('/app/alpha')}:*`);
    assert.equal(alpha?.storedBytes, 0);
    assert.equal(alpha?.metricFilterCount, 0);
    assert.equal(alpha?.retentionInDays, undefined);
    const pattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'BETA' }));
    assert.deepEqual(pattern.logGroups?.map((g) => g.logGroupName), ['/app/Beta', '/other/gamma-beta']);
    await rejects(
      logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app', logGroupNamePattern: 'x' })),
      400,
      'InvalidParameterException',
      'LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.',
    );
    const page1 = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/', limit: 2 }));
    assert.equal(page1.logGroups?.length, 2);
    assert.ok(page1.nextToken);
    const page2 = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/', limit: 2, nextToken: page1.nextToken }));
    assert.deepEqual(page2.logGroups?.map((g) => g.logGroupName), ['/other/gamma-beta']);
    assert.equal(page2.nextToken, undefined);
    await rejects(logs.send(new DescribeLogGroupsCommand({ limit: 51 })), 400, 'InvalidParameterException',
      "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
    await rejects(logs.send(new DescribeLogGroupsCommand({ nextToken: 'garbage' })), 400, 'InvalidParameterException', 'The specified nextToken is invalid.');
    await logs.send(new DeleteLogGroupCommand({ logGroupName: '/other/gamma-beta' }));
    await rejects(logs.send(new DeleteLogGroupCommand({ logGroupName: '/other/gamma-beta' })), 400, 'ResourceNotFoundException', 'The specified log group does not exist.');
  });

  test('a KMS key is refused as unusable and no group is created', async () => {
    await rejects(
      logs.send(new CreateLogGroupCommand({ logGroupName: '/kms/g', kmsKeyId: 'arn:aws:kms:us-east-1:000000000000:key/1234' })),
      400,
      'InvalidParameterException',
      `The specified KMS key does not exist or is not allowed to be used with ARN '${arnOf('/kms/g')}'`,
    );
    assert.deepEqual((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/kms/' }))).logGroups, []);
    await setup('/kms/h');
    await rejects(logs.send(new AssociateKmsKeyCommand({ logGroupName: '/kms/h', kmsKeyId: 'k' })), 400, 'InvalidParameterException',
      `The specified KMS key does not exist or is not allowed to be used with ARN '${arnOf('/kms/h')}'`);
  });

  test('log streams: create, duplicates, missing group, describe by name and last event time, delete', async () => {
    await setup('/streams/g', 'b', 'a', 'c');
    await rejects(logs.send(new CreateLogStreamCommand({ logGroupName: '/streams/g', logStreamName: 'a' })), 400, 'ResourceAlreadyExistsException', 'The specified log stream already exists');
    await rejects(logs.send(new CreateLogStreamCommand({ logGroupName: '/streams/none', logStreamName: 'a' })), 400, 'ResourceNotFoundException', 'The specified log group does not exist.');
    await rejects(
      logs.send(new CreateLogStreamCommand({ logGroupName: '/streams/g', logStreamName: 'x:y' })),
      400,
      'InvalidParameterException',
      "1 validation error detected: Value 'x:y' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*",
    );
    await put('/streams/g', 'c', [{ timestamp: T0 - 3000, message: 'c1' }]);
    await put('/streams/g', 'a', [{ timestamp: T0 - 2000, message: 'a1' }]);
    const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/streams/g' }));
    assert.deepEqual(byName.logStreams?.map((s) => s.logStreamName), ['a', 'b', 'c']);
    const a = byName.logStreams?.[0];
    assert.equal(a?.firstEventTimestamp, T0 - 2000);
    assert.equal(a?.lastEventTimestamp, T0 - 2000);
    assert.equal(a?.lastIngestionTime, T0);
    assert.equal(a?.storedBytes, 2);
    assert.equal(a?.arn, `${arnOf('/streams/g')}:log-stream:a`);
    const byTime = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/streams/g', orderBy: 'LastEventTime', descending: true }));
    assert.deepEqual(byTime.logStreams?.map((s) => s.logStreamName), ['a', 'c', 'b']);
    const paged = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/streams/g', limit: 2 }));
    assert.deepEqual(paged.logStreams?.map((s) => s.logStreamName), ['a', 'b']);
    const rest = await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/streams/g', limit: 2, nextToken: paged.nextToken }));
    assert.deepEqual(rest.logStreams?.map((s) => s.logStreamName), ['c']);
    const prefixed = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: `${arnOf('/streams/g')}:*`, logStreamNamePrefix: 'b' }));
    assert.deepEqual(prefixed.logStreams?.map((s) => s.logStreamName), ['b']);
    await rejects(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: '/streams/g', orderBy: 'LastEventTime', logStreamNamePrefix: 'a' })),
      400,
      'InvalidParameterException',
      'Cannot order by LastEventTime with a logStreamNamePrefix.',
    );
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/streams/g' }));
    assert.equal(groups.logGroups?.[0]?.storedBytes, 4);
    await logs.send(new DeleteLogStreamCommand({ logGroupName: '/streams/g', logStreamName: 'a' }));
    await rejects(logs.send(new DeleteLogStreamCommand({ logGroupName: '/streams/g', logStreamName: 'a' })), 400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
    assert.deepEqual((await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/streams/g' }))).logStreams?.map((s) => s.logStreamName), ['b', 'c']);
  });

  test('PutLogEvents enforces the batch rules and stores nothing of a refused batch', async () => {
    await setup('/put/g', 's');
    const refused = async (events: Array<{ timestamp: number; message: string }>, message: string): Promise<void> => {
      await rejects(put('/put/g', 's', events), 400, 'InvalidParameterException', message);
    };
    await refused([{ timestamp: T0, message: 'b' }, { timestamp: T0 - 1, message: 'a' }], 'Log events in a single PutLogEvents request must be in chronological order.');
    await refused([{ timestamp: T0 - DAY - 1, message: 'a' }, { timestamp: T0, message: 'b' }], 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    await refused([{ timestamp: T0, message: 'x'.repeat(262_144 - 25) }], 'Log event too large: 262145 bytes exceeds limit of 262144');
    const big = Array.from({ length: 5 }, () => ({ timestamp: T0, message: 'y'.repeat(210_000) }));
    await refused(big, 'Upload too large: 1050130 bytes exceeds limit of 1048576');
    await refused([{ timestamp: T0, message: '' }], "1 validation error detected: Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1");
    await refused(
      Array.from({ length: 10_001 }, () => ({ timestamp: T0, message: 'z' })),
      "1 validation error detected: Value '[…]' at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to 10000",
    );
    await rejects(put('/put/none', 's', [{ timestamp: T0, message: 'a' }]), 400, 'ResourceNotFoundException', 'The specified log group does not exist.');
    await rejects(put('/put/g', 'none', [{ timestamp: T0, message: 'a' }]), 400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
    const stream = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/put/g' }))).logStreams?.[0];
    assert.equal(stream?.storedBytes, 0);
    assert.equal(stream?.lastIngestionTime, undefined);
    // The exact limits are accepted: 262,118 message bytes + 26, and a full 24-hour span.
    await put('/put/g', 's', [{ timestamp: T0 - DAY, message: 'x'.repeat(262_118) }, { timestamp: T0, message: 'ok' }]);
  });

  test('PutLogEvents reports too old, expired and too new events and stores the rest; the sequence token is ignored', async () => {
    await setup('/reject/g', 's');
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/reject/g', retentionInDays: 1 }));
    const expired = await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/reject/g',
        logStreamName: 's',
        sequenceToken: 'anything-at-all',
        // older than the retention, younger than 14 days
        logEvents: [{ timestamp: T0 - 2 * DAY, message: 'expired' }, { timestamp: T0 - 2 * DAY + 1000, message: 'expired too' }],
      }),
    );
    assert.deepEqual(expired.rejectedLogEventsInfo, { expiredLogEventEndIndex: 2 });
    const out = await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/reject/g',
        logStreamName: 's',
        logEvents: [
          { timestamp: T0 - 1000, message: 'kept' },
          { timestamp: T0 + 2 * HOUR, message: 'kept at the edge' },
          { timestamp: T0 + 2 * HOUR + 1, message: 'too new' },
        ],
      }),
    );
    assert.deepEqual(out.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 2 });
    assert.ok(out.nextSequenceToken);
    const old = await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/reject/g',
        logStreamName: 's',
        logEvents: [{ timestamp: T0 - 15 * DAY, message: 'too old' }, { timestamp: T0 - 15 * DAY + 1000, message: 'too old too' }],
      }),
    );
    assert.deepEqual(old.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 2, expiredLogEventEndIndex: 2 });
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: '/reject/g', logStreamName: 's', startFromHead: true }));
    assert.deepEqual(got.events?.map((e) => e.message), ['kept', 'kept at the edge']);
    assert.equal(got.events?.[0]?.ingestionTime, T0);
  });

  test('GetLogEvents: newest page by default, from the head on request, and tokens exactly as AWS hands them back', async () => {
    await setup('/get/g', 's');
    await put('/get/g', 's', Array.from({ length: 5 }, (_, i) => ({ timestamp: T0 - 5000 + i * 1000, message: `m${i}` })));
    const tail = await logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', limit: 2 }));
    assert.deepEqual(tail.events?.map((e) => e.message), ['m3', 'm4']);
    const older = await logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', limit: 2, nextToken: tail.nextBackwardToken }));
    assert.deepEqual(older.events?.map((e) => e.message), ['m1', 'm2']);
    const oldest = await logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', limit: 2, nextToken: older.nextBackwardToken }));
    assert.deepEqual(oldest.events?.map((e) => e.message), ['m0']);
    const before = await logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', limit: 2, nextToken: oldest.nextBackwardToken }));
    assert.deepEqual(before.events, []);
    assert.equal(before.nextBackwardToken, oldest.nextBackwardToken);

    const head = await logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', limit: 3, startFromHead: true }));
    assert.deepEqual(head.events?.map((e) => e.message), ['m0', 'm1', 'm2']);
    const next = await logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', limit: 3, nextToken: head.nextForwardToken }));
    assert.deepEqual(next.events?.map((e) => e.message), ['m3', 'm4']);
    const end = await logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', nextToken: next.nextForwardToken }));
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, next.nextForwardToken, 'nothing newer: the same token comes back');
    await put('/get/g', 's', [{ timestamp: T0, message: 'm5' }]);
    const polled = await logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', nextToken: end.nextForwardToken }));
    assert.deepEqual(polled.events?.map((e) => e.message), ['m5']);

    const ranged = await logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', startTime: T0 - 4000, endTime: T0 - 2000, startFromHead: true }));
    assert.deepEqual(ranged.events?.map((e) => e.message), ['m1', 'm2'], 'endTime is exclusive');
    await rejects(logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 's', nextToken: 'x/1' })), 400, 'InvalidParameterException', 'The specified nextToken is invalid.');
    await rejects(logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logStreamName: 'none' })), 400, 'ResourceNotFoundException', 'The specified log stream does not exist.');
    await rejects(
      logs.send(new GetLogEventsCommand({ logGroupName: '/get/g', logGroupIdentifier: '/get/g', logStreamName: 's' })),
      400,
      'InvalidParameterException',
      'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
    );
  });

  test('FilterLogEvents: patterns, streams, inclusive time range, paging, and an invalid pattern', async () => {
    await setup('/filter/g', 'web-1', 'web-2', 'db');
    await put('/filter/g', 'web-1', [
      { timestamp: T0 - 5000, message: 'ERROR disk full' },
      { timestamp: T0 - 3000, message: JSON.stringify({ level: 'ERROR', latency: 900 }) },
    ]);
    await put('/filter/g', 'web-2', [{ timestamp: T0 - 4000, message: 'WARN slow' }, { timestamp: T0 - 2000, message: JSON.stringify({ level: 'INFO', latency: 20 }) }]);
    await put('/filter/g', 'db', [{ timestamp: T0 - 1000, message: 'ERROR deadlock' }]);
    const messages = async (input: Partial<ConstructorParameters<typeof FilterLogEventsCommand>[0]>): Promise<string[]> => {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: '/filter/g', ...input }));
      return (out.events ?? []).map((e) => e.message ?? '');
    };
    assert.equal((await messages({})).length, 5);
    assert.deepEqual(await messages({ filterPattern: 'ERROR' }), ['ERROR disk full', JSON.stringify({ level: 'ERROR', latency: 900 }), 'ERROR deadlock']);
    assert.deepEqual(await messages({ filterPattern: '?WARN ?deadlock' }), ['WARN slow', 'ERROR deadlock']);
    assert.deepEqual(await messages({ filterPattern: 'ERROR -deadlock -latency' }), ['ERROR disk full']);
    assert.deepEqual(await messages({ filterPattern: '{ $.latency > 500 }' }), [JSON.stringify({ level: 'ERROR', latency: 900 })]);
    assert.deepEqual(await messages({ logStreamNamePrefix: 'web', filterPattern: 'ERROR' }), ['ERROR disk full', JSON.stringify({ level: 'ERROR', latency: 900 })]);
    assert.deepEqual(await messages({ logStreamNames: ['db', 'web-2'] }), ['WARN slow', JSON.stringify({ level: 'INFO', latency: 20 }), 'ERROR deadlock']);
    assert.deepEqual(await messages({ startTime: T0 - 4000, endTime: T0 - 2000 }), ['WARN slow', JSON.stringify({ level: 'ERROR', latency: 900 }), JSON.stringify({ level: 'INFO', latency: 20 })]);
    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: '/filter/g', limit: 2 }));
    assert.equal(first.events?.length, 2);
    assert.deepEqual(first.searchedLogStreams, []);
    const event = first.events?.[0];
    assert.equal(event?.logStreamName, 'web-1');
    assert.equal(event?.ingestionTime, T0);
    assert.match(event?.eventId ?? '', /^\d{56}$/);
    const second = await logs.send(new FilterLogEventsCommand({ logGroupName: '/filter/g', limit: 2, nextToken: first.nextToken }));
    const third = await logs.send(new FilterLogEventsCommand({ logGroupName: '/filter/g', limit: 2, nextToken: second.nextToken }));
    assert.deepEqual([...(first.events ?? []), ...(second.events ?? []), ...(third.events ?? [])].map((e) => e.timestamp), [T0 - 5000, T0 - 4000, T0 - 3000, T0 - 2000, T0 - 1000]);
    await rejects(logs.send(new FilterLogEventsCommand({ logGroupName: '/filter/g', filterPattern: '{ $.a = ' })), 400, 'InvalidParameterException', 'Invalid filter pattern');
    await rejects(
      logs.send(new FilterLogEventsCommand({ logGroupName: '/filter/g', logStreamNames: ['db'], logStreamNamePrefix: 'w' })),
      400,
      'InvalidParameterException',
      'logStreamNames and logStreamNamePrefix are mutually exclusive',
    );
    await rejects(logs.send(new FilterLogEventsCommand({ logGroupName: '/filter/none' })), 400, 'ResourceNotFoundException', 'The specified log group does not exist.');
  });

  test('retention: only AWS day values; expired events vanish from queries at once and the sweep deletes them', async () => {
    await setup('/retention/g', 's');
    await put('/retention/g', 's', [{ timestamp: T0 - 3 * DAY, message: 'three days old' }]);
    await put('/retention/g', 's', [{ timestamp: T0 - HOUR, message: 'fresh' }]);
    await rejects(
      logs.send(new PutRetentionPolicyCommand({ logGroupName: '/retention/g', retentionInDays: 2 })),
      400,
      'InvalidParameterException',
      "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
    );
    await rejects(logs.send(new PutRetentionPolicyCommand({ logGroupName: '/retention/none', retentionInDays: 1 })), 400, 'ResourceNotFoundException', 'The specified log group does not exist.');
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/retention/g', retentionInDays: 1 }));
    assert.equal((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/retention/g' }))).logGroups?.[0]?.retentionInDays, 1);
    const visible = async (): Promise<string[]> =>
      ((await logs.send(new FilterLogEventsCommand({ logGroupName: '/retention/g' }))).events ?? []).map((e) => e.message ?? '');
    assert.deepEqual(await visible(), ['fresh']);
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: '/retention/g' }));
    assert.deepEqual(await visible(), ['three days old', 'fresh'], 'nothing was deleted yet');
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/retention/g', retentionInDays: 1 }));
    assert.ok((await fx.box.logsService.sweepExpired()) >= 1);
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: '/retention/g' }));
    assert.deepEqual(await visible(), ['fresh'], 'the sweep really deleted the expired event');
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/retention/g', retentionInDays: 1 }));
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: '/retention/g', logStreamName: 's' }));
    assert.deepEqual(got.events?.map((e) => e.message), ['fresh']);
  });

  test('tags: CreateLogGroup, TagResource / UntagResource / ListTagsForResource and the legacy operations', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/tags/g', tags: { a: '1' } }));
    const arn = arnOf('/tags/g');
    await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { b: '2' } }));
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { a: '1', b: '2' });
    await logs.send(new UntagResourceCommand({ resourceArn: `${arn}:*`, tagKeys: ['a'] }));
    assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: '/tags/g' }))).tags, { b: '2' });
    await logs.send(new TagLogGroupCommand({ logGroupName: '/tags/g', tags: { c: '3' } }));
    await logs.send(new UntagLogGroupCommand({ logGroupName: '/tags/g', tags: ['b'] }));
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { c: '3' });
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await rejects(logs.send(new TagResourceCommand({ resourceArn: arn, tags: many })), 400, 'TooManyTagsException', 'A resource can have no more than 50 tags.');
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { c: '3' });
    await rejects(logs.send(new TagResourceCommand({ resourceArn: arn, tags: { 'aws:x': 'v' } })), 400, 'InvalidParameterException', 'Tag keys beginning with aws: are reserved.');
    await rejects(logs.send(new ListTagsForResourceCommand({ resourceArn: arnOf('/tags/none') })), 400, 'ResourceNotFoundException', `The specified resource does not exist: ${arnOf('/tags/none')}`);
  });

  test('a member of the wrong type is SerializationException, an unserved operation UnknownOperationException; nothing changes', async () => {
    const settings = { endpoint: fx.url, region: TEST_REGION, ...fx.credentials };
    const call = (op: string, body: unknown) => callJson11(settings, { signingName: 'logs', targetPrefix: 'Logs_20140328' }, op, body);
    await assert.rejects(call('CreateLogGroup', { logGroupName: 5 }), (err: ApiCallError) => {
      assert.equal(err.status, 400);
      assert.equal(err.code, 'SerializationException');
      return true;
    });
    await assert.rejects(call('PutMetricFilter', { logGroupName: '/x' }), (err: ApiCallError) => err.code === 'UnknownOperationException');
    await assert.rejects(call('PutLogEvents', { logGroupName: '/put/g', logStreamName: 's', logEvents: [{ timestamp: 'soon', message: 'x' }] }), (err: ApiCallError) => err.code === 'SerializationException');
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/x' }));
    assert.deepEqual(groups.logGroups, []);
  });
});
