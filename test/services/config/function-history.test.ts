/**
 * Issue 13's acceptance: a function through create → three updates → delete, driven by real Lambda API calls
 * and recorded as the audit pipeline will record them, read back through the real AWS CLI
 * (`aws configservice get-resource-config-history`) and the SDK: every item in order, each with its CloudTrail
 * event id; paging, time ranges, the discovered-resources list (deleted included), BatchGetResourceConfig,
 * and no environment variable value anywhere.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  AddPermissionCommand,
  PutFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import {
  BatchGetResourceConfigCommand,
  GetResourceConfigHistoryCommand,
} from '@aws-sdk/client-config-service';
import type { ConfigServiceClient, ConfigurationItem } from '@aws-sdk/client-config-service';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { helloZip, TEST_ROLE } from '../../helpers/zips.js';
import { configClient, eventIdOf, pause, recordChange } from './config-helpers.js';

const FN = 'history-fn';
const FN_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:${FN}`;
const SECRET = 'hunter2-do-not-record';
const TYPE = 'AWS::Lambda::Function';

function configurationOf(item: ConfigurationItem | undefined): Record<string, unknown> {
  return JSON.parse(item?.configuration ?? 'null') as Record<string, unknown>;
}

describe('Config history of a Lambda function', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let config: ConfigServiceClient;
  const events: string[] = [];

  /** One mutating call: the server's audit pipeline records its item; `events` gets the call's event id. */
  async function change(call: () => Promise<{ $metadata: { requestId?: string } }>): Promise<void> {
    const out = await call();
    events.push(await eventIdOf(fx, out.$metadata.requestId));
    await fx.settled();
    await pause(5);
  }

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    lambda = fx.lambda();
    config = configClient(fx);
    await change(() =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: FN,
          Runtime: 'nodejs20.x',
          Role: TEST_ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: helloZip('v1') },
          Environment: { Variables: { DB_PASSWORD: SECRET } },
          Tags: { team: 'payments' },
        }),
      ),
    );
    await change(() => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: FN, MemorySize: 256, Environment: { Variables: { DB_PASSWORD: `${SECRET}-2`, MODE: 'live' } } })));
    await change(() => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: FN, ZipFile: helloZip('v2') })));
    await change(() => lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: FN, ReservedConcurrentExecutions: 3 })));
    await change(() => lambda.send(new DeleteFunctionCommand({ FunctionName: FN })));
  });

  after(async () => {
    config.destroy();
    await fx.close();
  });

  test('aws configservice get-resource-config-history returns all five items, newest first, each with its event id', async () => {
    const cli = await awsCli(['configservice', 'get-resource-config-history', '--resource-type', TYPE, '--resource-id', FN], {
      endpoint: fx.url,
      ...fx.credentials,
    });
    assert.equal(cli.code, 0, cli.stderr);
    const items = cli.json<{ configurationItems: ConfigurationItem[] }>().configurationItems;
    assert.deepEqual(
      items.map((i) => i.configurationItemStatus),
      ['ResourceDeleted', 'OK', 'OK', 'OK', 'ResourceDiscovered'],
    );
    assert.deepEqual(items.map((i) => i.relatedEvents), [...events].reverse().map((e) => [e]));
    const stateIds = items.map((i) => Number(i.configurationStateId));
    assert.deepEqual([...stateIds].sort((a, b) => b - a), stateIds);
    assert.equal(new Set(stateIds).size, 5);
    for (const i of items) {
      assert.equal(i.resourceType, TYPE);
      assert.equal(i.resourceId, FN);
      assert.equal(i.resourceName, FN);
      assert.equal(i.arn, FN_ARN);
      assert.equal(i.accountId, TEST_ACCOUNT_ID);
      assert.equal(i.awsRegion, TEST_REGION);
      assert.equal(i.version, '1.3');
    }
    const forward = await awsCli(
      ['configservice', 'get-resource-config-history', '--resource-type', TYPE, '--resource-id', FN, '--chronological-order', 'Forward'],
      { endpoint: fx.url, ...fx.credentials },
    );
    assert.equal(forward.code, 0, forward.stderr);
    assert.deepEqual(
      forward.json<{ configurationItems: ConfigurationItem[] }>().configurationItems.map((i) => i.relatedEvents?.[0]),
      events,
    );
  });

  test('each item is the configuration of its moment, in AWS Config shape, with the role related', async () => {
    const out = await config.send(new GetResourceConfigHistoryCommand({ resourceType: TYPE, resourceId: FN, chronologicalOrder: 'Forward' }));
    const items = out.configurationItems ?? [];
    assert.equal(items.length, 5);
    const [created, configured, coded, concurrent, deleted] = items;
    const first = configurationOf(created);
    assert.equal(first['functionName'], FN);
    assert.equal(first['memorySize'], 128);
    assert.equal(first['role'], TEST_ROLE);
    assert.equal(first['handler'], 'index.handler');
    assert.deepEqual(first['environment'], { variables: { DB_PASSWORD: '*****' } });
    assert.ok(typeof first['codeSha256'] === 'string');
    assert.deepEqual(created?.tags, { team: 'payments' });
    assert.deepEqual(created?.relationships, [{ resourceType: 'AWS::IAM::Role', resourceName: 'lambda-role', relationshipName: 'Is associated with ' }]);
    assert.equal(created?.configurationItemMD5Hash, '');
    assert.ok(created?.resourceCreationTime instanceof Date);
    assert.equal(configurationOf(configured)['memorySize'], 256);
    assert.deepEqual(configurationOf(configured)['environment'], { variables: { DB_PASSWORD: '*****', MODE: '*****' } });
    assert.notEqual(configurationOf(coded)['codeSha256'], configurationOf(configured)['codeSha256']);
    assert.equal(concurrent?.supplementaryConfiguration?.['Concurrency'], JSON.stringify({ reservedConcurrentExecutions: 3 }));
    assert.equal(created?.supplementaryConfiguration?.['Concurrency'], undefined);
    assert.equal(deleted?.configurationItemStatus, 'ResourceDeleted');
    assert.equal(deleted?.configuration, 'null');
    assert.deepEqual(deleted?.relationships, []);
    const captureTimes = items.map((i) => i.configurationItemCaptureTime?.getTime() ?? 0);
    assert.deepEqual([...captureTimes].sort((a, b) => a - b), captureTimes);
  });

  test('no environment variable value appears in any item, through the SDK or the CLI', async () => {
    const cli = await awsCli(['configservice', 'get-resource-config-history', '--resource-type', TYPE, '--resource-id', FN], {
      endpoint: fx.url,
      ...fx.credentials,
    });
    assert.equal(cli.code, 0, cli.stderr);
    assert.ok(cli.stdout.includes('DB_PASSWORD'));
    assert.ok(!cli.stdout.includes(SECRET));
    assert.ok(!cli.stdout.includes('live'));
  });

  test('pages of two with nextToken, in both orders, add up to the whole history', async () => {
    for (const order of ['Forward', 'Reverse'] as const) {
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await config.send(new GetResourceConfigHistoryCommand({ resourceType: TYPE, resourceId: FN, chronologicalOrder: order, limit: 2, nextToken }));
        assert.ok((page.configurationItems ?? []).length <= 2);
        seen.push(...(page.configurationItems ?? []).map((i) => i.relatedEvents?.[0] ?? ''));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(seen, order === 'Forward' ? events : [...events].reverse());
    }
  });

  test('earlierTime and laterTime bound the history; a reversed range is InvalidTimeRangeException', async () => {
    const all = await config.send(new GetResourceConfigHistoryCommand({ resourceType: TYPE, resourceId: FN, chronologicalOrder: 'Forward' }));
    const times = (all.configurationItems ?? []).map((i) => i.configurationItemCaptureTime?.getTime() ?? 0);
    const earlier = new Date(times[1] ?? 0);
    const later = new Date(times[3] ?? 0);
    const out = await config.send(
      new GetResourceConfigHistoryCommand({ resourceType: TYPE, resourceId: FN, earlierTime: earlier, laterTime: later, chronologicalOrder: 'Forward' }),
    );
    assert.deepEqual(
      (out.configurationItems ?? []).map((i) => i.relatedEvents?.[0]),
      events.slice(1, 4),
    );
    await assert.rejects(
      config.send(new GetResourceConfigHistoryCommand({ resourceType: TYPE, resourceId: FN, earlierTime: later, laterTime: earlier })),
      (err: Error) => err.name === 'InvalidTimeRangeException',
    );
  });

  test('list-discovered-resources shows the deleted function only with --include-deleted-resources', async () => {
    const live = await awsCli(['configservice', 'list-discovered-resources', '--resource-type', TYPE], { endpoint: fx.url, ...fx.credentials });
    assert.equal(live.code, 0, live.stderr);
    assert.deepEqual(live.json<{ resourceIdentifiers: unknown[] }>().resourceIdentifiers, []);
    const all = await awsCli(['configservice', 'list-discovered-resources', '--resource-type', TYPE, '--include-deleted-resources'], {
      endpoint: fx.url,
      ...fx.credentials,
    });
    assert.equal(all.code, 0, all.stderr);
    const [deleted, ...rest] = all.json<{ resourceIdentifiers: Array<Record<string, unknown>> }>().resourceIdentifiers;
    assert.equal(rest.length, 0);
    assert.equal(deleted?.['resourceId'], FN);
    assert.equal(deleted?.['resourceName'], FN);
    assert.equal(deleted?.['resourceType'], TYPE);
    assert.ok(typeof deleted?.['resourceDeletionTime'] === 'string');
  });

  test('a function created again under the name continues its history; batch-get-resource-config returns only live resources', async () => {
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: FN, Runtime: 'nodejs20.x', Role: TEST_ROLE, Handler: 'index.handler', Code: { ZipFile: helloZip('v3') } }),
    );
    await fx.settled();
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: FN, MaximumRetryAttempts: 1 }));
    await lambda.send(new TagResourceCommand({ Resource: FN_ARN, Tags: { stage: 'beta' } }));
    const permitted = await lambda.send(new AddPermissionCommand({ FunctionName: FN, StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' }));
    const tagged = await eventIdOf(fx, permitted.$metadata.requestId);
    const count = async (): Promise<number> =>
      (await config.send(new GetResourceConfigHistoryCommand({ resourceType: TYPE, resourceId: FN, limit: 100 }))).configurationItems?.length ?? 0;
    const before = await count();
    // Unchanged since: nothing is appended, however the change names the function.
    await recordChange(fx, TYPE, FN);
    await recordChange(fx, TYPE, `${FN_ARN}:$LATEST`);
    assert.equal(await count(), before);
    const history = await config.send(new GetResourceConfigHistoryCommand({ resourceType: TYPE, resourceId: FN, limit: 5 }));
    assert.deepEqual(history.configurationItems?.map((i) => i.configurationItemStatus), ['OK', 'OK', 'OK', 'ResourceDiscovered', 'ResourceDeleted']);
    const newest = history.configurationItems?.[0];
    assert.deepEqual(newest?.relatedEvents, [tagged]);
    assert.deepEqual(newest?.tags, { stage: 'beta' });
    const policy = JSON.parse(newest?.supplementaryConfiguration?.['Policy'] ?? '{}') as { Statement?: Array<{ Sid?: string }> };
    assert.equal(policy.Statement?.[0]?.Sid, 's3');
    const invokeConfigs = JSON.parse(newest?.supplementaryConfiguration?.['EventInvokeConfigs'] ?? '[]') as Array<Record<string, unknown>>;
    assert.deepEqual(invokeConfigs.map((c) => [c['functionArn'], c['maximumRetryAttempts']]), [[`${FN_ARN}:$LATEST`, 1]]);
    const batch = await config.send(
      new BatchGetResourceConfigCommand({ resourceKeys: [{ resourceType: TYPE, resourceId: FN }, { resourceType: TYPE, resourceId: 'never-existed' }] }),
    );
    assert.deepEqual(batch.unprocessedResourceKeys, []);
    assert.equal(batch.baseConfigurationItems?.length, 1);
    const base = batch.baseConfigurationItems?.[0];
    assert.equal(base?.configurationStateId, newest?.configurationStateId);
    assert.equal(base?.supplementaryConfiguration?.['Tags'], undefined);
    assert.ok(base?.supplementaryConfiguration?.['Policy'] !== undefined);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: FN }));
    const afterDelete = await config.send(new BatchGetResourceConfigCommand({ resourceKeys: [{ resourceType: TYPE, resourceId: FN }] }));
    assert.deepEqual(afterDelete.baseConfigurationItems, []);
  });
});
