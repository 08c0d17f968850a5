/**
 * Execution environments seen from the outside (issue 3, acceptance 1): the process environment a
 * function gets, warm reuse and its private /tmp, scale-out under concurrent invokes, idle reaping
 * and retirement of $LATEST's environments on update.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { zipOf } from '../helpers/zips.js';
import { deploy, instanceCgroupDirs, invoke, sandboxProcesses } from './invoke-harness.js';

/** Says which environment ran (an id drawn at init), how often, and what /tmp held. */
const PROBE = `import { randomUUID } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
const envId = randomUUID();
let count = 0;
export const handler = async (event) => {
  count++;
  const before = readdirSync('/tmp').sort();
  if (event.marker) writeFileSync('/tmp/' + event.marker, 'x');
  if (event.wait) await new Promise((r) => setTimeout(r, event.wait));
  return { envId, count, before, after: readdirSync('/tmp').sort(), code: 'CODE', greeting: process.env.GREETING ?? null };
};
`;

interface Probe {
  envId: string;
  count: number;
  before: string[];
  after: string[];
  code: string;
  greeting: string | null;
}

describe('Invoke end to end: execution environments', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  const total = (): number => fx.box.sandboxes?.stats().total ?? -1;
  const probe = async (name: string, event: Record<string, unknown> = {}, qualifier?: string): Promise<Probe> => {
    const out = await invoke(lambda, name, { payload: JSON.stringify(event), ...(qualifier === undefined ? {} : { qualifier }) });
    assert.equal(out.functionError, undefined, out.text);
    return out.json<Probe>();
  };

  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
  });
  after(async () => {
    await fx.close();
  });

  test('environment variables are exactly Lambda\'s (reference §5) plus the function\'s, and nothing of the host', async () => {
    await deploy(
      fx,
      lambda,
      'envs',
      { 'index.mjs': 'export const handler = async (e, context) => ({ env: { ...process.env }, stream: context.logStreamName });\n' },
      { variables: { GREETING: 'hello', LANG: 'C.UTF-8' } },
    );
    const out = await invoke(lambda, 'envs');
    const { env, stream } = out.json<{ env: Record<string, string>; stream: string }>();
    assert.deepEqual(Object.keys(env).sort(), [
      'AWS_ACCESS_KEY_ID', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_NAME',
      'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME',
      'AWS_LAMBDA_RUNTIME_API', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_XRAY_CONTEXT_MISSING', 'AWS_XRAY_DAEMON_ADDRESS', 'GREETING', 'HTTPS_PROXY', 'HTTP_PROXY',
      'LAMBDA_RUNTIME_DIR', 'LAMBDA_TASK_ROOT', 'LANG', 'LD_LIBRARY_PATH', 'NODE_PATH', 'NO_PROXY', 'PATH', 'PWD', 'TZ',
      '_AWS_XRAY_DAEMON_ADDRESS', '_AWS_XRAY_DAEMON_PORT', '_HANDLER', '_X_AMZN_TRACE_ID', 'http_proxy', 'https_proxy', 'no_proxy',
    ]);
    assert.deepEqual(
      // The execution role's credentials are checked below; they differ per environment.
      { ...env, _X_AMZN_TRACE_ID: 'trace', AWS_LAMBDA_LOG_STREAM_NAME: 'stream', AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' },
      {
        AWS_ACCESS_KEY_ID: 'k',
        AWS_SECRET_ACCESS_KEY: 's',
        AWS_SESSION_TOKEN: 't',
        AWS_DEFAULT_REGION: 'us-east-1',
        // lambdabox's network (src/sandbox/network): the API relay and the egress proxy.
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9002',
        HTTP_PROXY: 'http://127.0.0.1:9003',
        HTTPS_PROXY: 'http://127.0.0.1:9003',
        http_proxy: 'http://127.0.0.1:9003',
        https_proxy: 'http://127.0.0.1:9003',
        NO_PROXY: 'localhost,127.0.0.1,::1',
        no_proxy: 'localhost,127.0.0.1,::1',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769',
        AWS_LAMBDA_FUNCTION_NAME: 'envs',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/envs',
        AWS_LAMBDA_LOG_STREAM_NAME: 'stream',
        AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
        AWS_REGION: 'us-east-1',
        AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
        // The X-Ray daemon address, relayed to the X-Ray service (src/sandbox/network/xray-relay.ts).
        AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
        _AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1',
        _AWS_XRAY_DAEMON_PORT: '2000',
        GREETING: 'hello',
        LAMBDA_RUNTIME_DIR: '/var/runtime',
        LAMBDA_TASK_ROOT: '/var/task',
        // LANG is one of the variables a function may override.
        LANG: 'C.UTF-8',
        LD_LIBRARY_PATH: '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib',
        NODE_PATH: '/opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task',
        PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
        PWD: '/var/task',
        TZ: ':UTC',
        _HANDLER: 'index.handler',
        _X_AMZN_TRACE_ID: 'trace',
      },
    );
    assert.equal(env['AWS_LAMBDA_LOG_STREAM_NAME'], stream);
    assert.match(env['AWS_ACCESS_KEY_ID'] ?? '', /^ASIA[A-Z0-9]{16}$/);
    assert.equal(env['AWS_SECRET_ACCESS_KEY']?.length, 40);
    assert.match(stream, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.match(env['_X_AMZN_TRACE_ID'] ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    // The host's own variables (this machine sets NODE_EXTRA_CA_CERTS, HOME, …) never reach a function.
    for (const name of ['NODE_EXTRA_CA_CERTS', 'HOME', 'USER', 'NODE_OPTIONS', '_LAMBDABOX_RUNTIME_API_SOCKET', '_LAMBDABOX_TCP_RELAYS', '_LAMBDABOX_UDP_RELAYS']) {
      assert.equal(env[name], undefined, name);
    }
  });

  test('/tmp persists across sequential warm invokes and is not visible to a second concurrent environment', async () => {
    await deploy(fx, lambda, 'tmp', { 'index.mjs': PROBE });
    const first = await probe('tmp', { marker: 'a' });
    assert.deepEqual(first.before, []);
    const second = await probe('tmp', { marker: 'b' });
    assert.equal(second.envId, first.envId);
    assert.equal(second.count, 2);
    assert.deepEqual(second.before, ['a']);
    const base = total();
    const [x, y] = await Promise.all([probe('tmp', { marker: 'c', wait: 700 }), probe('tmp', { marker: 'd', wait: 700 })]);
    assert.equal(total(), base + 1);
    assert.notEqual(x.envId, y.envId);
    const [warm, fresh] = x.envId === first.envId ? [x, y] : [y, x];
    assert.equal(warm.envId, first.envId);
    assert.deepEqual(warm.after, ['a', 'b', 'c']);
    assert.deepEqual(fresh.before, []);
    assert.deepEqual(fresh.after, [fresh === x ? 'c' : 'd']);
    // A sandbox's /tmp is its own tmpfs, not the host's.
    assert.equal(existsSync('/tmp/a') && existsSync('/tmp/b') && existsSync('/tmp/c'), false);
  });

  test('scale-out: 4 concurrent invokes of a slow handler run in 4 environments, later reused warm', async () => {
    await deploy(fx, lambda, 'scale', { 'index.mjs': PROBE });
    const base = total();
    const results = await Promise.all([1, 2, 3, 4].map(() => probe('scale', { wait: 800 })));
    assert.equal(new Set(results.map((r) => r.envId)).size, 4);
    assert.equal(total(), base + 4);
    assert.equal(fx.box.sandboxes?.stats().idle, total());
    const again = await probe('scale');
    assert.ok(results.some((r) => r.envId === again.envId));
    assert.equal(again.count, 2);
    assert.equal(total(), base + 4);
  });

  test('idle reaping destroys idle environments and their processes; the next invoke is a cold start', async () => {
    await deploy(fx, lambda, 'reaped', { 'index.mjs': PROBE });
    const warm = await probe('reaped');
    assert.ok(total() > 0);
    assert.ok(sandboxProcesses(fx.dataDir).length > 0, 'a warm environment has processes');
    // Not yet idle long enough: nothing goes.
    assert.equal(await fx.box.sandboxes?.reap(Date.now()), 0);
    const reaped = await fx.box.sandboxes?.reap(Date.now() + 60 * 60_000);
    assert.ok((reaped ?? 0) >= 1);
    assert.equal(total(), 0);
    assert.deepEqual(sandboxProcesses(fx.dataDir), []);
    assert.deepEqual(instanceCgroupDirs(fx.dataDir), []);
    const cold = await invoke(lambda, 'reaped', { tail: true });
    assert.notEqual(cold.json<Probe>().envId, warm.envId);
    assert.match(cold.log ?? '', /Init Duration/);
  });

  test('idleTimeoutMs: a server configured with a short idle time reaps on its own', async () => {
    const short = await startLambdabox({ overrides: { idleTimeoutMs: 300 } });
    try {
      const client = short.lambda();
      await deploy(short, client, 'short-idle', { 'index.mjs': PROBE });
      const out = await invoke(client, 'short-idle');
      assert.equal(out.status, 200);
      assert.equal(short.box.sandboxes?.stats().total, 1);
      await new Promise((r) => setTimeout(r, 400));
      // The periodic reaper runs every 5 s; reap() is what it calls.
      assert.equal(await short.box.sandboxes?.reap(), 1);
      assert.equal(short.box.sandboxes?.stats().total, 0);
    } finally {
      await short.close();
    }
  });

  test('UpdateFunctionCode and UpdateFunctionConfiguration retire $LATEST\'s environments; a published version stays warm', async () => {
    await deploy(fx, lambda, 'retire', { 'index.mjs': PROBE }, { publish: true });
    const v1 = await probe('retire', {}, '1');
    const latest = await probe('retire');
    assert.equal(latest.code, 'CODE');
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'retire', ZipFile: zipOf({ 'index.mjs': PROBE.replace("'CODE'", "'NEW CODE'") }) }));
    await fx.settled();
    const updated = await probe('retire');
    assert.equal(updated.code, 'NEW CODE');
    assert.notEqual(updated.envId, latest.envId);
    assert.equal(updated.count, 1);

    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'retire', Environment: { Variables: { GREETING: 'bonjour' } } }));
    await fx.settled();
    const reconfigured = await probe('retire');
    assert.equal(reconfigured.greeting, 'bonjour');
    assert.notEqual(reconfigured.envId, updated.envId);

    const v1Again = await probe('retire', {}, '1');
    assert.equal(v1Again.envId, v1.envId);
    assert.equal(v1Again.code, 'CODE');
    assert.equal(v1Again.greeting, null);
  });
});
