/**
 * The Node bootstrap's invocation contract against a real Runtime API server: async and callback
 * handlers, callbackWaitsForEmptyEventLoop both ways, every context field, the result and error
 * bodies exactly as aws-lambda-ric posts them, and warm state between invocations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ARN, FUNCTION_ENV, json, startRuntime } from './nodejs-harness.js';
import type { RunningRuntime } from './nodejs-harness.js';
import type { InvocationOutcome, InvocationRequest } from '../../../src/sandbox/runtime-api/invocation.js';

interface ErrorBody {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: string[];
}

function errorBody(outcome: InvocationOutcome): ErrorBody {
  assert.equal(outcome.kind, 'error', outcome.kind === 'response-too-large' ? '' : outcome.body.toString());
  return json(outcome) as ErrorBody;
}

function responseBody(outcome: InvocationOutcome): string {
  assert.equal(outcome.kind, 'response', outcome.kind === 'response-too-large' ? '' : outcome.body.toString());
  return outcome.kind === 'response' ? outcome.body.toString('utf8') : '';
}

/** One warm runtime per handler, as each environment is started with one _HANDLER. */
async function invokeOnce(handler: string, payload: unknown = {}, overrides: Partial<InvocationRequest> = {}): Promise<InvocationOutcome> {
  const rt = await startRuntime({ fixture: 'cjs', handler });
  try {
    return await rt.invoke(payload, overrides);
  } finally {
    await rt.close();
  }
}

describe('async handlers', () => {
  let rt: RunningRuntime;
  before(async () => {
    rt = await startRuntime({ fixture: 'cjs', handler: 'index.counter' });
  });
  after(() => rt.close());

  test('each invocation reuses the warm process: module state persists', async () => {
    assert.equal(responseBody(await rt.invoke({})), '1');
    assert.equal(responseBody(await rt.invoke({})), '2');
    assert.equal(responseBody(await rt.invoke({})), '3');
  });

  test('the event is any JSON, passed through', async () => {
    const echo = await startRuntime({ fixture: 'cjs', handler: 'index.echo' });
    try {
      for (const event of [{ a: [1, 'two', null] }, 'text', 42, null, [true, false]]) {
        assert.deepEqual(json(await echo.invoke(event)), event);
      }
      const unicode = await echo.server.invoke({
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
        payload: Buffer.from('{"emoji":"\u{1F600}","accent":"é"}'),
        deadlineMs: Date.now() + 3000,
        invokedFunctionArn: ARN,
        traceId: '',
      });
      assert.equal(responseBody(unicode), '{"emoji":"\u{1F600}","accent":"é"}');
    } finally {
      await echo.close();
    }
  });

  test('an undefined result is posted as null', async () => {
    const outcome = await invokeOnce('index.undefinedResult');
    assert.equal(responseBody(outcome), 'null');
    assert.equal(outcome.kind === 'response' ? outcome.contentType : '', 'application/json');
  });

  test('a sync handler that returns without calling back answers null once the loop is empty', async () => {
    assert.equal(responseBody(await invokeOnce('index.syncReturn')), 'null');
  });
});

describe('callback handlers', () => {
  test('callback(null, result) answers with the result', async () => {
    assert.deepEqual(json(await invokeOnce('index.callback', { x: 1 })), { via: 'callback', event: { x: 1 } });
  });

  test('callbackWaitsForEmptyEventLoop true: the answer waits for pending timers', async () => {
    const rt = await startRuntime({ fixture: 'cjs', handler: 'index.callbackWaits' });
    try {
      const started = Date.now();
      assert.equal(json(await rt.invoke({})), 'waited');
      assert.ok(Date.now() - started >= 140, 'answered before the 150 ms timer ran');
      await rt.waitForOutput(/\tINFO\ttimer fired\n/);
    } finally {
      await rt.close();
    }
  });

  test('callbackWaitsForEmptyEventLoop false: the answer goes at once; the timer runs later', async () => {
    const rt = await startRuntime({ fixture: 'cjs', handler: 'index.callbackNoWait' });
    try {
      await rt.server.initDone;
      const started = Date.now();
      assert.equal(json(await rt.invoke({})), 'immediate');
      assert.ok(Date.now() - started < 5_000, 'waited for the 10 s timer');
      assert.doesNotMatch(rt.stdout(), /late timer fired/);
    } finally {
      await rt.close();
    }
  });

  test('only the first callback counts', async () => {
    assert.equal(json(await invokeOnce('index.callbackTwice')), 'first');
  });

  test('callback(error) posts the error', async () => {
    const body = errorBody(await invokeOnce('index.callbackError'));
    assert.equal(body.errorType, 'Error');
    assert.equal(body.errorMessage, 'callback failed');
  });

  test('legacy context.succeed / fail / done', async () => {
    assert.deepEqual(json(await invokeOnce('index.succeed')), { legacy: 'succeed' });
    assert.equal(json(await invokeOnce('index.done')), 'done!');
    const failed = errorBody(await invokeOnce('index.fail'));
    assert.equal(failed.errorMessage, 'legacy fail');
    assert.deepEqual(errorBody(await invokeOnce('index.failEmpty')), { errorType: 'string', errorMessage: 'handled', trace: [] });
  });
});

