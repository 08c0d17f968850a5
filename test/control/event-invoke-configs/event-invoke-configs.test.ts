import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  ListFunctionEventInvokeConfigsCommand,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
  type LambdaClient,
  type PutFunctionEventInvokeConfigCommandInput,
} from '@aws-sdk/client-lambda';
import { TEST_ACCOUNT_ID, TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { FN_ARN, startControl, type ControlFixture } from '../../helpers/control-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';
import { allow } from '../../services/sts/sts-harness.js';

const DESTINATION_PATTERN =
  '$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const NO_FUNCTION = "The function doesn't exist.";
const NOTHING_SET = 'You must specify at least one of error handling or destination setting.';
const MISMATCH = 'The derived qualifier from the function name does not match the specified qualifier.';
const EMPTY_DESTINATIONS = { OnSuccess: {}, OnFailure: {} };
const SQS = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT_ID}:failures`;
const SNS = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:done.fifo`;
const BUS = `arn:aws:events:${TEST_REGION}:${TEST_ACCOUNT_ID}:event-bus/default`;

const noConfig = (arn: string): string => `The function ${arn} doesn't have an EventInvokeConfig`;

describe('Lambda event invoke configs through the SDK', () => {
  let fixture: LambdaboxFixture;
  let lambda: LambdaClient;
  let createFunction: ControlFixture['createFunction'];
  let cli: ControlFixture['cli'];

  const put = (input: PutFunctionEventInvokeConfigCommandInput) => lambda.send(new PutFunctionEventInvokeConfigCommand(input));
  const update = (input: PutFunctionEventInvokeConfigCommandInput) =>
    lambda.send(new UpdateFunctionEventInvokeConfigCommand(input));
  const get = (FunctionName: string, Qualifier?: string) =>
    lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName, ...(Qualifier === undefined ? {} : { Qualifier }) }));
  const remove = (FunctionName: string, Qualifier?: string) =>
    lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName, ...(Qualifier === undefined ? {} : { Qualifier }) }));
  const list = (FunctionName: string, page: { Marker?: string; MaxItems?: number } = {}) =>
    lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName, ...page }));

  before(async () => {
    ({ fixture, lambda, createFunction, cli } = await startControl());
    // AWS checks the execution role may send to each destination when it is configured.
    await fixture.box.control.store.transact((tx) =>
      tx.putInlinePolicy({
        accountId: TEST_ACCOUNT_ID,
        principalType: 'role',
        principalName: 'lambda-role',
        policyName: 'destinations',
        document: allow(['lambda:InvokeFunction', 'sqs:SendMessage', 'sns:Publish', 'events:PutEvents']),
      }),
    );
    fixture.box.policySource.invalidate();
    await createFunction('fn');
    await createFunction('other');
    await lambda.send(new PublishVersionCommand({ FunctionName: 'fn' }));
    await fixture.settled();
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'live', FunctionVersion: '1' }));
  });

  after(async () => {
    await fixture.close();
  });

  test('put replaces, update merges, get and list return what was stored', async () => {
    const before = Date.now() / 1000;
    const first = await put({ FunctionName: 'fn', MaximumRetryAttempts: 0 });
    assert.equal(first.$metadata.httpStatusCode, 200);
    assert.equal(first.FunctionArn, `${FN_ARN}:fn:$LATEST`);
    assert.equal(first.MaximumRetryAttempts, 0);
    assert.equal(first.MaximumEventAgeInSeconds, undefined);
    assert.deepEqual(first.DestinationConfig, EMPTY_DESTINATIONS);
    assert.ok(first.LastModified instanceof Date);
    const modified = (first.LastModified?.getTime() ?? 0) / 1000;
    assert.ok(modified >= before - 1 && modified <= Date.now() / 1000 + 1, `LastModified ${modified}`);

    // Put drops what it is not given.
    const replaced = await put({ FunctionName: 'fn', MaximumEventAgeInSeconds: 60 });
    assert.equal(replaced.MaximumRetryAttempts, undefined);
    assert.equal(replaced.MaximumEventAgeInSeconds, 60);

    // Update keeps what it is not given.
    const merged = await update({ FunctionName: 'fn', MaximumRetryAttempts: 1 });
    assert.equal(merged.MaximumRetryAttempts, 1);
    assert.equal(merged.MaximumEventAgeInSeconds, 60);
    const withDestination = await update({ FunctionName: 'fn', DestinationConfig: { OnFailure: { Destination: SQS } } });
    assert.deepEqual(withDestination.DestinationConfig, { OnSuccess: {}, OnFailure: { Destination: SQS } });
    assert.equal(withDestination.MaximumRetryAttempts, 1);

    const got = await get('fn');
    assert.equal(got.FunctionArn, `${FN_ARN}:fn:$LATEST`);
    assert.equal(got.MaximumRetryAttempts, 1);
    assert.equal(got.MaximumEventAgeInSeconds, 60);
    assert.deepEqual(got.DestinationConfig, { OnSuccess: {}, OnFailure: { Destination: SQS } });
    const { $metadata: _ignored, ...explicit } = await get('fn', '$LATEST');
    const { $metadata: _same, ...implicit } = got;
    assert.deepEqual(explicit, implicit);

    const listed = await list('fn');
    assert.equal(listed.FunctionEventInvokeConfigs?.length, 1);
    assert.deepEqual(listed.FunctionEventInvokeConfigs?.[0], {
      FunctionArn: `${FN_ARN}:fn:$LATEST`,
      LastModified: got.LastModified,
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 60,
      DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: SQS } },
    });
    assert.equal(listed.NextMarker, undefined);

    assert.equal((await remove('fn')).$metadata.httpStatusCode, 204);
    assert.deepEqual((await list('fn')).FunctionEventInvokeConfigs, []);
  });

  test('versions and aliases have their own configs, however the qualifier is given', async () => {
    await rejects(get('fn', '1'), 404, 'ResourceNotFoundException', noConfig(`${FN_ARN}:fn:1`));
    const ways: Array<[PutFunctionEventInvokeConfigCommandInput, string]> = [
      [{ FunctionName: 'fn', Qualifier: '$LATEST' }, '$LATEST'],
      [{ FunctionName: 'fn', Qualifier: '1' }, '1'],
      [{ FunctionName: 'fn:1' }, '1'],
      [{ FunctionName: 'fn', Qualifier: 'live' }, 'live'],
      [{ FunctionName: `${FN_ARN}:fn:live` }, 'live'],
      [{ FunctionName: `${FN_ARN}:fn:live`, Qualifier: 'live' }, 'live'],
      [{ FunctionName: 'fn:live', Qualifier: 'live' }, 'live'],
      [{ FunctionName: 'fn:$LATEST', Qualifier: '$LATEST' }, '$LATEST'],
    ];
    for (const [input, qualifier] of ways) {
      const out = await put({ ...input, MaximumRetryAttempts: 2 });
      assert.equal(out.FunctionArn, `${FN_ARN}:fn:${qualifier}`, JSON.stringify(input));
    }
    await put({ FunctionName: 'fn', Qualifier: '1', MaximumEventAgeInSeconds: 120 });
    assert.equal((await get('fn', '1')).MaximumEventAgeInSeconds, 120);
    assert.equal((await get(`${FN_ARN}:fn:live`)).MaximumRetryAttempts, 2);

    for (const [name, qualifier] of [
      ['fn:1', '$LATEST'],
      ['fn:$LATEST', '1'],
      ['fn:1', 'live'],
      [`${FN_ARN}:fn:live`, 'livedoesnotexist'],
    ] as const) {
      await rejects(put({ FunctionName: name, Qualifier: qualifier, MaximumRetryAttempts: 1 }), 400, 'InvalidParameterValueException', MISMATCH);
    }

    // Paging: $LATEST, 1, live in qualifier order, MaxItems 1..50.
    const all = await list('fn');
    assert.deepEqual(
      all.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn),
      [`${FN_ARN}:fn:$LATEST`, `${FN_ARN}:fn:1`, `${FN_ARN}:fn:live`],
    );
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await list('fn', { MaxItems: 2, ...(marker === undefined ? {} : { Marker: marker }) });
      assert.ok((page.FunctionEventInvokeConfigs?.length ?? 0) <= 2);
      seen.push(...(page.FunctionEventInvokeConfigs ?? []).map((c) => c.FunctionArn ?? ''));
      marker = page.NextMarker;
    } while (marker !== undefined);
    assert.deepEqual(seen, all.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn));
    await rejects(
      list('fn', { MaxItems: 51 }),
      400,
      'ValidationException',
      "1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
    await rejects(list('fn', { Marker: 'not-ours' }), 400, 'InvalidParameterValueException', 'The marker provided is not valid.');

    await remove('fn', '$LATEST');
    await remove('fn', '1');
    await remove('fn', 'live');
    assert.deepEqual((await list('fn')).FunctionEventInvokeConfigs, []);
  });

  test('the function, version or alias must exist', async () => {
    await rejects(put({ FunctionName: 'doesnotexist', MaximumRetryAttempts: 1 }), 404, 'ResourceNotFoundException', NO_FUNCTION);
    await rejects(put({ FunctionName: `${FN_ARN}:doesnotexist`, MaximumRetryAttempts: 1 }), 404, 'ResourceNotFoundException', NO_FUNCTION);
    await rejects(put({ FunctionName: 'fn', Qualifier: 'livedoesnotexist', MaximumRetryAttempts: 1 }), 404, 'ResourceNotFoundException', NO_FUNCTION);
    await rejects(put({ FunctionName: 'fn', Qualifier: '7', MaximumRetryAttempts: 1 }), 404, 'ResourceNotFoundException', NO_FUNCTION);
    await rejects(update({ FunctionName: 'doesnotexist', MaximumRetryAttempts: 0 }), 404, 'ResourceNotFoundException', NO_FUNCTION);
    await rejects(list('doesnotexist'), 404, 'ResourceNotFoundException', NO_FUNCTION);
    await rejects(get('doesnotexist'), 404, 'ResourceNotFoundException', noConfig(`${FN_ARN}:doesnotexist:$LATEST`));
    await rejects(get('fn', 'doesnotexist'), 404, 'ResourceNotFoundException', noConfig(`${FN_ARN}:fn:doesnotexist`));
    await rejects(remove('doesnotexist'), 404, 'ResourceNotFoundException', noConfig(`${FN_ARN}:doesnotexist:$LATEST`));
    await rejects(
      get(`arn:aws:lambda:eu-west-1:${TEST_ACCOUNT_ID}:function:fn`),
      404,
      'ResourceNotFoundException',
      "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    );
  });

  test('update, get and delete of a config that does not exist are 404', async () => {
    await rejects(update({ FunctionName: `${FN_ARN}:fn:live`, MaximumRetryAttempts: 0 }), 404, 'ResourceNotFoundException', noConfig(`${FN_ARN}:fn:live`));
    await rejects(update({ FunctionName: `${FN_ARN}:fn`, MaximumRetryAttempts: 0 }), 404, 'ResourceNotFoundException', noConfig(`${FN_ARN}:fn:$LATEST`));
    await rejects(get(`${FN_ARN}:fn:live`), 404, 'ResourceNotFoundException', noConfig(`${FN_ARN}:fn:live`));
    await rejects(remove('fn'), 404, 'ResourceNotFoundException', noConfig(`${FN_ARN}:fn:$LATEST`));
  });

  test('something must be set, within the model ranges', async () => {
    await rejects(put({ FunctionName: 'doesnotexist' }), 400, 'InvalidParameterValueException', NOTHING_SET);
    await rejects(put({ FunctionName: 'fn' }), 400, 'InvalidParameterValueException', NOTHING_SET);
    await put({ FunctionName: 'fn', MaximumRetryAttempts: 0 });
    await rejects(update({ FunctionName: 'fn' }), 400, 'InvalidParameterValueException', NOTHING_SET);
    await rejects(
      put({ FunctionName: 'fn', MaximumRetryAttempts: 3 }),
      400,
      'ValidationException',
      "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
    );
    await rejects(
      put({ FunctionName: 'fn', MaximumEventAgeInSeconds: 59 }),
      400,
      'ValidationException',
      "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    );
    const max = await put({ FunctionName: 'fn', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 });
    assert.equal(max.MaximumRetryAttempts, 2);
    assert.equal(max.MaximumEventAgeInSeconds, 21600);
    await remove('fn');
  });

  test('destinations: functions that exist, queues, topics and buses; never the function itself', async () => {
    const other = await put({ FunctionName: 'fn', DestinationConfig: { OnSuccess: { Destination: `${FN_ARN}:other` } } });
    assert.deepEqual(other.DestinationConfig, { OnSuccess: { Destination: `${FN_ARN}:other` }, OnFailure: {} });

    const all = await put({ FunctionName: 'fn', DestinationConfig: { OnSuccess: { Destination: SNS }, OnFailure: { Destination: BUS } } });
    assert.deepEqual(all.DestinationConfig, { OnSuccess: { Destination: SNS }, OnFailure: { Destination: BUS } });
    assert.deepEqual((await get('fn')).DestinationConfig, { OnSuccess: { Destination: SNS }, OnFailure: { Destination: BUS } });

    // A destination member without an ARN counts as set, and stores nothing.
    for (const DestinationConfig of [{ OnSuccess: {} }, { OnFailure: {} }]) {
      const out = await put({ FunctionName: 'fn', DestinationConfig });
      assert.deepEqual(out.DestinationConfig, EMPTY_DESTINATIONS);
      assert.equal(out.MaximumRetryAttempts, undefined);
    }

    await rejects(
      put({ FunctionName: 'fn', DestinationConfig: { OnSuccess: { Destination: `${FN_ARN}:doesnotexist` } } }),
      400,
      'InvalidParameterValueException',
      `The destination ARN ${FN_ARN}:doesnotexist is invalid.`,
    );
    await rejects(
      put({ FunctionName: 'fn', DestinationConfig: { OnSuccess: { Destination: `${FN_ARN}:fn` } } }),
      400,
      'InvalidParameterValueException',
      "You can't specify the function as a destination for itself.",
    );
    const iam = `arn:aws:iam:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:fn`;
    await rejects(
      put({ FunctionName: 'fn', DestinationConfig: { OnSuccess: { Destination: iam } } }),
      400,
      'InvalidParameterValueException',
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${iam}), onFailure=null) is invalid.`,
    );
    const queueWithoutName = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT_ID}:`;
    await rejects(
      put({ FunctionName: 'fn', DestinationConfig: { OnFailure: { Destination: queueWithoutName } } }),
      400,
      'InvalidParameterValueException',
      `The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=${queueWithoutName})) is invalid.`,
    );
    const badPattern = `arn:aws:_-/!lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:fn`;
    await rejects(
      put({ FunctionName: 'fn', DestinationConfig: { OnFailure: { Destination: badPattern } } }),
      400,
      'ValidationException',
      `1 validation error detected: Value '${badPattern}' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DESTINATION_PATTERN}`,
    );
    // Update checks destinations too, and a rejected call changes nothing.
    await rejects(
      update({ FunctionName: 'fn', DestinationConfig: { OnFailure: { Destination: `${FN_ARN}:fn` } } }),
      400,
      'InvalidParameterValueException',
      "You can't specify the function as a destination for itself.",
    );
    assert.deepEqual((await get('fn')).DestinationConfig, EMPTY_DESTINATIONS);
    await remove('fn');
  });

  test('the Debian AWS CLI reads LastModified as a timestamp and FunctionArn as qualified', async () => {
    const put = await cli(['put-function-event-invoke-config', '--function-name', 'other', '--maximum-retry-attempts', '1']);
    assert.equal(put.code, 0, put.stderr);
    const out = put.json<{ FunctionArn: string; LastModified: string; MaximumRetryAttempts: number }>();
    assert.equal(out.FunctionArn, `${FN_ARN}:other:$LATEST`);
    assert.equal(out.MaximumRetryAttempts, 1);
    assert.ok(Math.abs(Date.parse(out.LastModified) - Date.now()) < 60_000, out.LastModified);
    const listed = await cli(['list-function-event-invoke-configs', '--function-name', 'other']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.json<{ FunctionEventInvokeConfigs: unknown[] }>().FunctionEventInvokeConfigs.length, 1);
    const deleted = await cli(['delete-function-event-invoke-config', '--function-name', 'other']);
    assert.equal(deleted.code, 0, deleted.stderr);
    const missing = await cli(['get-function-event-invoke-config', '--function-name', 'other']);
    assert.equal(missing.code, 254);
    assert.match(missing.stderr, /\(ResourceNotFoundException\) when calling the GetFunctionEventInvokeConfig operation: The function arn:aws:lambda:us-east-1:000000000000:function:other:\$LATEST doesn't have an EventInvokeConfig/);
  });
});
