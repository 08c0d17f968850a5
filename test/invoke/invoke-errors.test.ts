/**
 * Every way an Invoke fails, with AWS's exact shape (issue 3, acceptance 1): function errors,
 * init errors, timeout, runtime exit, OOM kill, oversized response and request, bad payloads and
 * throttling. Fatal failures destroy the environment: the next invoke is a cold start.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { TEST_ROLE } from '../helpers/zips.js';
import { unixZipOf } from '../helpers/unix-zip.js';
import { deploy, FAST_MEMORY, invocationsPath, invoke, rawInvoke } from './invoke-harness.js';

/** Counts invocations per environment: 1 means a fresh one. `mode` picks how the call ends. */
const MODES = `let count = 0;
export const handler = async (event) => {
  count++;
  switch (event.mode) {
    case 'throw': { const e = new TypeError('boom'); e.code = 'E_BOOM'; throw e; }
    // The interval keeps the event loop alive; an empty loop would end in Runtime.NodeJsExit instead.
    case 'hang': return new Promise(() => setInterval(() => {}, 1000));
    case 'exit': process.exit(event.code);
    case 'big': return 'x'.repeat(7 * 1024 * 1024);
    case 'slow': await new Promise((r) => setTimeout(r, event.ms)); return count;
    default: return count;
  }
};
`;

const PY_MODES = `count = 0

def handler(event, context):
    global count
    count += 1
    if event.get("mode") == "big":
        return "x" * (7 * 1024 * 1024)
    return count
`;

/** A custom runtime that, like awslambdaric, dies when the Runtime API refuses its response. */
const EXITING_BOOTSTRAP = `#!/usr/bin/python3
import json, os, sys, urllib.error, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
count = 0
while True:
    with urllib.request.urlopen(api + "next") as r:
        request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(r.read())
    count += 1
    body = json.dumps("x" * (7 * 1024 * 1024) if event.get("mode") == "big" else count).encode()
    try:
        urllib.request.urlopen(urllib.request.Request(api + request_id + "/response", data=body, method="POST")).read()
    except urllib.error.HTTPError as e:
        sys.exit("response refused: %d" % e.code)
`;

function unhandledBody(res: { status: number; headers: Headers; body: Buffer }): Record<string, unknown> {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-amz-function-error'), 'Unhandled');
  assert.equal(res.headers.get('x-amz-executed-version'), '$LATEST');
  return JSON.parse(res.body.toString()) as Record<string, unknown>;
}

