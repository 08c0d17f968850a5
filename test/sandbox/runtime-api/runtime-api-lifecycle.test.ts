import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { access, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Agent, IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { RuntimeApiClosedError } from '../../../src/sandbox/runtime-api/errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, RuntimeApiServer } from '../../../src/sandbox/runtime-api/runtime-api-server.js';
import { BASE, call, invocation, keepAliveAgent, settleInit, startHarness } from './runtime-api-client.js';
import type { Harness } from './runtime-api-client.js';

const TOO_LARGE =
  '{"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}\n';

interface StreamResult {
  readonly status: number;
  readonly body: string;
  /** Bytes the client had handed to the socket when the answer arrived. */
  readonly writtenAtResponse: number;
  readonly socket: unknown;
}

/** Posts up to `total` bytes chunked, honouring backpressure, and stops as soon as the server answers. */
function streamBody(socketPath: string, path: string, total: number, agent: Agent): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let written = 0;
    let answered: IncomingMessage | undefined;
    const req = request({ socketPath, path, method: 'POST', agent }, (res) => {
      answered = res;
      const writtenAtResponse = written;
      // Stop sending: a pending 'drain' never comes once the answer is in.
      req.end();
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        const body = Buffer.concat(parts).toString();
        resolve({ status: res.statusCode ?? 0, body, writtenAtResponse, socket: req.socket });
      });
    });
    req.on('error', reject);
    const pump = (): void => {
      while (answered === undefined && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('Runtime API server: response size limit', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.dispose());

  test('a response past 6 MB is 413 as soon as the limit is crossed, and the connection stays usable', async () => {
    const agent = keepAliveAgent();
    try {
      const { next } = await settleInit(h, agent);
      const req = invocation();
      const outcome = h.server.invoke(req);
      await next;
      const total = 256 * 1024 * 1024;
      const path = `${BASE}/runtime/invocation/${req.requestId}/response`;
      const result = await streamBody(h.socketPath, path, total, agent);
      assert.equal(result.status, 413);
      assert.equal(result.body, TOO_LARGE);
      assert.deepEqual(await outcome, { kind: 'response-too-large' });
      // The answer came long before the client could have sent everything: nothing waited for the whole body.
      assert.ok(result.writtenAtResponse < 64 * 1024 * 1024, `client had written ${result.writtenAtResponse} bytes`);
      assert.equal(h.server.state, 'idle');

      const again = invocation();
      const second = h.server.invoke(again);
      const event = await call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`, { agent });
      // The agent hands a queued request the freed socket without marking it reusedSocket; compare identity.
      assert.equal(event.socket, result.socket);
      assert.equal(event.headers['lambda-runtime-aws-request-id'], again.requestId);
      await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${again.requestId}/response`, { agent, body: '1' });
      assert.equal((await second).kind, 'response');
    } finally {
      agent.destroy();
    }
  });

  test('a declared Content-Length past the limit is refused without reading the body', async () => {
    const { next } = await settleInit(h);
    const req = invocation();
    const outcome = h.server.invoke(req);
    await next;
    const body = Buffer.alloc(DEFAULT_MAX_RESPONSE_BYTES + 1, 0x62);
    const reply = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/response`, { body });
    assert.equal(reply.status, 413);
    assert.equal(reply.body.toString(), TOO_LARGE);
    assert.deepEqual(await outcome, { kind: 'response-too-large' });
  });

  test('exactly the limit is accepted', async () => {
    const { next } = await settleInit(h);
    const req = invocation();
    const outcome = h.server.invoke(req);
    await next;
    const body = Buffer.alloc(DEFAULT_MAX_RESPONSE_BYTES, 0x63);
    const reply = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/response`, { body });
    assert.equal(reply.status, 202);
    const result = await outcome;
    assert.equal(result.kind, 'response');
    assert.ok(result.kind === 'response' && result.body.equals(body));
  });

  test('the limit and its message follow maxResponseBytes; error bodies are bounded too', async () => {
    const small = await startHarness(10);
    try {
      const { next } = await settleInit(small);
      const req = invocation();
      const outcome = small.server.invoke(req);
      await next;
      const reply = await call(small.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/error`, {
        body: '{"errorType":"TooLong"}',
      });
      assert.equal(reply.status, 413);
      assert.equal(
        reply.body.toString(),
        '{"errorMessage":"Exceeded maximum allowed payload size (10 bytes).","errorType":"RequestEntityTooLarge"}\n',
      );
      assert.deepEqual(await outcome, { kind: 'response-too-large' });
    } finally {
      await small.dispose();
    }
  });
});

describe('Runtime API server: interrupted posts', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.dispose());

  test('a response cut off mid-body leaves the invocation in flight, and a retry completes it', async () => {
    const { next } = await settleInit(h);
    const req = invocation();
    const outcome = h.server.invoke(req);
    await next;
    const cut = connect(h.socketPath);
    await new Promise((resolve) => cut.once('connect', resolve));
    const path = `${BASE}/runtime/invocation/${req.requestId}/response`;
    cut.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"par`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    cut.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(h.server.state, 'invoking');
    const retry = await call(h.socketPath, 'POST', path, { body: '"whole"' });
    assert.equal(retry.status, 202);
    assert.deepEqual(await outcome, { kind: 'response', body: Buffer.from('"whole"'), contentType: undefined });
  });
});

