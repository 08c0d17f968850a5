/**
 * Asynchronous invocation end to end (issue 6, acceptance 1): Event invokes and InvokeAsync answer 202
 * once stored and the function runs with the same request id; a failing function is retried exactly
 * MaximumRetryAttempts times, then its OnFailure destination gets AWS's record; an event that waits
 * past MaximumEventAgeInSeconds fails with EventAgeExceeded; OnSuccess gets the success record.
 * Time runs 100× faster (asyncTiming.scale) so Lambda's minute-long retry spacing takes 600 ms.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  InvokeAsyncCommand,
  InvokeCommand,
  PutFunctionEventInvokeConfigCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { TEST_ROLE } from '../../helpers/zips.js';
import { ARN_PREFIX, deploy, invocationsPath, rawInvoke } from '../invoke-harness.js';
import { SINK, WORKER, logMessages, records, startsFor, waitFor } from './async-helpers.js';

describe('asynchronous invocation', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;

  before(async () => {
    fx = await startLambdabox({ overrides: { asyncTiming: { scale: 0.01 } } });
    lambda = fx.lambda();
    await deploy(fx, lambda, 'worker', { 'index.mjs': WORKER });
    await deploy(fx, lambda, 'sink', { 'index.mjs': SINK });
    // The worker's execution role may invoke the sink (its destination), as AWS requires.
    await lambda.send(
      new AddPermissionCommand({ FunctionName: 'sink', StatementId: 'destination', Action: 'lambda:InvokeFunction', Principal: TEST_ROLE }),
    );
  });
  after(async () => {
    await fx.close();
  });

  test('Event: 202 with an empty body and the request id; the function runs with that id', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'sink', InvocationType: 'Event', Payload: Buffer.from('{"n":1}') }));
    assert.equal(out.StatusCode, 202);
    assert.equal(Buffer.from(out.Payload ?? new Uint8Array()).length, 0);
    assert.equal(out.ExecutedVersion, undefined);
    const id = out.$metadata.requestId ?? '';
    assert.match(id, /^[0-9a-f-]{36}$/);
    await waitFor('the sink to run', async () => ((await startsFor(fx, 'sink', id)) === 1 ? true : undefined));
    assert.ok((await records(fx, 'sink')).some((r) => r['n'] === 1));
  });

  test('Event errors: unknown function 404, payload over 1 MB 413 with AWS wording, invalid JSON 400', async () => {
    const missing = await rawInvoke(fx, invocationsPath('nope'), Buffer.from('{}'), { 'x-amz-invocation-type': 'Event' });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
    const big = Buffer.from(JSON.stringify({ s: 'x'.repeat(1_048_576) }));
    const tooLarge = await rawInvoke(fx, invocationsPath('sink'), big, { 'x-amz-invocation-type': 'Event' });
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.headers.get('x-amzn-errortype'), 'RequestEntityTooLargeException');
    const body = JSON.parse(tooLarge.body.toString()) as { message: string };
    assert.equal(body.message, `${big.length} byte payload is too large for the Event invocation type (limit 1048576 bytes)`);
    const bad = await rawInvoke(fx, invocationsPath('sink'), Buffer.from('{nope'), { 'x-amz-invocation-type': 'Event' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-amzn-errortype'), 'InvalidRequestContentException');
  });

  test('InvokeAsync (SDK): 202 and the function runs; over 256 KB is refused', async () => {
    const out = await lambda.send(new InvokeAsyncCommand({ FunctionName: 'sink', InvokeArgs: Buffer.from('{"legacy":true}') }));
    assert.equal(out.Status, 202);
    await waitFor('the legacy event', async () => ((await records(fx, 'sink')).some((r) => r['legacy'] === true) ? true : undefined));
    const big = Buffer.from(JSON.stringify({ s: 'x'.repeat(262_144) }));
    const raw = await rawInvoke(fx, '/2014-11-13/functions/sink/invoke-async/', big);
    assert.equal(raw.status, 413);
  });

  test('aws lambda invoke --invocation-type Event: StatusCode 202', async () => {
    const res = await awsCli(
      ['lambda', 'invoke', '--function-name', 'sink', '--invocation-type', 'Event', '--cli-binary-format', 'raw-in-base64-out',
        '--payload', '{"cli":true}', '/dev/null'],
      { endpoint: fx.url, ...fx.credentials },
    );
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.json<{ StatusCode: number }>().StatusCode, 202);
    await waitFor('the CLI event', async () => ((await records(fx, 'sink')).some((r) => r['cli'] === true) ? true : undefined));
  });

  test('a failing function runs 1 + MaximumRetryAttempts times, then OnFailure gets RetriesExhausted', async () => {
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'worker',
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: `${ARN_PREFIX}sink` }, OnSuccess: { Destination: `${ARN_PREFIX}sink` } },
      }),
    );
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event', Payload: Buffer.from('{"fail":true,"id":"f1"}') }),
    );
    const id = out.$metadata.requestId ?? '';
    const record = await waitFor('the failure record', async () =>
      (await records(fx, 'sink')).find((r) => (r['requestContext'] as { requestId?: string } | undefined)?.requestId === id),
    );
    assert.equal(await startsFor(fx, 'worker', id), 2);
    assert.deepEqual(Object.keys(record), ['version', 'timestamp', 'requestContext', 'requestPayload', 'responseContext', 'responsePayload']);
    assert.equal(record['version'], '1.0');
    assert.match(String(record['timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(record['requestContext'], {
      requestId: id,
      functionArn: `${ARN_PREFIX}worker:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 2,
    });
    assert.deepEqual(record['requestPayload'], { fail: true, id: 'f1' });
    assert.deepEqual(record['responseContext'], { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    const response = record['responsePayload'] as { errorType: string; errorMessage: string };
    assert.equal(response.errorType, 'Error');
    assert.equal(response.errorMessage, 'failing on purpose: f1');
  });

  test('OnSuccess gets the Success record with the response', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event', Payload: Buffer.from('{"id":"s1"}') }));
    const id = out.$metadata.requestId ?? '';
    const record = await waitFor('the success record', async () =>
      (await records(fx, 'sink')).find((r) => (r['requestContext'] as { requestId?: string } | undefined)?.requestId === id),
    );
    assert.deepEqual(record['requestContext'], {
      requestId: id,
      functionArn: `${ARN_PREFIX}worker:$LATEST`,
      condition: 'Success',
      approximateInvokeCount: 1,
    });
    assert.deepEqual(record['responseContext'], { statusCode: 200, executedVersion: '$LATEST' });
    assert.deepEqual(record['responsePayload'], { done: 's1' });
  });

  test('MaximumEventAgeInSeconds: the retry would come too late, so OnFailure gets EventAgeExceeded', async () => {
    // 60 s (AWS's minimum) is 600 ms here, exactly the spacing before the first retry.
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'worker',
        MaximumEventAgeInSeconds: 60,
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: `${ARN_PREFIX}sink` } },
      }),
    );
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event', Payload: Buffer.from('{"fail":true,"id":"a1"}') }),
    );
    const id = out.$metadata.requestId ?? '';
    const record = await waitFor('the age record', async () =>
      (await records(fx, 'sink')).find((r) => (r['requestContext'] as { requestId?: string } | undefined)?.requestId === id),
    );
    const context = record['requestContext'] as { condition: string; approximateInvokeCount: number };
    assert.equal(context.condition, 'EventAgeExceeded');
    assert.equal(context.approximateInvokeCount, 1);
    assert.equal(await startsFor(fx, 'worker', id), 1);
    assert.equal(fx.box.asyncInvocation?.metrics().eventAgeExceeded, 1);
  });

  test('a destination the execution role may not invoke: a delivery-failure line and a metric, never silence', async () => {
    await deploy(fx, lambda, 'closed-sink', { 'index.mjs': SINK });
    // AWS checks the role when the destination is configured, so the grant is revoked only afterwards.
    await lambda.send(
      new AddPermissionCommand({ FunctionName: 'closed-sink', StatementId: 'granted', Action: 'lambda:InvokeFunction', Principal: TEST_ROLE }),
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'worker', DestinationConfig: { OnSuccess: { Destination: `${ARN_PREFIX}closed-sink` } } }),
    );
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'closed-sink', StatementId: 'granted' }));
    const before = fx.box.asyncInvocation?.metrics().destinationDeliveryFailures ?? 0;
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event', Payload: Buffer.from('{"id":"d1"}') }));
    const id = out.$metadata.requestId ?? '';
    const line = await waitFor('the delivery failure line', async () =>
      (await logMessages(fx, 'worker')).find((m) => m.startsWith(`ASYNC_DELIVERY_FAILED RequestId: ${id}`)),
    );
    assert.match(line, /AccessDenied/);
    assert.equal((fx.box.asyncInvocation?.metrics().destinationDeliveryFailures ?? 0) - before, 1);
    assert.equal((await records(fx, 'closed-sink')).length, 0);
    assert.equal(await fx.box.asyncInvocation?.pending(), 0);
  });
});
