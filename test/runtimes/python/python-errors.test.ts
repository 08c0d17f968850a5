/**
 * The Python bootstrap's error shapes: every init error (posted to /runtime/init/error, then exit 1)
 * and invocation errors (posted to …/error, the runtime stays warm), as awslambdaric reports them.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { body, json, startPython, waitFor } from '../runtime-harness.js';
import type { RunningRuntime, TaskFile } from '../runtime-harness.js';
import type { InvocationOutcome } from '../../../src/sandbox/runtime-api/invocation.js';

const NBSP = '\u00a0';

/** Python's json.dumps spelling (", " and ": " separators) of ASCII data. */
function pyJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

interface LambdaError {
  readonly errorMessage: string;
  readonly errorType: string;
  readonly requestId: string;
  readonly stackTrace: string[];
}

describe('python bootstrap: errors', () => {
  const running: RunningRuntime[] = [];
  after(async () => {
    await Promise.all(running.map((rt) => rt.close()));
  });

  async function initError(
    handler: string,
    files: Readonly<Record<string, TaskFile>>,
  ): Promise<{ rt: RunningRuntime; outcome: InvocationOutcome; error: LambdaError }> {
    const rt = await startPython(handler, files);
    running.push(rt);
    const outcome = await rt.invoke({});
    assert.equal(outcome.kind, 'init-error', `stdout: ${rt.stdout()} stderr: ${rt.stderr()}`);
    const error = json(outcome) as LambdaError;
    // The header names the same type as the body.
    assert.equal(outcome.kind === 'init-error' && outcome.errorType, error.errorType);
    assert.deepEqual(Object.keys(error), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
    assert.equal(error.requestId, '');
    assert.deepEqual(await rt.exited, { code: 1, signal: null });
    await assert.rejects(rt.server.initDone);
    return { rt, outcome, error };
  }

  test('Runtime.ImportModuleError for a missing module, with the warning and the error in the log', async () => {
    const { rt, error } = await initError('app.handler', { 'other.py': '' });
    assert.equal(error.errorType, 'Runtime.ImportModuleError');
    assert.equal(error.errorMessage, "Unable to import module 'app': No module named 'app'");
    assert.deepEqual(error.stackTrace, []);
    const out = rt.stdout();
    assert.match(out, /^\[WARNING\]\t\S+Z\t\tLAMBDA_WARNING: Unhandled exception\. The most likely cause is an issue in the function code\./);
    assert.ok(
      out.endsWith("[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'app'\rTraceback (most recent call last):\n"),
      out,
    );
  });

  test('Runtime.ImportModuleError for a missing dependency of the handler module', async () => {
    const { error } = await initError('app.handler', { 'app.py': 'import not_installed_anywhere\n' });
    assert.equal(error.errorType, 'Runtime.ImportModuleError');
    assert.equal(error.errorMessage, "Unable to import module 'app': No module named 'not_installed_anywhere'");
  });

  test('Runtime.HandlerNotFound when the module lacks the function', async () => {
    const { error } = await initError('app.nope', { 'app.py': 'def handler(e, c):\n    return 1\n' });
    assert.equal(error.errorType, 'Runtime.HandlerNotFound');
    assert.equal(error.errorMessage, "Handler 'nope' missing on module 'app'");
    assert.deepEqual(error.stackTrace, []);
  });

  test('Runtime.UserCodeSyntaxError with the offending line', async () => {
    const { rt, error } = await initError('app.handler', { 'app.py': 'def handler(event, context)\n    return 1\n' });
    assert.equal(error.errorType, 'Runtime.UserCodeSyntaxError');
    assert.equal(error.errorMessage, "Syntax error in module 'app': expected ':' (app.py, line 1)");
    assert.deepEqual(error.stackTrace, [`  File "${rt.taskRoot}/app.py" Line 1\n    def handler(event, context)\n`]);
  });

  test('Runtime.MalformedHandlerName for a handler without a dot', async () => {
    const { error } = await initError('app', { 'app.py': '' });
    assert.equal(error.errorType, 'Runtime.MalformedHandlerName');
    assert.equal(error.errorMessage, "Bad handler 'app': not enough values to unpack (expected 2, got 1)");
  });

  test('Runtime.BuiltInModuleConflict for a built-in module name', async () => {
    const { error } = await initError('sys.handler', { 'app.py': '' });
    assert.equal(error.errorType, 'Runtime.BuiltInModuleConflict');
    assert.equal(error.errorMessage, 'Cannot use built-in module sys as a handler module');
  });

  test('an exception raised while importing is reported under its own class name with its trace', async () => {
    const { rt, error } = await initError('app.handler', {
      'app.py': 'class ConfigError(Exception):\n    pass\n\nraise ConfigError("missing setting")\n',
    });
    assert.equal(error.errorType, 'ConfigError');
    assert.equal(error.errorMessage, 'missing setting');
    assert.equal(error.stackTrace.at(-1), `  File "${rt.taskRoot}/app.py", line 4, in <module>\n    raise ConfigError("missing setting")\n`);
    assert.ok(error.stackTrace.every((frame) => !frame.includes('/bootstrap.py')), error.stackTrace.join(''));
  });

  test('a function error has errorMessage, errorType, requestId and the user frames; the runtime stays warm', async () => {
    const rt = await startPython('app.handler', {
      'app.py': 'def check(event):\n    raise ValueError("bad input: " + event["v"])\n\ndef handler(event, context):\n    return check(event)\n',
    });
    running.push(rt);
    const requestId = '52fdfc07-2182-454f-963f-5f0f9a621d72';
    const outcome = await rt.invoke({ v: 'x' }, { requestId });
    assert.equal(outcome.kind, 'error');
    assert.equal(outcome.kind === 'error' && outcome.errorType, 'ValueError');
    const frames = [
      `  File "${rt.taskRoot}/app.py", line 5, in handler\n    return check(event)\n`,
      `  File "${rt.taskRoot}/app.py", line 2, in check\n    raise ValueError("bad input: " + event["v"])\n`,
    ];
    // json.dumps' spelling, key order included.
    assert.equal(body(outcome), pyJson({ errorMessage: 'bad input: x', errorType: 'ValueError', requestId, stackTrace: frames }));
    const out = await waitFor(rt.stdout, (s) => s.includes('\n'));
    assert.equal(
      out,
      '[ERROR] ValueError: bad input: x\rTraceback (most recent call last):\r' +
        `${NBSP.repeat(2)}File "${rt.taskRoot}/app.py", line 5, in handler\r${NBSP.repeat(4)}return check(event)\r` +
        `${NBSP.repeat(2)}File "${rt.taskRoot}/app.py", line 2, in check\r${NBSP.repeat(4)}raise ValueError("bad input: " + event["v"])\n`,
    );
    assert.equal(rt.child.exitCode, null);
    const next = await rt.invoke({ v: 'y' });
    assert.equal((json(next) as LambdaError).errorMessage, 'bad input: y');
  });

  test('Runtime.MarshalError for a result json cannot write', async () => {
    const rt = await startPython('app.handler', { 'app.py': 'def handler(e, c):\n    return {1, 2}\n' });
    running.push(rt);
    const requestId = '52fdfc07-2182-454f-963f-5f0f9a621d73';
    const outcome = await rt.invoke({}, { requestId });
    assert.equal(outcome.kind, 'error');
    assert.deepEqual(json(outcome), {
      errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable',
      errorType: 'Runtime.MarshalError',
      requestId,
      stackTrace: [],
    });
  });

  test('sys.exit in the handler ends the runtime (the platform reports Runtime.ExitError)', async () => {
    const rt = await startPython('app.handler', { 'app.py': 'import sys\ndef handler(e, c):\n    sys.exit(3)\n' });
    running.push(rt);
    const outcome = rt.invoke({});
    assert.deepEqual(await rt.exited, { code: 3, signal: null });
    rt.server.destroy(new Error('runtime exited'));
    await assert.rejects(outcome, /runtime exited/);
  });
});
