import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { BASE, call, invocation, settleInit, startHarness, stateTransitionBody } from './runtime-api-client.js';
import type { Harness } from './runtime-api-client.js';

const ACCEPTED = '{"status":"OK"}\n';

describe('Runtime API server: errors', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.dispose());

  test('POST …/error passes the body verbatim with the header’s error type', async () => {
    const { next } = await settleInit(h);
    const req = invocation();
    const outcome = h.server.invoke(req);
    await next;
    const body = '{"errorMessage":"boom","errorType":"Error","stackTrace":["at x"]}';
    const reply = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/error`, {
      headers: { 'Lambda-Runtime-Function-Error-Type': 'Function.Boom', 'Content-Type': 'application/json' },
      body,
    });
    assert.equal(reply.status, 202);
    assert.equal(reply.body.toString(), ACCEPTED);
    assert.deepEqual(await outcome, { kind: 'error', body: Buffer.from(body), errorType: 'Function.Boom' });
    assert.equal(h.server.state, 'idle');
  });

  test('without the header (aws-lambda-ric), the error type comes from the body', async () => {
    const { next } = await settleInit(h);
    const req = invocation();
    const outcome = h.server.invoke(req);
    await next;
    const body = '{"errorType":"TypeError","errorMessage":"x is not a function","trace":["TypeError: x"]}';
    const reply = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/error`, {
      headers: { 'Content-Type': 'application/json', 'Lambda-Runtime-Function-XRay-Error-Cause': '{}' },
      body,
    });
    assert.equal(reply.status, 202);
    assert.deepEqual(await outcome, { kind: 'error', body: Buffer.from(body), errorType: 'TypeError' });
  });

  test('a non-JSON error body is kept verbatim with no error type', async () => {
    const { next } = await settleInit(h);
    const req = invocation();
    const outcome = h.server.invoke(req);
    await next;
    await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/error`, { body: 'not json' });
    assert.deepEqual(await outcome, { kind: 'error', body: Buffer.from('not json'), errorType: undefined });
  });

  test('init error during a pending invoke resolves it; the environment stays failed', async () => {
    const req = invocation();
    const outcome = h.server.invoke(req);
    const body = '{"errorType":"Runtime.ImportModuleError","errorMessage":"Cannot find module","stackTrace":[]}';
    const reply = await call(h.socketPath, 'POST', `${BASE}/runtime/init/error`, {
      headers: { 'Lambda-Runtime-Function-Error-Type': 'Runtime.ImportModuleError' },
      body,
    });
    assert.equal(reply.status, 202);
    assert.equal(reply.body.toString(), ACCEPTED);
    const expected = { kind: 'init-error', body: Buffer.from(body), errorType: 'Runtime.ImportModuleError' };
    assert.deepEqual(await outcome, expected);
    assert.equal(h.server.state, 'init-failed');
    await assert.rejects(h.server.initDone, { name: 'RuntimeInitError' });
    assert.deepEqual(await h.server.invoke(invocation()), expected);
    const next = await call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`);
    assert.equal(next.status, 403);
    assert.equal(next.body.toString(), stateTransitionBody('InitError', 'Ready'));
    const twice = await call(h.socketPath, 'POST', `${BASE}/runtime/init/error`, { body: '{}' });
    assert.equal(twice.status, 403);
    assert.equal(twice.body.toString(), stateTransitionBody('InitError', 'InitError'));
  });

  test('init error with no invocation pending fails initDone and answers the next invoke', async () => {
    const reply = await call(h.socketPath, 'POST', `${BASE}/runtime/init/error`, {
      body: '{"errorType":"Runtime.HandlerNotFound"}',
    });
    assert.equal(reply.status, 202);
    await assert.rejects(h.server.initDone, (err: Error & { outcome?: { errorType?: string } }) => {
      assert.equal(err.outcome?.errorType, 'Runtime.HandlerNotFound');
      return true;
    });
    const outcome = await h.server.invoke(invocation());
    assert.equal(outcome.kind, 'init-error');
  });

  test('init error after init is 403 InvalidStateTransition', async () => {
    const { next } = await settleInit(h);
    const waiting = await call(h.socketPath, 'POST', `${BASE}/runtime/init/error`, { body: '{}' });
    assert.equal(waiting.status, 403);
    assert.equal(waiting.headers['content-type'], 'application/json');
    assert.equal(waiting.body.toString(), stateTransitionBody('Ready', 'InitError'));
    const req = invocation();
    h.server.invoke(req).catch(() => undefined);
    await next;
    const running = await call(h.socketPath, 'POST', `${BASE}/runtime/init/error`, { body: '{}' });
    assert.equal(running.status, 403);
    assert.equal(running.body.toString(), stateTransitionBody('Running', 'InitError'));
    assert.equal(h.server.state, 'invoking');
  });

  test('a second /next while an invocation is in flight is 403', async () => {
    const { next } = await settleInit(h);
    h.server.invoke(invocation()).catch(() => undefined);
    await next;
    const again = await call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`);
    assert.equal(again.status, 403);
    assert.equal(again.body.toString(), stateTransitionBody('Running', 'Ready'));
  });

  test('a response for the right id before the runtime fetched it is 403', async () => {
    const req = invocation();
    h.server.invoke(req).catch(() => undefined);
    const path = `${BASE}/runtime/invocation/${req.requestId}`;
    const early = await call(h.socketPath, 'POST', `${path}/response`, { body: '{}' });
    assert.equal(early.status, 403);
    assert.equal(early.body.toString(), stateTransitionBody('Started', 'InvocationResponse'));
    const earlyError = await call(h.socketPath, 'POST', `${path}/error`, { body: '{}' });
    assert.equal(earlyError.status, 403);
    assert.equal(earlyError.body.toString(), stateTransitionBody('Started', 'InvocationErrorResponse'));
    assert.equal(h.server.state, 'invoking');
  });
});
