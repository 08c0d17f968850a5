/**
 * The Node bootstrap's handler loading: `.js`/`.mjs`/`.cjs` resolution and precedence as Lambda's
 * runtimes do it, nested handler paths, NODE_PATH, top-level await, and every init error with the
 * exact body aws-lambda-ric posts to /runtime/init/error.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { bootstrapPath, json, startRuntime, TASK_ROOT } from './nodejs-harness.js';
import type { RunningRuntime, RuntimeOptions } from './nodejs-harness.js';
import type { InvocationOutcome } from '../../../src/sandbox/runtime-api/invocation.js';

async function withRuntime(options: RuntimeOptions, body: (rt: RunningRuntime) => Promise<void>): Promise<void> {
  const rt = await startRuntime(options);
  try {
    await body(rt);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- stdout:\n${rt.stdout()}\n--- stderr:\n${rt.stderr()}`, { cause: err });
  } finally {
    await rt.close();
  }
}

async function resultOf(options: RuntimeOptions, payload: unknown = {}): Promise<unknown> {
  let result: unknown;
  await withRuntime(options, async (rt) => {
    const outcome = await rt.invoke(payload);
    assert.equal(outcome.kind, 'response', outcome.kind === 'response-too-large' ? '' : outcome.body.toString());
    result = json(outcome);
  });
  return result;
}

interface InitFailure {
  readonly outcome: Extract<InvocationOutcome, { kind: 'init-error' }>;
  readonly body: { errorType: string; errorMessage: string; trace: string[] };
  readonly exitCode: number | null;
  readonly stdout: string;
}

async function initFailure(options: RuntimeOptions): Promise<InitFailure> {
  let failure: InitFailure | undefined;
  await withRuntime(options, async (rt) => {
    const outcome = await rt.invoke({});
    assert.equal(outcome.kind, 'init-error');
    if (outcome.kind !== 'init-error') return;
    const exitCode = await rt.exited;
    failure = { outcome, body: json(outcome) as InitFailure['body'], exitCode, stdout: rt.stdout() };
  });
  if (failure === undefined) throw new Error('no init failure');
  return failure;
}

describe('handler resolution', () => {
  test('.js is CommonJS without "type": "module"', async () => {
    assert.deepEqual(await resultOf({ fixture: 'cjs', handler: 'index.echo' }, { a: 1 }), { a: 1 });
  });

  test('.js is an ES module under "type": "module", with top-level await done before the invoke', async () => {
    const result = (await resultOf({ fixture: 'esm', handler: 'index.handler' }, { b: 2 })) as Record<string, unknown>;
    assert.equal(result['kind'], 'esm');
    assert.equal(result['ready'], 'ready');
    assert.equal(result['hasRequire'], false);
    assert.ok((result['waitedMs'] as number) >= 45);
    assert.deepEqual(result['event'], { b: 2 });
  });

  test('the nearest package.json decides, even in a parent directory of the file', async () => {
    const result = (await resultOf({ fixture: 'esm-nested', handler: 'lib/app.handler' })) as Record<string, unknown>;
    assert.equal(result['kind'], 'esm from a parent package.json');
    assert.equal(result['hasRequire'], false);
  });

  test('.mjs loads as an ES module and .cjs as CommonJS', async () => {
    assert.deepEqual(await resultOf({ fixture: 'mjs', handler: 'index.handler' }), { kind: 'mjs', hasRequire: false });
    assert.deepEqual(await resultOf({ fixture: 'cjs-ext', handler: 'index.handler' }), { kind: 'cjs', hasRequire: true });
  });

  test('precedence: extensionless, then .js, then .mjs, then .cjs', async () => {
    assert.equal(await resultOf({ fixture: 'precedence', handler: 'plain.handler' }), 'extensionless');
    assert.equal(await resultOf({ fixture: 'precedence', handler: 'index.handler' }), 'js');
    assert.equal(await resultOf({ fixture: 'precedence-mjs', handler: 'index.handler' }), 'mjs');
  });

  test('a handler in a subdirectory with a nested export path', async () => {
    assert.deepEqual(await resultOf({ fixture: 'nested', handler: 'src/handlers/app.routes.users.list' }), {
      from: 'src/handlers/app.js',
      path: 'routes.users.list',
    });
    assert.equal(await resultOf({ fixture: 'cjs', handler: 'index.nested.deeper.handler' }), 'nested export');
  });

  test('CommonJS handlers resolve packages through NODE_PATH', async () => {
    const without = await initFailure({ fixture: 'node-path', handler: 'index.handler' });
    assert.match(without.body.errorMessage, /^Error: Cannot find module 'greeting'/);
    const greeting = await resultOf({
      fixture: 'node-path',
      handler: 'index.handler',
      env: { NODE_PATH: `/nonexistent:${TASK_ROOT}/lib/node_modules` },
    });
    assert.equal(greeting, 'hello from NODE_PATH');
  });
});

describe('init errors', () => {
  test('a missing module: Runtime.ImportModuleError naming the require stack, then exit 129', async () => {
    const runtimeDir = dirname(await bootstrapPath());
    const failure = await initFailure({ fixture: 'cjs', handler: 'missing.handler' });
    assert.equal(failure.outcome.errorType, 'Runtime.ImportModuleError');
    assert.equal(failure.body.errorType, 'Runtime.ImportModuleError');
    assert.equal(
      failure.body.errorMessage,
      `Error: Cannot find module 'missing'\nRequire stack:\n- ${join(runtimeDir, 'index.mjs')}`,
    );
    assert.deepEqual(Object.keys(failure.body), ['errorType', 'errorMessage', 'trace']);
    assert.deepEqual(failure.body.trace.slice(0, 3), [
      "Runtime.ImportModuleError: Error: Cannot find module 'missing'",
      'Require stack:',
      `- ${join(runtimeDir, 'index.mjs')}`,
    ]);
    assert.equal(failure.exitCode, 129);
    assert.match(
      failure.stdout,
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Runtime\.ImportModuleError","errorMessage":"Error: Cannot find module 'missing'\\nRequire stack:/m,
    );
  });

  test('a missing dependency of the handler module is an ImportModuleError too', async () => {
    const failure = await initFailure({ fixture: 'missing-dependency', handler: 'index.handler' });
    assert.equal(failure.body.errorType, 'Runtime.ImportModuleError');
    assert.match(failure.body.errorMessage, /^Error: Cannot find module 'not-a-real-package-xyz'\nRequire stack:\n- .*\/task\/index\.js\n/);
  });

  test('an export that does not exist: Runtime.HandlerNotFound', async () => {
    const failure = await initFailure({ fixture: 'cjs', handler: 'index.nope' });
    assert.equal(failure.outcome.errorType, 'Runtime.HandlerNotFound');
    assert.equal(failure.body.errorMessage, 'index.nope is undefined or not exported');
    assert.equal(failure.body.trace[0], 'Runtime.HandlerNotFound: index.nope is undefined or not exported');
    assert.equal(failure.exitCode, 129);
  });

  test('an export that is not a function: Runtime.HandlerNotFound', async () => {
    const failure = await initFailure({ fixture: 'not-function', handler: 'index.handler' });
    assert.equal(failure.body.errorType, 'Runtime.HandlerNotFound');
    assert.equal(failure.body.errorMessage, 'index.handler is not a function');
  });

  test('a handler without an export: Runtime.MalformedHandlerName "Bad handler"', async () => {
    const failure = await initFailure({ fixture: 'cjs', handler: 'index' });
    assert.equal(failure.outcome.errorType, 'Runtime.MalformedHandlerName');
    assert.equal(failure.body.errorMessage, 'Bad handler');
  });

  test('a handler climbing out of the task root: Runtime.MalformedHandlerName', async () => {
    const failure = await initFailure({ fixture: 'cjs', handler: '../index.echo' });
    assert.equal(failure.body.errorType, 'Runtime.MalformedHandlerName');
    assert.equal(
      failure.body.errorMessage,
      "'../index.echo' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
    );
  });

  test('a syntax error: Runtime.UserCodeSyntaxError with the SyntaxError as message', async () => {
    // Written here, not kept as a fixture file, so linters never parse it.
    const failure = await initFailure({
      fixture: 'precedence-mjs',
      handler: 'broken.handler',
      prepare: (taskRoot) => writeFile(join(taskRoot, 'broken.js'), 'exports.handler = async () => {\n  return { broken: ;\n};\n'),
    });
    assert.equal(failure.outcome.errorType, 'Runtime.UserCodeSyntaxError');
    assert.equal(failure.body.errorMessage, "SyntaxError: Unexpected token ';'");
    assert.equal(failure.body.trace[0], "Runtime.UserCodeSyntaxError: SyntaxError: Unexpected token ';'");
  });

  test('an error thrown while the module loads is reported with its own type', async () => {
    const failure = await initFailure({ fixture: 'init-throws', handler: 'index.handler' });
    assert.equal(failure.outcome.errorType, 'TypeError');
    assert.equal(failure.body.errorType, 'TypeError');
    assert.equal(failure.body.errorMessage, 'configuration is broken');
    assert.equal(failure.body.trace[0], 'TypeError: configuration is broken');
  });

  test('nodejs24.x refuses callback handlers: Runtime.CallbackHandlerDeprecated', async () => {
    const failure = await initFailure({
      fixture: 'cjs',
      handler: 'index.callback',
      env: { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' },
    });
    assert.equal(failure.outcome.errorType, 'Runtime.CallbackHandlerDeprecated');
    assert.match(failure.body.errorMessage, /^ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node\.js 24\./);
  });
});

describe('init output', () => {
  test('module-level logs carry an undefined request id; callback handlers get the deprecation warning', async () => {
    await withRuntime({ fixture: 'init-log', handler: 'index.handler' }, async (rt) => {
      const outcome = await rt.invoke({});
      assert.equal(outcome.kind, 'response');
      const stdout = await rt.waitForOutput(/in the handler\n/);
      assert.match(stdout, /^\S+Z\tundefined\tINFO\tloading the module\n/);
      assert.match(stdout, /\n\S+Z\t[0-9a-f-]{36}\tINFO\tin the handler\n$/);
    });
    await withRuntime({ fixture: 'cjs', handler: 'index.callback' }, async (rt) => {
      await rt.invoke({});
      await rt.waitForOutput(/^\S+Z\tundefined\tWARN\tAWS Lambda plans to remove support for callback-based function handlers/);
    });
    await withRuntime(
      { fixture: 'cjs', handler: 'index.callback', env: { AWS_LAMBDA_NODEJS_DISABLE_CALLBACK_WARNING: '1' } },
      async (rt) => {
        await rt.invoke({});
        assert.equal(rt.stdout(), '');
      },
    );
  });
});
