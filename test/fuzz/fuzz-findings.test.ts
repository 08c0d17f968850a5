/**
 * Regression tests for what the bad-input fuzz (fuzz.test.ts) found, each as the one request that
 * showed it, through the real SDK.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeAsyncCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import type { InvocationType, LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { failure } from '../helpers/aws-errors.js';

describe('fuzz findings', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    lambda = fx.lambda();
  });

  after(async () => {
    await fx.close();
  });

  test('a control-plane-only server rejects bad Invoke input as the client error it is, not a 500', async () => {
    const type = await failure(lambda.send(new InvokeCommand({ FunctionName: 'f', InvocationType: 'bogus' as InvocationType })));
    assert.equal(type.status, 400);
    assert.equal(type.name, 'ValidationException');
    const payload = await failure(lambda.send(new InvokeCommand({ FunctionName: 'f', Payload: Buffer.from('{not json') })));
    assert.equal(payload.status, 400);
    assert.equal(payload.name, 'InvalidRequestContentException');
    const name = await failure(lambda.send(new InvokeCommand({ FunctionName: 'x'.repeat(300) })));
    assert.equal(name.status, 400);
    assert.equal(name.name, 'ValidationException');
  });

  test('a control-plane-only server rejects bad InvokeAsync input as the client error it is, not a 500', async () => {
    const payload = await failure(lambda.send(new InvokeAsyncCommand({ FunctionName: 'f', InvokeArgs: Buffer.from('{not json') })));
    assert.equal(payload.status, 400);
    assert.equal(payload.name, 'InvalidRequestContentException');
  });
});
