/**
 * SigV4 on every request: real SDK clients with a wrong secret, an unknown key and a skewed clock
 * each get the AWS error; unsigned requests get MissingAuthenticationToken; health needs nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListFunctionsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';

describe('authentication', () => {
  let fx: LambdaboxFixture;
  before(async () => {
    fx = await startLambdabox();
  });
  after(async () => {
    await fx.close();
  });

  function client(overrides: Partial<{ accessKeyId: string; secretAccessKey: string; systemClockOffset: number }>): LambdaClient {
    return new LambdaClient({
      endpoint: fx.url,
      region: TEST_REGION,
      maxAttempts: 1,
      credentials: {
        accessKeyId: overrides.accessKeyId ?? fx.credentials.accessKeyId,
        secretAccessKey: overrides.secretAccessKey ?? fx.credentials.secretAccessKey,
      },
      ...(overrides.systemClockOffset === undefined ? {} : { systemClockOffset: overrides.systemClockOffset }),
    });
  }

  async function failure(c: LambdaClient): Promise<{ name: string; message: string; status: number | undefined }> {
    try {
      await c.send(new ListFunctionsCommand({}));
    } catch (err) {
      const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
      return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
    } finally {
      c.destroy();
    }
    assert.fail('the request was accepted');
  }

  test('the admin key is accepted', async () => {
    const out = await fx.lambda().send(new ListFunctionsCommand({}));
    assert.deepEqual(out.Functions, []);
  });

  test('a wrong secret gives 403 InvalidSignatureException', async () => {
    const f = await failure(client({ secretAccessKey: 'not-the-secret-0000000000000000000000000' }));
    assert.equal(f.status, 403);
    assert.equal(f.name, 'InvalidSignatureException');
    assert.match(f.message, /^The request signature we calculated does not match the signature you provided\./);
  });

  test('an unknown key gives 403 UnrecognizedClientException', async () => {
    const f = await failure(client({ accessKeyId: 'AKIAUNKNOWNKEY000000' }));
    assert.equal(f.status, 403);
    assert.equal(f.name, 'UnrecognizedClientException');
    assert.equal(f.message, 'The security token included in the request is invalid.');
  });

  test('a clock 10 minutes behind gives 403 Signature expired', async () => {
    const f = await failure(client({ systemClockOffset: -10 * 60_000 }));
    assert.equal(f.status, 403);
    assert.equal(f.name, 'InvalidSignatureException');
    assert.match(f.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });

  test('a clock 10 minutes ahead gives 403 Signature not yet current', async () => {
    const f = await failure(client({ systemClockOffset: 10 * 60_000 }));
    assert.equal(f.status, 403);
    assert.equal(f.name, 'InvalidSignatureException');
    assert.match(f.message, /^Signature not yet current: /);
  });

  test('an unsigned request gives 403 MissingAuthenticationTokenException', async () => {
    const res = await fetch(`${fx.url}/2015-03-31/functions`);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.ok(res.headers.get('x-amzn-requestid'));
  });

  test('the health check answers 200 without authentication and without data', async () => {
    const res = await fetch(`${fx.url}/_lambdabox/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });
});