describe('Runtime API server: close and destroy', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.dispose());

  test('close() rejects the in-flight invoke and removes the socket file', async () => {
    const { next } = await settleInit(h);
    const outcome = h.server.invoke(invocation());
    await next;
    const rejected = assert.rejects(outcome, RuntimeApiClosedError);
    await h.server.close();
    await rejected;
    await assert.rejects(access(h.socketPath), { code: 'ENOENT' });
    assert.equal(h.server.state, 'closed');
    await assert.rejects(h.server.invoke(invocation()), RuntimeApiClosedError);
  });

  test('close() drops a waiting /next', async () => {
    const { next } = await settleInit(h);
    const dropped = assert.rejects(next, { code: 'ECONNRESET' });
    await h.server.close();
    await dropped;
  });

  test('close() before init rejects initDone and a queued invoke', async () => {
    const rejected = assert.rejects(h.server.invoke(invocation()), RuntimeApiClosedError);
    await h.server.close();
    await assert.rejects(h.server.initDone, RuntimeApiClosedError);
    await rejected;
  });

  test('destroy(err) fails the in-flight invocation with that error and closes', async () => {
    const { next } = await settleInit(h);
    const outcome = h.server.invoke(invocation());
    await next;
    const exited = new Error('Runtime exited with error: signal: killed');
    h.server.destroy(exited);
    await assert.rejects(outcome, (err) => err === exited);
    assert.equal(h.server.state, 'closed');
    await h.server.close();
    await assert.rejects(access(h.socketPath), { code: 'ENOENT' });
  });

  test('destroy(err) during init rejects initDone with that error', async () => {
    const died = new Error('Runtime exited with error: exit status 1');
    h.server.destroy(died);
    await assert.rejects(h.server.initDone, (err) => err === died);
  });

  test('start() replaces a stale socket left by a crashed server', async () => {
    const path = join(h.dir, 'stale.sock');
    // A process that exits without closing its listener leaves the socket file behind, as a crash does.
    const crashed = spawnSync(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(path)}, () => process.exit(0))`,
    ]);
    assert.equal(crashed.status, 0);
    assert.ok((await stat(path)).isSocket());
    const server = new RuntimeApiServer({ socketPath: path });
    await server.start();
    try {
      const reply = await call(path, 'GET', `${BASE}/ping`);
      assert.equal(reply.status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('Runtime API server: warm round trip', () => {
  test('invoke → /next → /response on one keep-alive connection (measured, not asserted)', async () => {
    const h = await startHarness();
    const agent = keepAliveAgent();
    let running = true;
    const runtime = (async () => {
      while (running) {
        const event = await call(h.socketPath, 'GET', `${BASE}/runtime/invocation/next`, { agent });
        const id = String(event.headers['lambda-runtime-aws-request-id']);
        await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${id}/response`, {
          agent,
          headers: { 'Content-Type': 'application/json' },
          body: '{"statusCode":200}',
        });
      }
    })().catch(() => undefined);
    try {
      await h.server.initDone;
      const samples: number[] = [];
      const iterations = 1000;
      for (let i = 0; i < iterations + 100; i += 1) {
        const started = process.hrtime.bigint();
        const outcome = await h.server.invoke(invocation());
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        assert.equal(outcome.kind, 'response');
        if (i >= 100) samples.push(elapsed);
      }
      samples.sort((a, b) => a - b);
      const at = (q: number): string => (samples[Math.floor(q * (samples.length - 1))] ?? NaN).toFixed(3);
      const figures = `p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms`;
      console.log(`runtime API round trip over ${iterations} warm invokes: ${figures}`);
    } finally {
      running = false;
      await h.dispose();
      agent.destroy();
      await runtime;
    }
  });
});
