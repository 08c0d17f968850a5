/**
 * Issue 13, acceptance 1: 30+ calls by three principals (the account's root, an IAM user, and a function's
 * execution role calling Lambda from inside its sandbox) appear in LookupEvents with their identities,
 * the denied ones with their error codes, secrets redacted, and another account's calls never visible.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudTrailClient, CreateTrailCommand, LookupEventsCommand, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Event, LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  DeleteFunctionCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { failure } from '../../helpers/aws-errors.js';
import { ensureLambdaRole } from '../../helpers/lambda-roles.js';
import { deploy, FAST_MEMORY, invoke } from '../../invoke/invoke-harness.js';
import { requestAccount } from '../../../src/cli/accounts-command.js';
import { HIDDEN } from '../../../src/services/cloudtrail/recorder/redaction.js';

/** The value, failing the test when it is missing. */
function must<T>(value: T | undefined): T {
  assert.ok(value !== undefined);
  return value;
}

const SECRET_VALUE = 'db-password-that-must-never-be-logged';
const CALLER_ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/auditor-role`;
// The stock SDK inside the sandbox: endpoint and the execution role's credentials come from the environment.
const CALLER = `
import { LambdaClient, GetFunctionConfigurationCommand, DeleteFunctionCommand } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({});
export const handler = async () => {
  const read = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'audited' }));
  let denied = '';
  try { await lambda.send(new DeleteFunctionCommand({ FunctionName: 'audited' })); } catch (err) { denied = err.name; }
  return { timeout: read.Timeout, denied };
};
`;

interface Parsed {
  readonly event: Event;
  readonly record: Record<string, unknown> & { userIdentity: Record<string, unknown> };
}

describe('CloudTrail: who called what, as LookupEvents shows it', () => {
  let fx: LambdaboxFixture;
  let root: LambdaClient;
  let trail: CloudTrailClient;
  let devKey: { accessKeyId: string; secretAccessKey: string };
  let account2: string;
  let trail2: CloudTrailClient;

  async function lookup(client: CloudTrailClient, key?: LookupAttributeKey, value?: string): Promise<Parsed[]> {
    const out: Parsed[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new LookupEventsCommand({
          ...(key === undefined ? {} : { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] }),
          MaxResults: 7,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      );
      for (const event of page.Events ?? []) out.push({ event, record: JSON.parse(event.CloudTrailEvent ?? '{}') as Parsed['record'] });
      token = page.NextToken;
    } while (token !== undefined);
    return out;
  }

  before(async () => {
    fx = await startLambdabox();
    root = fx.lambda();
    trail = new CloudTrailClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    const iam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    // Root: an IAM user with a policy and a key (3 IAM calls; the key's secret is in a response).
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'dev',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['lambda:Get*', 'lambda:List*', 'lambda:UpdateFunctionConfiguration'], Resource: '*' },
            { Sid: 'NoDelete', Effect: 'Deny', Action: 'lambda:DeleteFunction', Resource: '*' },
          ],
        }),
      }),
    );
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }));
    devKey = { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
    iam.destroy();
    // Root: two functions, one with a secret in its environment.
    await deploy(fx, root, 'audited', { 'index.mjs': 'export const handler = async () => 1;' }, { variables: { DB_PASSWORD: SECRET_VALUE } });
    await ensureLambdaRole(fx.box, CALLER_ROLE);
    await fx.box.control.store.transact((tx) =>
      tx.putInlinePolicy({
        accountId: TEST_ACCOUNT_ID,
        principalType: 'role',
        principalName: 'auditor-role',
        policyName: 'read',
        document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:GetFunctionConfiguration', Resource: '*' }] }),
      }),
    );
    fx.box.policySource.invalidate();
    await deploy(fx, root, 'caller', { 'index.mjs': CALLER }, { memorySize: FAST_MEMORY });
    await root.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'caller', Role: CALLER_ROLE }));
    await fx.settled();
    // The IAM user: 12 reads, one update, and two denied calls.
    const dev = fx.lambda(devKey);
    for (let i = 0; i < 6; i++) await dev.send(new ListFunctionsCommand({}));
    for (let i = 0; i < 6; i++) await dev.send(new GetFunctionCommand({ FunctionName: 'audited' }));
    await dev.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'audited', Timeout: 7 }));
    await fx.settled();
    assert.equal((await failure(dev.send(new DeleteFunctionCommand({ FunctionName: 'audited' })))).status, 403);
    assert.equal((await failure(dev.send(new DeleteFunctionCommand({ FunctionName: 'caller' })))).status, 403);
    // The execution role, from inside the sandbox: one read, one denied delete.
    const result = await invoke(root, 'caller');
    assert.deepEqual(result.json(), { timeout: 7, denied: 'AccessDeniedException' }, result.text);
    // Root: more reads.
    for (let i = 0; i < 8; i++) await root.send(new ListFunctionsCommand({}));
    // Another account: its own calls only.
    const created = await requestAccount(fx.url, TEST_REGION, fx.credentials);
    account2 = created.AccountId;
    const root2 = fx.lambda({ accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey });
    for (let i = 0; i < 3; i++) await root2.send(new ListFunctionsCommand({}));
    await failure(root2.send(new GetFunctionCommand({ FunctionName: `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:audited` })));
    trail2 = new CloudTrailClient({
      endpoint: fx.url,
      region: TEST_REGION,
      credentials: { accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey },
      maxAttempts: 1,
    });
  });
  after(async () => {
    trail.destroy();
    trail2.destroy();
    await fx.close();
  });

  test('30+ calls of the three principals are in the event history, newest first', async () => {
    const all = await lookup(trail);
    assert.ok(all.length >= 30, `${all.length} events`);
    const times = all.map((e) => e.event.EventTime?.getTime() ?? 0);
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const types = new Set(all.map((e) => e.record.userIdentity['type']));
    assert.deepEqual([...types].sort(), ['AssumedRole', 'IAMUser', 'Root']);
    // Invoke is a data event: no trail selects it, so it is not in the management history.
    assert.ok(!all.some((e) => e.event.EventName === 'Invoke'));
  });

  test('the IAM user: identity, versioned event names, and the denied calls with their error codes', async () => {
    const dev = await lookup(trail, 'Username', 'dev');
    assert.equal(dev.length, 15);
    const first = must(dev[0]).record;
    assert.equal(first.userIdentity['type'], 'IAMUser');
    assert.equal(first.userIdentity['userName'], 'dev');
    assert.equal(first.userIdentity['arn'], `arn:aws:iam::${TEST_ACCOUNT_ID}:user/dev`);
    assert.equal(first.userIdentity['accessKeyId'], devKey.accessKeyId);
    assert.match(String(first.userIdentity['principalId']), /^AIDA/);
    const names = new Set(dev.map((e) => e.event.EventName));
    assert.deepEqual([...names].sort(), ['DeleteFunction20150331', 'GetFunction20150331v2', 'ListFunctions20150331', 'UpdateFunctionConfiguration20150331v2']);
    const deletes = dev.filter((e) => e.event.EventName === 'DeleteFunction20150331');
    assert.equal(deletes.length, 2);
    for (const d of deletes) {
      assert.equal(d.record['errorCode'], 'AccessDeniedException');
      assert.match(String(d.record['errorMessage']), /with an explicit deny in an identity-based policy/);
      assert.equal(d.event.ReadOnly, 'false');
    }
    const update = must(dev.find((e) => e.event.EventName === 'UpdateFunctionConfiguration20150331v2'));
    assert.deepEqual(update.record['requestParameters'], { functionName: 'audited', timeout: 7 });
    assert.equal((update.record['responseElements'] as Record<string, unknown>)['timeout'], 7);
    assert.deepEqual(update.event.Resources, [{ ResourceType: 'AWS::Lambda::Function', ResourceName: 'audited' }]);
    assert.equal(dev.find((e) => e.event.EventName === 'ListFunctions20150331')?.record['responseElements'], null);
  });

  test('the execution role, calling from its sandbox: an assumed role issued by its role', async () => {
    const calls = await lookup(trail, 'Username', 'caller');
    assert.deepEqual(calls.map((e) => e.event.EventName).sort(), ['DeleteFunction20150331', 'GetFunctionConfiguration20150331v2']);
    const identity = must(calls[0]).record.userIdentity;
    assert.equal(identity['type'], 'AssumedRole');
    assert.equal(identity['arn'], `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/auditor-role/caller`);
    assert.match(String(identity['accessKeyId']), /^ASIA/);
    const issuer = (identity['sessionContext'] as { sessionIssuer: Record<string, unknown> }).sessionIssuer;
    assert.deepEqual({ type: issuer['type'], arn: issuer['arn'], userName: issuer['userName'] }, { type: 'Role', arn: CALLER_ROLE, userName: 'auditor-role' });
    const denied = must(calls.find((e) => e.event.EventName === 'DeleteFunction20150331'));
    assert.equal(denied.record['errorCode'], 'AccessDeniedException');
    assert.match(String(denied.record['errorMessage']), /because no identity-based policy allows/);
  });

  test('root: its identity; secrets never appear, in requests or responses', async () => {
    const rootEvents = await lookup(trail, 'Username', 'root');
    assert.ok(rootEvents.length >= 10);
    assert.deepEqual(
      { type: must(rootEvents[0]).record.userIdentity['type'], arn: must(rootEvents[0]).record.userIdentity['arn'] },
      { type: 'Root', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` },
    );
    const all = await lookup(trail);
    for (const e of all) {
      const text = e.event.CloudTrailEvent ?? '';
      assert.ok(!text.includes(SECRET_VALUE), `${e.event.EventName} leaks an environment value`);
      assert.ok(!text.includes(devKey.secretAccessKey), `${e.event.EventName} leaks a secret key`);
      assert.ok(!/"sessionToken":"(?!HIDDEN)/.test(text), `${e.event.EventName} leaks a session token`);
    }
    const create = must(all.find((e) => e.event.EventName === 'CreateFunction20150331' && (e.record['requestParameters'] as Record<string, unknown>)['functionName'] === 'audited'));
    const params = create.record['requestParameters'] as { code: Record<string, unknown>; environment: { variables: Record<string, string> } };
    assert.deepEqual(params.code, { zipFile: HIDDEN });
    assert.deepEqual(params.environment.variables, { DB_PASSWORD: HIDDEN });
    const keyEvent = must(all.find((e) => e.event.EventName === 'CreateAccessKey'));
    assert.equal(keyEvent.record['eventSource'], 'iam.amazonaws.com');
    const accessKey = (keyEvent.record['responseElements'] as { accessKey: Record<string, unknown> }).accessKey;
    assert.equal(accessKey['secretAccessKey'], HIDDEN);
    assert.equal(accessKey['accessKeyId'], devKey.accessKeyId);
  });

  test("another account's calls are never visible, and it sees only its own", async () => {
    const mine = await lookup(trail);
    assert.ok(!mine.some((e) => e.record.userIdentity['accountId'] === account2));
    const theirs = await lookup(trail2);
    assert.ok(theirs.length >= 4);
    for (const e of theirs) assert.equal(e.record.userIdentity['accountId'], account2);
    // Its denied attempt on account 1's function stays in its own history.
    assert.ok(theirs.some((e) => e.event.EventName === 'GetFunction20150331v2' && e.record['errorCode'] === 'AccessDeniedException'));
  });

  test('the AWS CLI: lookup-events by event name, unchanged', async () => {
    const out = await awsCli(
      ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=UpdateFunctionConfiguration20150331v2'],
      { endpoint: fx.url, ...fx.credentials },
    );
    assert.equal(out.code, 0, out.stderr);
    const events = out.json<{ Events: Event[] }>().Events;
    // Root's role change of `caller` and the user's timeout change of `audited`.
    assert.deepEqual(events.map((e) => e.Username).sort(), ['dev', 'root']);
  });

  test('authorization decisions stay available beside the events', async () => {
    const decisions = await fx.box.auditDecisions();
    const deny = decisions.find((d) => d.principal === `arn:aws:iam::${TEST_ACCOUNT_ID}:user/dev` && d.action === 'lambda:DeleteFunction');
    assert.equal(deny?.decision, 'ExplicitlyDenied');
    assert.equal(deny?.deciding?.sid, 'NoDelete');
  });

  test("Invoke is a data event: a trail whose selectors name the function gets it in its log files", async () => {
    const arn = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:audited`;
    await trail.send(new CreateTrailCommand({ Name: 'data', S3BucketName: 'data-trail' }));
    await trail.send(
      new PutEventSelectorsCommand({
        TrailName: 'data',
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::Lambda::Function', Values: [arn] }] }],
      }),
    );
    await trail.send(new StartLoggingCommand({ Name: 'data' }));
    const invoked = await invoke(root, 'audited');
    assert.equal(invoked.functionError, undefined, invoked.text);
    await invoke(root, 'caller');
    await fx.box.trailRecorder.flush();
    await fx.box.trailDelivery.deliverNow();
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) (e.isDirectory() ? walk : (f: string) => files.push(f))(join(dir, e.name));
    };
    walk(join(fx.dataDir, 'trails', 'data-trail'));
    const records = files.flatMap((f) => (JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as { Records: Array<Record<string, unknown>> }).Records);
    // Only the selected function's Invoke: no management event, not the other function's Invoke.
    assert.deepEqual(records.map((r) => r['eventName']), ['Invoke']);
    const record = must(records[0]);
    assert.equal(record['eventCategory'], 'Data');
    assert.equal(record['managementEvent'], false);
    assert.deepEqual(record['resources'], [{ accountId: TEST_ACCOUNT_ID, type: 'AWS::Lambda::Function', ARN: arn }]);
    assert.deepEqual(record['requestParameters'], { functionName: 'audited' });
    // Still no data event in the management history.
    assert.ok(!(await lookup(trail, 'EventName', 'Invoke')).some(() => true));
  });
});
