/**
 * Issue 4, acceptance 2: a function calls lambdabox's own API from inside its environment with the stock
 * AWS SDK and no explicit credentials or endpoint, authorized as its execution role; what the role does
 * not allow is denied with AWS's message; the role's credentials stop working once they expire.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListFunctionsCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCOUNT_ID } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { ensureLambdaRole } from '../helpers/lambda-roles.js';
import { failure } from '../helpers/aws-errors.js';
import { lambdaClient, roleArn } from '../services/sts/sts-harness.js';
import { ARN_PREFIX, deploy, FAST_MEMORY, invoke } from './invoke-harness.js';

// The stock SDK client: region, endpoint (AWS_ENDPOINT_URL) and credentials all come from the environment.
const CALLER = `
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({});
export const handler = async (event) => {
  if (event.mode === 'credentials') {
    return { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN };
  }
  try {
    const out = await lambda.send(new InvokeCommand({ FunctionName: event.target, Payload: JSON.stringify({ from: 'caller' }) }));
    return { ok: true, status: out.StatusCode, payload: JSON.parse(Buffer.from(out.Payload).toString()) };
  } catch (err) {
    return { ok: false, name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
};
`;
const TARGET = `export const handler = async (event) => ({ hello: process.env.AWS_LAMBDA_FUNCTION_NAME, event });`;

interface CallResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly payload?: unknown;
  readonly name?: string;
  readonly message?: string;
}

describe('a function calls lambdabox with its execution role', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  // Shifts the server's clock; clients outside follow through systemClockOffset so SigV4's skew check holds.
  let offsetMs = 0;
  const CALLER_ROLE = roleArn('invoker-role');

  before(async () => {
    fx = await startLambdabox({ overrides: { clock: { now: () => new Date(Date.now() + offsetMs) } } });
    lambda = fx.lambda();
    await ensureLambdaRole(fx.box, CALLER_ROLE);
    await fx.box.control.store.transact((tx) =>
      tx.putInlinePolicy({
        accountId: TEST_ACCOUNT_ID,
        principalType: 'role',
        principalName: 'invoker-role',
        policyName: 'invoke-b',
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Sid: 'InvokeB', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: `${ARN_PREFIX}fn-b` }],
        }),
      }),
    );
    fx.box.policySource.invalidate();
    await deploy(fx, lambda, 'fn-a', { 'index.mjs': CALLER }, { memorySize: FAST_MEMORY });
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn-a', Role: CALLER_ROLE }));
    await deploy(fx, lambda, 'fn-b', { 'index.mjs': TARGET }, { memorySize: FAST_MEMORY });
    await deploy(fx, lambda, 'fn-c', { 'index.mjs': TARGET }, { memorySize: FAST_MEMORY });
    await fx.settled();
  });
  after(async () => {
    await fx.close();
  });

  test('the role allows invoking B: the stock SDK inside A reaches B with no explicit credentials', async () => {
    const result = await invoke(lambda, 'fn-a', { payload: JSON.stringify({ target: 'fn-b' }) });
    assert.equal(result.functionError, undefined, result.text);
    assert.deepEqual(result.json<CallResult>(), { ok: true, status: 200, payload: { hello: 'fn-b', event: { from: 'caller' } } });
  });

  test('the same call against C is denied with AWS message naming the role session', async () => {
    const result = await invoke(lambda, 'fn-a', { payload: JSON.stringify({ target: 'fn-c' }) });
    assert.equal(result.functionError, undefined, result.text);
    assert.deepEqual(result.json<CallResult>(), {
      ok: false,
      name: 'AccessDeniedException',
      status: 403,
      message:
        `User: arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/invoker-role/fn-a is not authorized to perform: lambda:InvokeFunction ` +
        `on resource: ${ARN_PREFIX}fn-c because no identity-based policy allows the lambda:InvokeFunction action`,
    });
  });

  test("the role's credentials work from outside until they expire, then ExpiredTokenException", async () => {
    const result = await invoke(lambda, 'fn-a', { payload: JSON.stringify({ mode: 'credentials' }) });
    const credentials = result.json<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }>();
    assert.match(credentials.accessKeyId, /^ASIA/);
    const fresh = lambdaClient(fx, credentials);
    // Authenticated as the role: ListFunctions is not in its policy, so AccessDenied (not an auth failure).
    const denied = await failure(fresh.send(new ListFunctionsCommand({})));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /^User: arn:aws:sts::\d{12}:assumed-role\/invoker-role\/fn-a is not authorized to perform: lambda:ListFunctions/);
    fresh.destroy();

    offsetMs = 15 * 60 * 60 * 1000; // past the environment's 14 h lifetime + margin the credentials were issued for
    const later = lambdaClient(fx, credentials, offsetMs);
    const expired = await failure(later.send(new ListFunctionsCommand({})));
    assert.equal(expired.status, 403);
    assert.match(expired.name, /^ExpiredToken/);
    assert.equal(expired.message, 'The security token included in the request is expired');
    later.destroy();
    offsetMs = 0;
  });
});