describe('context', () => {
  test('every field, from the environment and the /next headers', async () => {
    const requestId = 'a1b2c3d4-0000-4000-8000-123456789abc';
    const rt = await startRuntime({ fixture: 'cjs', handler: 'index.context' });
    let result: Record<string, unknown>;
    try {
      // The deadline counts from the invoke, not from the runtime's start.
      await rt.server.initDone;
      result = json(
        await rt.invoke({}, {
          requestId,
          invokedFunctionArn: `${ARN}:live`,
          // A deadline far enough out that a loaded machine cannot eat the margin below.
          deadlineMs: Date.now() + 60_000,
          traceId: 'Root=1-65f1e6a3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
          clientContext: '{"client":{"installation_id":"i-1"},"custom":{"k":"v"},"env":{"locale":"en"}}',
          cognitoIdentity: '{"cognitoIdentityId":"us-east-1:id","cognitoIdentityPoolId":"us-east-1:pool"}',
        }),
      ) as Record<string, unknown>;
    } finally {
      await rt.close();
    }
    assert.equal(result['awsRequestId'], requestId);
    assert.equal(result['invokedFunctionArn'], `${ARN}:live`);
    assert.equal(result['functionName'], FUNCTION_ENV.AWS_LAMBDA_FUNCTION_NAME);
    assert.equal(result['functionVersion'], '$LATEST');
    assert.equal(result['memoryLimitInMB'], '128');
    assert.equal(result['logGroupName'], FUNCTION_ENV.AWS_LAMBDA_LOG_GROUP_NAME);
    assert.equal(result['logStreamName'], FUNCTION_ENV.AWS_LAMBDA_LOG_STREAM_NAME);
    assert.deepEqual(result['clientContext'], { client: { installation_id: 'i-1' }, custom: { k: 'v' }, env: { locale: 'en' } });
    assert.deepEqual(result['identity'], { cognitoIdentityId: 'us-east-1:id', cognitoIdentityPoolId: 'us-east-1:pool' });
    assert.equal(result['callbackWaitsForEmptyEventLoop'], true);
    assert.deepEqual(result['legacy'], ['function', 'function', 'function']);
    const remaining = result['remaining'] as number;
    assert.ok(remaining > 30_000 && remaining <= 60_000, `remaining ${remaining}`);
    assert.equal(result['traceId'], 'Root=1-65f1e6a3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1');
    // JSON.stringify(context) shows the RIC's property order.
    assert.deepEqual(result['keys'], [
      'callbackWaitsForEmptyEventLoop',
      'functionVersion',
      'functionName',
      'memoryLimitInMB',
      'logGroupName',
      'logStreamName',
      'clientContext',
      'identity',
      'invokedFunctionArn',
      'awsRequestId',
    ]);
  });

  test('without client context or identity both are undefined', async () => {
    const result = json(await invokeOnce('index.context')) as Record<string, unknown>;
    assert.equal(result['clientContext'], null);
    assert.equal(result['identity'], null);
  });

  test('getRemainingTimeInMillis counts down to the deadline', async () => {
    const rt = await startRuntime({ fixture: 'cjs', handler: 'index.remaining' });
    let result: Record<string, number>;
    try {
      await rt.server.initDone;
      result = json(await rt.invoke({}, { deadlineMs: Date.now() + 60_000 })) as Record<string, number>;
    } finally {
      await rt.close();
    }
    const { first, second } = result;
    assert.ok(first !== undefined && second !== undefined);
    // Read from the deadline (not a default timeout); the 30 s margin is for a loaded machine.
    assert.ok(first <= 60_000 && first > 30_000, `first ${first}`);
    assert.ok(first - second >= 55, `${first} then ${second}`);
  });

  test('the nodejs24.x context has no callback members', async () => {
    const rt = await startRuntime({ fixture: 'cjs', handler: 'index.context', env: { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' } });
    try {
      const result = json(await rt.invoke({})) as Record<string, unknown>;
      assert.deepEqual(result['legacy'], ['undefined', 'undefined', 'undefined']);
      assert.equal(result['callbackWaitsForEmptyEventLoop'], undefined);
      assert.equal(result['memoryLimitInMB'], '128');
    } finally {
      await rt.close();
    }
  });
});

describe('function errors', () => {
  test('a thrown Error: errorType from its name, message, trace lines; no error-type header', async () => {
    const outcome = await invokeOnce('index.throwError');
    const body = errorBody(outcome);
    assert.deepEqual(Object.keys(body), ['errorType', 'errorMessage', 'trace']);
    assert.equal(body.errorType, 'TypeError');
    assert.equal(body.errorMessage, 'bad thing');
    assert.equal(body.trace[0], 'TypeError: bad thing');
    assert.match(body.trace[1] ?? '', /^ {4}at /);
    // The server read the type from the body: the RIC sends no Lambda-Runtime-Function-Error-Type.
    assert.equal(outcome.kind === 'error' ? outcome.errorType : '', 'TypeError');
  });

  test('errorType is the error name: a subclass without its own name reports Error', async () => {
    assert.equal(errorBody(await invokeOnce('index.subclassError')).errorType, 'Error');
    assert.equal(errorBody(await invokeOnce('index.namedError')).errorType, 'CustomError');
  });

  test('a synchronous throw is reported like a rejection', async () => {
    const body = errorBody(await invokeOnce('index.syncThrow'));
    assert.equal(body.errorType, 'RangeError');
    assert.equal(body.errorMessage, 'thrown synchronously');
  });

  test('non-Error throws report their typeof and string', async () => {
    assert.deepEqual(errorBody(await invokeOnce('index.throwString')), { errorType: 'string', errorMessage: 'boom', trace: [] });
    assert.deepEqual(errorBody(await invokeOnce('index.throwObject')), {
      errorType: 'object',
      errorMessage: '[object Object]',
      trace: [],
    });
    assert.deepEqual(errorBody(await invokeOnce('index.rejectUndefined')), {
      errorType: 'string',
      errorMessage: 'handled',
      trace: [],
    });
  });

  test('an unserializable result is an error', async () => {
    const body = errorBody(await invokeOnce('index.unserializable'));
    assert.equal(body.errorType, 'Error');
    assert.equal(body.errorMessage, 'Unable to stringify response body');
  });

  test('errors are logged as Invoke Error with the request id', async () => {
    const rt = await startRuntime({ fixture: 'cjs', handler: 'index.throwError' });
    try {
      const requestId = 'feedface-0000-4000-8000-000000000001';
      await rt.invoke({}, { requestId });
      await rt.waitForOutput(new RegExp(`Z\\t${requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"TypeError","errorMessage":"bad thing","stack":\\["TypeError: bad thing",`));
    } finally {
      await rt.close();
    }
  });

  test('an async handler whose promise never settles fails with Runtime.NodeJsExit once the loop is empty', async () => {
    const body = errorBody(await invokeOnce('index.neverSettles'));
    assert.equal(body.errorType, 'Runtime.NodeJsExit');
    assert.match(body.errorMessage, /^The Lambda runtime client detected an unexpected Node\.js exit code\./);
  });

  test('the runtime keeps serving after a function error', async () => {
    const rt = await startRuntime({ fixture: 'cjs', handler: 'index.throwError' });
    try {
      for (let i = 0; i < 3; i++) assert.equal(errorBody(await rt.invoke({})).errorMessage, 'bad thing');
      assert.equal(rt.child.exitCode, null);
    } finally {
      await rt.close();
    }
  });
});

describe('nodejs24.x (async handlers only)', () => {
  const node24 = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' };

  async function invoke24(handler: string, payload: unknown = {}): Promise<InvocationOutcome> {
    const rt = await startRuntime({ fixture: 'cjs', handler, env: node24 });
    try {
      return await rt.invoke(payload);
    } finally {
      await rt.close();
    }
  }

  test('the result of the returned promise, or a sync return value, is the answer', async () => {
    assert.deepEqual(json(await invoke24('index.echo', { z: 26 })), { z: 26 });
    assert.equal(responseBody(await invoke24('index.syncReturn')), '42');
    assert.equal(responseBody(await invoke24('index.undefinedResult')), 'null');
  });

  test('errors have the same shape', async () => {
    const body = errorBody(await invoke24('index.throwError'));
    assert.equal(body.errorType, 'TypeError');
    assert.equal(body.errorMessage, 'bad thing');
    assert.deepEqual(errorBody(await invoke24('index.throwString')), { errorType: 'string', errorMessage: 'boom', trace: [] });
  });

  test('a promise that never settles still fails with Runtime.NodeJsExit', async () => {
    assert.equal(errorBody(await invoke24('index.neverSettles')).errorType, 'Runtime.NodeJsExit');
  });
});

describe('environment', () => {
  test('the socket variable is not visible to the function; _HANDLER is', async () => {
    assert.deepEqual(json(await invokeOnce('index.environment')), { socketVariable: null, handler: 'index.environment' });
  });
});
