/**
 * The lambdabox API from inside a sandbox (issue 4, "Functions can call lambdabox's own APIs"):
 * AWS_ENDPOINT_URL points at an in-sandbox relay to the front door, so the stock AWS SDK for
 * JavaScript (bundled into the function here) reaches it with no endpoint configured, while a raw
 * connection to the front door's own port finds nothing: the relay is the only way out.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { repoRoot } from '../../helpers/repo-root.js';
import { TEST_ROLE, zipOf } from '../../helpers/zips.js';
import { FAST_MEMORY, invoke } from '../../invoke/invoke-harness.js';

/**
 * Uses the SDK's default endpoint resolution (AWS_ENDPOINT_URL) and region (AWS_REGION). The admin
 * key comes in through ordinary variables: AWS_ACCESS_KEY_ID is reserved for the role's credentials.
 */
const HANDLER = `
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import net from 'node:net';
import http from 'node:http';

function rawConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve('connected'); });
    s.on('error', (e) => resolve(e.code));
  });
}

function health(base) {
  return new Promise((resolve) => {
    http.get(base + '/_lambdabox/health', (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', (e) => resolve({ status: e.code }));
  });
}

export const handler = async (event) => {
  const client = new LambdaClient({
    credentials: { accessKeyId: process.env.LBX_TEST_KEY_ID, secretAccessKey: process.env.LBX_TEST_SECRET },
    maxAttempts: 1,
  });
  const listed = await client.send(new ListFunctionsCommand({}));
  return {
    endpoint: process.env.AWS_ENDPOINT_URL,
    names: listed.Functions.map((f) => f.FunctionName),
    health: await health(process.env.AWS_ENDPOINT_URL),
    rawDoor: await rawConnect(event.doorPort),
  };
};
`;

describe('AWS_ENDPOINT_URL relay to the lambdabox API', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;

  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
  });
  after(async () => {
    await fx?.close();
  });

  test('the stock SDK inside a function reaches the front door; a raw connection to its port does not', async () => {
    const bundle = await build({
      stdin: { contents: HANDLER, resolveDir: repoRoot(), loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const code = bundle.outputFiles[0]?.text ?? '';
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'sdk-caller',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: TEST_ROLE,
        Code: { ZipFile: zipOf({ 'index.js': code }) },
        MemorySize: FAST_MEMORY,
        Timeout: 30,
        // No HOME, as on Lambda: the SDK's config loader calls os.homedir(), which finds sbx_user1051's passwd entry.
        Environment: { Variables: { LBX_TEST_KEY_ID: TEST_ACCESS_KEY_ID, LBX_TEST_SECRET: TEST_SECRET_ACCESS_KEY } },
      }),
    );
    await fx.settled();
    const doorPort = Number(new URL(fx.url).port);
    const out = await invoke(lambda, 'sdk-caller', { payload: JSON.stringify({ doorPort }) });
    assert.equal(out.functionError, undefined, out.text);
    const answer = out.json<{ endpoint: string; names: string[]; health: { status: number; body: string }; rawDoor: string }>();
    assert.equal(answer.endpoint, 'http://127.0.0.1:9002');
    assert.deepEqual(answer.names, ['sdk-caller']);
    assert.equal(answer.health.status, 200);
    assert.equal(answer.rawDoor, 'ECONNREFUSED');
  });
});
