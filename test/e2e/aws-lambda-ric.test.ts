/**
 * The official Node runtime interface client, unmodified, against lambdabox's Runtime API: a
 * `provided.al2023` function whose bootstrap execs `aws-lambda-ric@3.3.0` from a layer
 * (/opt/nodejs/node_modules), invoked through @aws-sdk/client-lambda. The RIC's libcurl client only
 * speaks TCP, so every call goes through the sandbox's relay at 127.0.0.1:9001.
 *
 * The RIC is built from source once per machine (minutes) into os.tmpdir()/lambdabox-ric-cache.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  InvokeCommand,
  PublishLayerVersionCommand,
} from '@aws-sdk/client-lambda';
import type { InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { ensureRicBuild, ricLayerZip, RIC_VERSION } from '../helpers/ric-build.js';
import { unixZipOf } from '../helpers/unix-zip.js';
import { TEST_ROLE } from '../helpers/zips.js';

const FUNCTION = 'ric-fn';
const MISSING_HANDLER_FUNCTION = 'ric-missing-handler';
const FUNCTION_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:${FUNCTION}`;

// As `npx aws-lambda-ric index.handler` would run it: the app root is the cwd (/var/task).
const BOOTSTRAP = '#!/bin/sh\nexec /usr/bin/node /opt/nodejs/node_modules/aws-lambda-ric/bin/index.mjs "$_HANDLER"\n';

// CommonJS, as the RIC loads index.js without "type": "module".
const HANDLER = `
let invocations = 0;
exports.handler = async (event, context) => {
  invocations += 1;
  console.log('hello from the ric', event.name);
  if (event.fail) {
    const error = new Error('the handler failed on purpose');
    error.name = 'CustomError';
    throw error;
  }
  return {
    greeting: 'hello ' + event.name,
    invocations,
    awsRequestId: context.awsRequestId,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    memoryLimitInMB: context.memoryLimitInMB,
    invokedFunctionArn: context.invokedFunctionArn,
    logGroupName: context.logGroupName,
    remainingPositive: context.getRemainingTimeInMillis() > 0,
    clientContext: context.clientContext ?? null,
    runtimeApi: process.env.AWS_LAMBDA_RUNTIME_API,
    executionEnv: process.env.AWS_EXECUTION_ENV ?? null,
  };
};
`;

interface Result {
  readonly greeting: string;
  readonly invocations: number;
  readonly awsRequestId: string;
  readonly [key: string]: unknown;
}

function payloadOf(out: InvokeCommandOutput): unknown {
  return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8'));
}

function logOf(out: InvokeCommandOutput): string {
  return Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
}

describe(`aws-lambda-ric@${RIC_VERSION} in a provided.al2023 function`, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;

  const invoke = (event: unknown, extra: { ClientContext?: string } = {}): Promise<InvokeCommandOutput> =>
    lambda.send(
      new InvokeCommand({ FunctionName: FUNCTION, Payload: Buffer.from(JSON.stringify(event)), LogType: 'Tail', ...extra }),
    );

  before(
    async () => {
      const packageDir = await ensureRicBuild();
      fx = await startLambdabox();
      lambda = fx.lambda();
      const layer = await lambda.send(
        new PublishLayerVersionCommand({
          LayerName: 'aws-lambda-ric',
          Content: { ZipFile: await ricLayerZip(packageDir) },
          CompatibleRuntimes: ['provided.al2023'],
        }),
      );
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: FUNCTION,
          Runtime: 'provided.al2023',
          Handler: 'index.handler',
          Role: TEST_ROLE,
          Timeout: 30,
          MemorySize: 256,
          Layers: [layer.LayerVersionArn ?? ''],
          Code: { ZipFile: unixZipOf({ bootstrap: { content: BOOTSTRAP, mode: 0o755 }, 'index.js': HANDLER }) },
        }),
      );
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: MISSING_HANDLER_FUNCTION,
          Runtime: 'provided.al2023',
          Handler: 'index.nope',
          Role: TEST_ROLE,
          Timeout: 30,
          Layers: [layer.LayerVersionArn ?? ''],
          Code: { ZipFile: unixZipOf({ bootstrap: { content: BOOTSTRAP, mode: 0o755 }, 'index.js': HANDLER }) },
        }),
      );
      await fx.settled();
    },
    // A first run compiles curl, aws-lambda-cpp and the addon.
    { timeout: 20 * 60_000 },
  );
  after(async () => {
    await fx?.close();
  });

  test('returns the handler result, with context from the Runtime API headers and environment', async () => {
    const out = await invoke({ name: 'world' });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, undefined, logOf(out));
    assert.equal(out.ExecutedVersion, '$LATEST');
    const result = payloadOf(out) as Result;
    assert.deepEqual(result, {
      greeting: 'hello world',
      invocations: result.invocations,
      awsRequestId: out.$metadata.requestId,
      functionName: FUNCTION,
      functionVersion: '$LATEST',
      memoryLimitInMB: '256',
      invokedFunctionArn: FUNCTION_ARN,
      logGroupName: `/aws/lambda/${FUNCTION}`,
      remainingPositive: true,
      clientContext: null,
      runtimeApi: '127.0.0.1:9001',
      executionEnv: null,
    });
    // The cold start: the RIC's own start-up line (the app root is the cwd) belongs to init.
    const lines = logOf(out).split('\n');
    assert.match(lines[0] ?? '', /^INIT_START Runtime Version: provided:al2023\.v\d+\t/);
    assert.equal(lines[1], "Executing 'index.handler' in function directory '/var/task'");
    assert.match(lines[2] ?? '', /^START RequestId: /);
    assert.match(logOf(out), /^REPORT RequestId: .*\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms/m);
  });

  test('x-amzn-RequestId is the awsRequestId the RIC saw and logged', async () => {
    const out = await invoke({ name: 'ids' });
    const requestId = out.$metadata.requestId ?? '';
    assert.match(requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal((payloadOf(out) as Result).awsRequestId, requestId);
    const log = logOf(out);
    assert.match(log, new RegExp(`^START RequestId: ${requestId} Version: \\$LATEST$`, 'm'));
    // The RIC's own console format (Text): timestamp, request id, level, message.
    assert.match(log, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\thello from the ric ids$`, 'm'));
    assert.match(log, new RegExp(`^END RequestId: ${requestId}$`, 'm'));
    assert.match(log, new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\t`, 'm'));
  });

  test('a warm environment keeps the RIC process: module state persists', async () => {
    const first = (payloadOf(await invoke({ name: 'a' })) as Result).invocations;
    const second = (payloadOf(await invoke({ name: 'b' })) as Result).invocations;
    assert.equal(second, first + 1);
  });

  test('a thrown error comes back verbatim in the RIC shape, as Unhandled', async () => {
    const out = await invoke({ name: 'err', fail: true });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const body = payloadOf(out) as { errorType: string; errorMessage: string; trace: string[] };
    // `trace`, not `stackTrace`: the body is what the RIC posted, untouched.
    assert.deepEqual(Object.keys(body).sort(), ['errorMessage', 'errorType', 'trace']);
    assert.equal(body.errorType, 'CustomError');
    assert.equal(body.errorMessage, 'the handler failed on purpose');
    assert.ok(Array.isArray(body.trace) && body.trace.length > 1, JSON.stringify(body));
    assert.equal(body.trace[0], 'CustomError: the handler failed on purpose');
    assert.match(body.trace[1] ?? '', /\/var\/task\/index\.js:\d+:\d+/);
    // The RIC logs the error with the request id, and the environment still serves the next invoke.
    assert.match(logOf(out), /\tERROR\tInvoke Error/);
    const next = await invoke({ name: 'after' });
    assert.equal(next.FunctionError, undefined);
    assert.equal((payloadOf(next) as Result).greeting, 'hello after');
  });

  test('the client context reaches the handler decoded and parsed', async () => {
    const clientContext = { client: { installation_id: 'i-1', app_title: 'app' }, custom: { k: 'v' }, env: { locale: 'en' } };
    const out = await invoke({ name: 'ctx' }, { ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64') });
    const result = payloadOf(out) as Result;
    assert.deepEqual(result['clientContext'], clientContext);
  });

  test('an init failure the RIC reports (Runtime.HandlerNotFound) is returned on the invoke that started it', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const out = await lambda.send(new InvokeCommand({ FunctionName: MISSING_HANDLER_FUNCTION, Payload: Buffer.from('{}'), LogType: 'Tail' }));
      assert.equal(out.StatusCode, 200);
      assert.equal(out.FunctionError, 'Unhandled');
      const body = payloadOf(out) as { errorType: string; errorMessage: string };
      assert.equal(body.errorType, 'Runtime.HandlerNotFound', JSON.stringify(body));
      assert.equal(body.errorMessage, 'index.nope is undefined or not exported');
      // Each invoke re-runs init in a fresh environment.
      assert.match(logOf(out), /^INIT_START /);
    }
  });
});
