import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { TEST_ACCOUNT_ID, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { FN_ARN, startControl, type ControlFixture } from '../../helpers/control-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';

const QUALIFIED =
  'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.';
const BELOW_MINIMUM =
  "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].";

describe('Lambda reserved concurrency through the SDK', () => {
  let fixture: LambdaboxFixture;
  let lambda: LambdaClient;
  let createFunction: ControlFixture['createFunction'];

  const put = (name: string, n: number) =>
    lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: n }));
  const reserved = async (name: string) =>
    (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name }))).ReservedConcurrentExecutions;
  const unreserved = async () =>
    (await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit?.UnreservedConcurrentExecutions;

  before(async () => {
    ({ fixture, lambda, createFunction } = await startControl());
    await createFunction('alpha');
    await createFunction('beta');
  });

  after(async () => {
    await fixture.close();
  });

  test('put, get, delete: GetFunction and the account settings follow', async () => {
    assert.equal(await reserved('alpha'), undefined);
    assert.equal((await lambda.send(new GetFunctionCommand({ FunctionName: 'alpha' }))).Concurrency, undefined);

    const zero = await put('alpha', 0);
    assert.equal(zero.$metadata.httpStatusCode, 200);
    assert.equal(zero.ReservedConcurrentExecutions, 0);
    assert.equal(await reserved('alpha'), 0);

    const one = await put('alpha', 1);
    assert.equal(one.ReservedConcurrentExecutions, 1);
    assert.equal(await reserved('alpha'), 1);
    assert.deepEqual((await lambda.send(new GetFunctionCommand({ FunctionName: 'alpha' }))).Concurrency, {
      ReservedConcurrentExecutions: 1,
    });
    assert.equal(await unreserved(), 999);

    const deleted = await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'alpha' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal(await reserved('alpha'), undefined);
    assert.equal(await unreserved(), 1000);
    // Deleting again is harmless.
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'alpha' }));
  });

  test('full and partial ARNs name the same function', async () => {
    await put(`${FN_ARN}:alpha`, 5);
    assert.equal(await reserved(`${TEST_ACCOUNT_ID}:function:alpha`), 5);
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: `${FN_ARN}:alpha` }));
    assert.equal(await reserved('alpha'), undefined);
  });

  test('at least 100 executions stay unreserved across the account', async () => {
    await rejects(put('alpha', 901), 400, 'InvalidParameterValueException', BELOW_MINIMUM);
    await rejects(put('alpha', 1001), 400, 'InvalidParameterValueException', BELOW_MINIMUM);
    assert.equal((await put('alpha', 900)).ReservedConcurrentExecutions, 900);
    assert.equal(await unreserved(), 100);
    // Its own reservation is replaced, not added to.
    assert.equal((await put('alpha', 900)).ReservedConcurrentExecutions, 900);
    await rejects(put('beta', 1), 400, 'InvalidParameterValueException', BELOW_MINIMUM);
    assert.equal((await put('beta', 0)).ReservedConcurrentExecutions, 0);

    await put('alpha', 400);
    await put('beta', 500);
    assert.equal(await unreserved(), 100);
    await rejects(put('alpha', 401), 400, 'InvalidParameterValueException', BELOW_MINIMUM);
    assert.equal(await reserved('alpha'), 400);

    // Deleting a function frees its reservation.
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'beta' }));
    assert.equal(await unreserved(), 600);
    await createFunction('beta');
    assert.equal(await reserved('beta'), undefined);
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'alpha' }));
    assert.equal(await unreserved(), 1000);
  });

  test('versions and aliases have no reserved concurrency of their own', async () => {
    await lambda.send(new PublishVersionCommand({ FunctionName: 'alpha' }));
    await fixture.settled();
    for (const name of ['alpha:1', 'alpha:$LATEST', `${FN_ARN}:alpha:1`, 'alpha:live']) {
      await rejects(put(name, 1), 400, 'InvalidParameterValueException', QUALIFIED);
      await rejects(lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name })), 400, 'InvalidParameterValueException', QUALIFIED);
      await rejects(lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name })), 400, 'InvalidParameterValueException', QUALIFIED);
    }
    assert.equal(await reserved('alpha'), undefined);
  });

  test('a missing function is 404; Put names $LATEST as AWS does', async () => {
    await rejects(put('nope', 1), 404, 'ResourceNotFoundException', `Function not found: ${FN_ARN}:nope:$LATEST`);
    await rejects(put('nope', 0), 404, 'ResourceNotFoundException', `Function not found: ${FN_ARN}:nope:$LATEST`);
    await rejects(
      lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'nope' })),
      404,
      'ResourceNotFoundException',
      `Function not found: ${FN_ARN}:nope`,
    );
    await rejects(
      lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'nope' })),
      404,
      'ResourceNotFoundException',
      `Function not found: ${FN_ARN}:nope`,
    );
    await rejects(
      lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: `arn:aws:lambda:eu-west-1:${TEST_ACCOUNT_ID}:function:alpha` })),
      404,
      'ResourceNotFoundException',
      "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    );
  });

  test('a negative or missing value is a model violation', async () => {
    await rejects(
      put('alpha', -1),
      400,
      'ValidationException',
      "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    await rejects(
      lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'alpha', ReservedConcurrentExecutions: undefined })),
      400,
      'ValidationException',
      "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(await reserved('alpha'), undefined);
  });
});
