import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { stat } from 'node:fs/promises';
import { request } from 'node:http';
import { InvocationInFlightError } from '../../../src/sandbox/runtime-api/errors.js';
import {
  BASE,
  call,
  invocation,
  keepAliveAgent,
  settleInit,
  startHarness,
  stateTransitionBody,
} from './runtime-api-client.js';
import type { Harness } from './runtime-api-client.js';

const ACCEPTED = '{"status":"OK"}\n';
const INVALID_ID = '{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}\n';

describe('Runtime API server: routing', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.dispose());

  test('the socket file is world-connectable', async () => {
    const info = await stat(h.socketPath);
    assert.ok(info.isSocket());
    assert.equal(info.mode & 0o777, 0o666);
  });

  test('GET /ping answers pong', async () => {
    const reply = await call(h.socketPath, 'GET', `${BASE}/ping`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.toString(), 'pong');
  });

  test('unknown paths are 404 with Go’s body; known paths with the wrong method are 405', async () => {
    const unknown = [
      '/',
      BASE,
      `${BASE}/runtime/invocation/next/`,
      '/2020-01-01/runtime/invocation/next',
      `${BASE}/runtime/invocation/abc/other`,
    ];
    for (const path of unknown) {
      const reply = await call(h.socketPath, 'GET', path);
      assert.equal(reply.status, 404, path);
      assert.equal(reply.body.toString(), '404 page not found\n');
      assert.equal(reply.headers['content-type'], 'text/plain; charset=utf-8');
    }
    const post = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/next`);
    assert.equal(post.status, 405);
    assert.equal(post.headers['allow'], 'GET');
    const get = await call(h.socketPath, 'GET', `${BASE}/runtime/init/error`);
    assert.equal(get.status, 405);
    assert.equal(get.headers['allow'], 'POST');
  });
});

describe('Runtime API server: invocation cycle', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.dispose());

  test('state moves initializing → idle → invoking → idle, and initDone reports the init time', async () => {
    assert.equal(h.server.state, 'initializing');
    const { next } = await settleInit(h);
    const initMs = await h.server.initDone;
    assert.ok(initMs >= 0 && initMs < 10_000, String(initMs));
    assert.equal(h.server.state, 'idle');
    const req = invocation();
    const outcome = h.server.invoke(req);
    assert.equal(h.server.state, 'invoking');
    const event = await next;
    assert.equal(event.status, 200);
    const posted = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/response`, {
      headers: { 'Content-Type': 'application/json' },
      body: '"done"',
    });
    assert.equal(posted.status, 202);
    assert.equal(posted.headers['content-type'], 'application/json');
    assert.equal(posted.body.toString(), ACCEPTED);
    const expected = { kind: 'response', body: Buffer.from('"done"'), contentType: 'application/json' };
    assert.deepEqual(await outcome, expected);
    assert.equal(h.server.state, 'idle');
  });

  test('/next carries the event and every Lambda-Runtime header', async () => {
    const { next } = await settleInit(h);
    const req = invocation({
      payload: Buffer.from('{"a":[1,2,3]}'),
      clientContext: '{"custom":{"k":"v"},"env":{},"client":{}}',
      cognitoIdentity: '{"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"}',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn:live',
    });
    h.server.invoke(req).catch(() => undefined);
    const event = await next;
    assert.equal(event.status, 200);
    assert.equal(event.body.toString(), '{"a":[1,2,3]}');
    assert.equal(event.headers['content-type'], 'application/json');
    assert.equal(event.headers['content-length'], String(req.payload.length));
    assert.equal(event.headers['lambda-runtime-aws-request-id'], req.requestId);
    assert.equal(event.headers['lambda-runtime-deadline-ms'], String(req.deadlineMs));
    assert.equal(event.headers['lambda-runtime-invoked-function-arn'], req.invokedFunctionArn);
    assert.equal(event.headers['lambda-runtime-trace-id'], req.traceId);
    assert.equal(event.headers['lambda-runtime-client-context'], req.clientContext);
    assert.equal(event.headers['lambda-runtime-cognito-identity'], req.cognitoIdentity);
  });

  test('client context and Cognito identity are left out when empty; non-ASCII context travels as UTF-8', async () => {
    const { next } = await settleInit(h);
    const first = invocation({ clientContext: '', cognitoIdentity: '' });
    const outcome = h.server.invoke(first);
    const event = await next;
    assert.equal(event.headers['lambda-runtime-client-context'], undefined);
    assert.equal(event.headers['lambda-runtime-cognito-identity'], undefined);
    await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${first.requestId}/response`, { body: 'null' });
    assert.deepEqual(await outcome, { kind: 'response', body: Buffer.from('null'), contentType: undefined });

    const context = '{"custom":{"name":"Zoë ☃"}}';
    const second = invocation({ clientContext: context });
    h.server.invoke(second).catch(() => undefined);
    const again = await call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`);
    const raw = again.headers['lambda-runtime-client-context'];
    assert.equal(typeof raw, 'string');
    assert.equal(Buffer.from(String(raw), 'latin1').toString('utf8'), context);
  });

  test('an invoke queued during init is answered by the first /next', async () => {
    const req = invocation();
    const outcome = h.server.invoke(req);
    assert.equal(h.server.state, 'invoking');
    const event = await call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`);
    assert.equal(event.headers['lambda-runtime-aws-request-id'], req.requestId);
    assert.ok((await h.server.initDone) >= 0);
    await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/response`, { body: '1' });
    assert.equal((await outcome).kind, 'response');
  });

  test('a second /next while one is already waiting is 403', async () => {
    const { next: first } = await settleInit(h);
    first.catch(() => undefined);
    const blocked = await call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`);
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.toString(), stateTransitionBody('Ready', 'Ready'));
  });

  test('an abandoned /next is dropped and the invocation goes to the following one', async () => {
    const abandoned = request({ socketPath: h.socketPath, path: `${BASE}/runtime/invocation/next`, agent: false });
    abandoned.on('error', () => undefined);
    abandoned.end();
    await h.server.initDone;
    // No pause: the invoke may come before the server has seen the close and go to the dead socket; it
    // must still reach the runtime's next /next (a pause here only hid that race on an idle machine).
    abandoned.destroy();
    const req = invocation();
    const outcome = h.server.invoke(req);
    const event = await call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`);
    assert.equal(event.headers['lambda-runtime-aws-request-id'], req.requestId);
    await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/response`, { body: '2' });
    assert.deepEqual(await outcome, { kind: 'response', body: Buffer.from('2'), contentType: undefined });
  });

  test('wrong, malformed and already-answered request ids are 400 InvalidRequestID', async () => {
    const { next } = await settleInit(h);
    const req = invocation();
    const outcome = h.server.invoke(req);
    await next;
    for (const id of ['not-the-id', '%zz', '']) {
      for (const action of ['response', 'error']) {
        const reply = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${id}/${action}`, { body: '{}' });
        assert.equal(reply.status, 400, `${id}/${action}`);
        assert.equal(reply.headers['content-type'], 'application/json');
        assert.equal(reply.body.toString(), INVALID_ID);
      }
    }
    assert.equal(h.server.state, 'invoking');
    const ok = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/response`, {
      body: '{}',
    });
    assert.equal(ok.status, 202);
    await outcome;
    const path = `${BASE}/runtime/invocation/${req.requestId}`;
    const again = await call(h.socketPath, 'POST', `${path}/response`, { body: '{}' });
    assert.equal(again.status, 400);
    assert.equal(again.body.toString(), INVALID_ID);
    const error = await call(h.socketPath, 'POST', `${path}/error`, { body: '{}' });
    assert.equal(error.status, 400);
  });

  test('the request id in the path is URI-decoded', async () => {
    const { next } = await settleInit(h);
    const req = invocation({ requestId: 'id with/slash+plus' });
    const outcome = h.server.invoke(req);
    await next;
    const path = `${BASE}/runtime/invocation/${encodeURIComponent(req.requestId)}/response`;
    const reply = await call(h.socketPath, 'POST', path, { body: '{}' });
    assert.equal(reply.status, 202);
    assert.equal((await outcome).kind, 'response');
  });

  test('invoke() while an invocation is in flight throws', async () => {
    await settleInit(h);
    const first = invocation();
    h.server.invoke(first).catch(() => undefined);
    assert.throws(() => h.server.invoke(invocation()), InvocationInFlightError);
  });

  test('keep-alive: one connection serves many /next → /response cycles', async () => {
    const agent = keepAliveAgent();
    try {
      const sockets = new Set<unknown>();
      let { next } = await settleInit(h, agent);
      for (let i = 0; i < 5; i += 1) {
        const req = invocation();
        const outcome = h.server.invoke(req);
        const event = await next;
        sockets.add(event.socket);
        const posted = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/response`, {
          agent,
          body: String(i),
        });
        sockets.add(posted.socket);
        assert.equal(posted.reusedSocket, true);
        assert.deepEqual(await outcome, { kind: 'response', body: Buffer.from(String(i)), contentType: undefined });
        next = call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`, { agent });
      }
      assert.equal(sockets.size, 1);
      void next.catch(() => undefined);
    } finally {
      agent.destroy();
    }
  });

  test('an unsupported response mode is 400 InvalidFunctionResponseMode and fails the invocation', async () => {
    const { next } = await settleInit(h);
    const req = invocation();
    const outcome = h.server.invoke(req);
    await next;
    const reply = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/response`, {
      headers: { 'Lambda-Runtime-Function-Response-Mode': 'streaming' },
      body: 'x',
    });
    assert.equal(reply.status, 400);
    assert.equal(
      reply.body.toString(),
      '{"errorMessage":"Invalid function response mode","errorType":"InvalidFunctionResponseMode"}\n',
    );
    const expected = { kind: 'error', body: Buffer.alloc(0), errorType: 'Runtime.InvalidResponseModeHeader' };
    assert.deepEqual(await outcome, expected);
    assert.equal(h.server.state, 'idle');
  });
});
