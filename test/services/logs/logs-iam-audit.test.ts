/**
 * Every CloudWatch Logs call is authorized by IAM on the AWS resource ARN (`…:log-group:<name>`, and
 * `…:log-group:<name>:log-stream:<stream>` for PutLogEvents / GetLogEvents), before a missing group could be
 * told apart; and the audit trail records the calls but never the log data.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { logsClient } from './logs-helpers.js';

const SECRET = 'card=4111-1111-1111-1111';

describe('CloudWatch Logs authorization and audit', () => {
  let fx: LambdaboxFixture;
  let iam: IAMClient;
  let admin: CloudWatchLogsClient;
  const clients: CloudWatchLogsClient[] = [];

  const userClient = async (name: string, policy?: object): Promise<CloudWatchLogsClient> => {
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (policy !== undefined) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const client = logsClient(fx, { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' });
    clients.push(client);
    return client;
  };

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    iam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    admin = logsClient(fx);
    await admin.send(new CreateLogGroupCommand({ logGroupName: '/team/a' }));
    await admin.send(new CreateLogStreamCommand({ logGroupName: '/team/a', logStreamName: 's' }));
    await admin.send(new CreateLogGroupCommand({ logGroupName: '/team/b' }));
  });
  after(async () => {
    for (const c of [admin, ...clients]) c.destroy();
    iam.destroy();
    await fx.close();
  });

  test('a user without logs permissions is denied, for an existing and a missing group alike', async () => {
    const nobody = await userClient('nobody');
    const existing = await failure(nobody.send(new DescribeLogGroupsCommand({})));
    assert.equal(existing.name, 'AccessDeniedException');
    assert.match(existing.message, /is not authorized to perform: logs:DescribeLogGroups on resource: arn:aws:logs:us-east-1:000000000000:log-group:\*/);
    const put = await failure(nobody.send(new PutLogEventsCommand({ logGroupName: '/team/a', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'x' }] })));
    assert.equal(put.name, 'AccessDeniedException');
    assert.match(put.message, /logs:PutLogEvents on resource: arn:aws:logs:us-east-1:000000000000:log-group:\/team\/a:log-stream:s/);
    const missing = await failure(nobody.send(new FilterLogEventsCommand({ logGroupName: '/team/none' })));
    assert.equal(missing.name, 'AccessDeniedException');
    const create = await failure(nobody.send(new CreateLogGroupCommand({ logGroupName: '/team/c' })));
    assert.equal(create.name, 'AccessDeniedException');
    const groups = await admin.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/team/c' }));
    assert.deepEqual(groups.logGroups, [], 'a denied create leaves nothing behind');
  });

  test("a policy on one group's ARN (and its streams) grants that group only", async () => {
    const arn = `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:/team/a`;
    const writer = await userClient('writer', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'], Resource: [arn, `${arn}:*`] }],
    });
    await writer.send(new PutLogEventsCommand({ logGroupName: '/team/a', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: 'hello' }] }));
    const got = await writer.send(new GetLogEventsCommand({ logGroupName: '/team/a', logStreamName: 's' }));
    assert.ok(got.events?.some((e) => e.message === 'hello'));
    const other = await failure(writer.send(new FilterLogEventsCommand({ logGroupName: '/team/b' })));
    assert.equal(other.name, 'AccessDeniedException');
    const notGranted = await failure(writer.send(new CreateLogStreamCommand({ logGroupName: '/team/a', logStreamName: 't' })));
    assert.equal(notGranted.name, 'AccessDeniedException');
  });

  test('the audit trail records the calls but no log message, search pattern or returned event', async () => {
    await admin.send(new PutLogEventsCommand({ logGroupName: '/team/a', logStreamName: 's', logEvents: [{ timestamp: Date.now(), message: SECRET }] }));
    await admin.send(new FilterLogEventsCommand({ logGroupName: '/team/a', filterPattern: `"${SECRET}"` }));
    await admin.send(new GetLogEventsCommand({ logGroupName: '/team/a', logStreamName: 's' }));
    await fx.box.trailRecorder.flush();
    const events = await fx.box.cloudTrail.eventsAfter(0, 100_000);
    const names = events.map((e) => e.eventName);
    for (const n of ['CreateLogGroup', 'PutLogEvents', 'FilterLogEvents', 'GetLogEvents']) assert.ok(names.includes(n), n);
    const put = events.find((e) => e.eventName === 'PutLogEvents');
    assert.equal(put?.management, false, 'PutLogEvents is a data event');
    assert.equal(put?.eventSource, 'logs.amazonaws.com');
    const params = (JSON.parse(put?.record ?? '{}') as { requestParameters?: unknown }).requestParameters;
    assert.deepEqual(params, { logGroupName: '/team/a', logStreamName: 's' });
    for (const e of events) {
      assert.ok(!e.record.includes('4111-1111'), `${e.eventName} recorded a log message`);
      assert.ok(!(e.decisions ?? '').includes('4111-1111'), `${e.eventName} decisions hold a log message`);
    }
    const create = events.find((e) => e.eventName === 'CreateLogGroup');
    assert.equal(create?.management, true);
    assert.deepEqual((JSON.parse(create?.record ?? '{}') as { requestParameters?: unknown }).requestParameters, { logGroupName: '/team/a' });
  });
});