describe('Invoke end to end: errors', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  const total = (): number => fx.box.sandboxes?.stats().total ?? -1;
  const call = (name: string, event: unknown): ReturnType<typeof rawInvoke> =>
    rawInvoke(fx, invocationsPath(name), Buffer.from(JSON.stringify(event)));

  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
    await deploy(fx, lambda, 'modes', { 'index.mjs': MODES }, { timeout: 1 });
  });
  after(async () => {
    await fx.close();
  });

  test('a function error: 200, X-Amz-Function-Error: Unhandled and the runtime error JSON verbatim; the environment stays warm', async () => {
    assert.equal((await call('modes', {})).body.toString(), '1');
    const res = await call('modes', { mode: 'throw' });
    const body = unhandledBody(res);
    assert.deepEqual(Object.keys(body), ['errorType', 'errorMessage', 'trace']);
    assert.equal(body['errorType'], 'TypeError');
    assert.equal(body['errorMessage'], 'boom');
    const trace = body['trace'] as string[];
    assert.equal(trace[0], 'TypeError: boom');
    assert.match(trace[1] ?? '', /^ {4}at .*\/var\/task\/index\.mjs:5:/);
    // Same environment afterwards: its counter continues.
    assert.equal((await call('modes', {})).body.toString(), '3');

    const sdk = await invoke(lambda, 'modes', { payload: '{"mode":"throw"}' });
    assert.equal(sdk.status, 200);
    assert.equal(sdk.functionError, 'Unhandled');
    assert.equal(sdk.json()['errorMessage'], 'boom');
  });

  test('Sandbox.Timedout: the environment is killed at the deadline and the next invoke is a cold start', async () => {
    const started = Date.now();
    const res = await call('modes', { mode: 'hang' });
    const elapsed = Date.now() - started;
    const body = unhandledBody(res);
    const requestId = res.headers.get('x-amzn-requestid');
    assert.equal(res.body.toString(), JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after 1.00 seconds` }));
    assert.equal(body['errorType'], 'Sandbox.Timedout');
    // Not before the deadline; and answered at all (the handler never returns, so only the kill ends the
    // call). The upper bound is loose on purpose: a loaded machine can take seconds to kill and answer.
    assert.ok(elapsed >= 1000 && elapsed < 30_000, `answered after ${elapsed} ms`);
    assert.equal(total(), 0);
    const next = await invoke(lambda, 'modes', { tail: true });
    assert.equal(next.text, '1');
    assert.match(next.log ?? '', /Init Duration: [0-9.]+ ms/);
  });

  test('Runtime.ExitError: process.exit in the handler', async () => {
    const res = await call('modes', { mode: 'exit', code: 3 });
    const requestId = res.headers.get('x-amzn-requestid');
    unhandledBody(res);
    assert.equal(res.body.toString(), JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status 3` }));
    assert.equal(total(), 0);
    assert.equal((await call('modes', {})).body.toString(), '1');

    // Exit 0 is "without providing a reason" (AWS, python sys.exit(0) in a handler).
    const zero = await call('modes', { mode: 'exit', code: 0 });
    unhandledBody(zero);
    assert.equal(
      zero.body.toString(),
      JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${zero.headers.get('x-amzn-requestid')} Error: Runtime exited without providing a reason` }),
    );
    assert.equal((await call('modes', {})).body.toString(), '1');

    // A runtime that exits while initialising fails the invoke that started it the same way.
    await deploy(fx, lambda, 'init-exit', { 'index.mjs': 'process.exit(1);\nexport const handler = async () => 1;\n' });
    const early = await rawInvoke(fx, invocationsPath('init-exit'));
    unhandledBody(early);
    assert.equal(
      early.body.toString(),
      JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${early.headers.get('x-amzn-requestid')} Error: Runtime exited with error: exit status 1` }),
    );
  });

  test('Function.ResponseSizeTooLarge for a 7 MB response', async () => {
    const res = await call('modes', { mode: 'big' });
    unhandledBody(res);
    assert.equal(
      res.body.toString(),
      '{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}',
    );
    assert.equal((await call('modes', {})).status, 200);
  });

  test('Function.ResponseSizeTooLarge from python, which keeps its environment, and from a custom runtime that exits on the refusal', async () => {
    const tooLarge = '{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}';
    await deploy(fx, lambda, 'py-big', { 'index.py': PY_MODES }, { runtime: 'python3.11' });
    assert.equal((await call('py-big', {})).body.toString(), '1');
    const py = await call('py-big', { mode: 'big' });
    unhandledBody(py);
    assert.equal(py.body.toString(), tooLarge);
    assert.equal((await call('py-big', {})).body.toString(), '3', 'the python runtime went back to /next in the same environment');

    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'custom-big',
        Runtime: 'provided.al2023',
        Handler: 'unused',
        Role: TEST_ROLE,
        Code: { ZipFile: unixZipOf({ bootstrap: { content: EXITING_BOOTSTRAP, mode: 0o755 } }) },
        MemorySize: FAST_MEMORY,
        Timeout: 10,
      }),
    );
    await fx.settled();
    assert.equal((await call('custom-big', {})).body.toString(), '1');
    const custom = await call('custom-big', { mode: 'big' });
    unhandledBody(custom);
    assert.equal(custom.body.toString(), tooLarge);
    // The runtime died of the 413: a fresh environment serves the next invoke, not the dead one's exit.
    const next = await call('custom-big', {});
    assert.equal(next.status, 200);
    assert.equal(next.headers.get('x-amz-function-error'), null, next.body.toString());
    assert.equal(next.body.toString(), '1');
  });

  test('init errors are returned on the invoke that triggered init, and the next invoke initialises again', async () => {
    await deploy(fx, lambda, 'no-module', { 'index.mjs': MODES }, { handler: 'missing.handler' });
    await deploy(fx, lambda, 'no-export', { 'index.mjs': MODES }, { handler: 'index.nope' });
    await deploy(fx, lambda, 'malformed', { 'index.mjs': MODES }, { handler: 'index' });
    await deploy(fx, lambda, 'bad-syntax', { 'index.js': 'exports.handler = async () => {;\n' });
    await deploy(fx, lambda, 'init-throws', { 'index.mjs': 'throw new RangeError("no config");\nexport const handler = async () => 1;\n' });
    const before = total();
    const cases: Array<{ name: string; errorType: string; message: RegExp }> = [
      { name: 'no-module', errorType: 'Runtime.ImportModuleError', message: /^Error: Cannot find module 'missing'\nRequire stack:\n- \/var\/runtime\/index\.mjs$/ },
      { name: 'no-export', errorType: 'Runtime.HandlerNotFound', message: /^index\.nope is undefined or not exported$/ },
      { name: 'malformed', errorType: 'Runtime.MalformedHandlerName', message: /^Bad handler$/ },
      { name: 'bad-syntax', errorType: 'Runtime.UserCodeSyntaxError', message: /^SyntaxError: Unexpected end of input$/ },
      { name: 'init-throws', errorType: 'RangeError', message: /^no config$/ },
    ];
    for (const c of cases) {
      for (const attempt of [1, 2]) {
        const res = await invoke(lambda, c.name, { tail: true });
        assert.equal(res.status, 200, c.name);
        assert.equal(res.functionError, 'Unhandled', c.name);
        const body = res.json();
        assert.equal(body['errorType'], c.errorType, `${c.name}: ${res.text}`);
        assert.match(String(body['errorMessage']), c.message, c.name);
        assert.ok(Array.isArray(body['trace']), c.name);
        // Every attempt initialises anew: the failed environment was destroyed.
        assert.match(res.log ?? '', /^INIT_START Runtime Version: nodejs:20\./m, `${c.name} attempt ${attempt}`);
        assert.equal(total(), before, `${c.name} attempt ${attempt}`);
      }
    }
  });

  test('OOM: a function allocating past MemorySize dies, the next invoke gets a fresh environment, the server keeps serving', async () => {
    await deploy(
      fx,
      lambda,
      'oom',
      {
        'index.mjs': `let count = 0;
export const handler = async (event) => {
  count++;
  if (event.allocate) {
    const kept = [];
    for (let i = 0; i < 30; i++) kept.push(Buffer.alloc(10 * 1024 * 1024, 1));
    return kept.length;
  }
  return count;
};
`,
      },
      { memorySize: 128, timeout: 30 },
    );
    const res = await call('oom', { allocate: true });
    const requestId = res.headers.get('x-amzn-requestid');
    unhandledBody(res);
    assert.equal(
      res.body.toString(),
      JSON.stringify({ errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed` }),
    );
    const next = await invoke(lambda, 'oom', { tail: true });
    assert.equal(next.text, '1');
    assert.match(next.log ?? '', /Memory Size: 128 MB\tMax Memory Used: [0-9]+ MB\tInit Duration/);
    assert.equal((await call('modes', {})).status, 200);
  });

  test('a request over 6 MB: 413 RequestEntityTooLargeException', async () => {
    const atLimit = Buffer.from(`"${'a'.repeat(6_291_456 - 2)}"`);
    assert.equal((await call('modes', {})).status, 200);
    const ok = await rawInvoke(fx, invocationsPath('modes'), atLimit);
    assert.equal(ok.status, 200, ok.body.toString().slice(0, 200));
    const over = await rawInvoke(fx, invocationsPath('modes'), Buffer.concat([atLimit, Buffer.from(' ')]));
    assert.equal(over.status, 413);
    assert.equal(over.headers.get('x-amzn-errortype'), 'RequestEntityTooLargeException');
    const body = JSON.parse(over.body.toString()) as Record<string, unknown>;
    assert.equal(body['Type'], 'User');
    assert.equal(body['message'], 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
    await assert.rejects(invoke(lambda, 'modes', { payload: Buffer.alloc(7 * 1024 * 1024, 0x20) }), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'RequestEntityTooLargeException');
      assert.equal(err.message, 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
      assert.equal(err.$metadata?.httpStatusCode, 413);
      return true;
    });
  });

  test('a payload that is not JSON: 400 InvalidRequestContentException, and nothing runs', async () => {
    const before = total();
    for (const payload of ['not json', '{"a":', '\u0099']) {
      const res = await rawInvoke(fx, invocationsPath('modes'), Buffer.from(payload));
      assert.equal(res.status, 400, payload);
      assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidRequestContentException');
      const body = JSON.parse(res.body.toString()) as Record<string, unknown>;
      assert.equal(body['Type'], 'User');
      assert.match(String(body['message']), /^Could not parse request body into json: Could not parse payload into json: /);
    }
    await assert.rejects(invoke(lambda, 'modes', { payload: 'nope' }), { name: 'InvalidRequestContentException' });
    assert.equal(total(), before);
  });

  test('reserved concurrency: 0 throttles every invoke; 1 throttles the second concurrent one', async () => {
    await deploy(fx, lambda, 'throttled', { 'index.mjs': MODES });
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'throttled', ReservedConcurrentExecutions: 0 }));
    const res = await call('throttled', {});
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('x-amzn-errortype'), 'TooManyRequestsException');
    const body = JSON.parse(res.body.toString()) as Record<string, unknown>;
    assert.equal(body['Reason'], 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(body['Type'], 'User');
    assert.equal(body['message'], 'Rate Exceeded.');
    await assert.rejects(invoke(lambda, 'throttled'), (err: Error & { Reason?: string; $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'TooManyRequestsException');
      assert.equal(err.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
      assert.equal(err.$metadata?.httpStatusCode, 429);
      return true;
    });

    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'throttled', ReservedConcurrentExecutions: 1 }));
    // The slot is held once the slow call's environment is busy (observed, not assumed after a fixed
    // 300 ms a loaded machine can miss); its 5 s handler leaves the second call a margin that cannot race.
    const busy = (): number => (fx.box.sandboxes?.stats().total ?? 0) - (fx.box.sandboxes?.stats().idle ?? 0);
    const busyBefore = busy();
    const slow = call('throttled', { mode: 'slow', ms: 5000 });
    for (const until = Date.now() + 60_000; busy() <= busyBefore; ) {
      if (Date.now() > until) throw new Error('the slow invocation never started');
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = await call('throttled', {});
    assert.equal(second.status, 429);
    assert.equal((await slow).status, 200);
    assert.equal((await call('throttled', {})).status, 200);
  });
});
