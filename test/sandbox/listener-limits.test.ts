/**
 * The bounds on an environment's host-side listeners (issue 10, point 1), each listener on its own
 * real Unix socket with small limits: the connection guard's cap shared by every listener of an
 * environment, the head/request timeouts of the HTTP listeners with the Runtime API's pending /next
 * untouched by them, the idle timeout of relayed and tunnelled connections, and the egress proxy's
 * bound on upstream sockets when a client pipelines requests. Timeouts are only ever waited for
 * (a bounded wait for something that must happen); nothing asserts how fast.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionGuard } from '../../src/sandbox/connection-guard.js';
import type { ConnectionLimitExceeded } from '../../src/sandbox/connection-guard.js';
import { listenerLimits } from '../../src/sandbox/listener-limits.js';
import type { ListenerLimits } from '../../src/sandbox/listener-limits.js';
import { listenApiRelay } from '../../src/sandbox/network/api-relay.js';
import { EgressProxy } from '../../src/sandbox/network/egress-proxy.js';
import type { EgressGate } from '../../src/sandbox/network/egress-proxy.js';
import { RuntimeApiClosedError } from '../../src/sandbox/runtime-api/errors.js';
import { BASE, call, invocation, settleInit, startHarness } from './runtime-api/runtime-api-client.js';

/** What must happen is waited for this long at most: far past the small limits, never a speed claim. */
const PATIENCE_MS = 30_000;

interface Raw {
  readonly socket: Socket;
  readonly closed: Promise<void>;
  /** Everything received so far. */
  received(): string;
}

function rawConnect(target: string | number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = typeof target === 'string' ? connect(target) : connect(target, '127.0.0.1');
    let text = '';
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed, received: () => text }));
    socket.once('error', reject);
  });
}

/** True once `raw` closes, false if it is still open after PATIENCE_MS. */
async function closesWithin(raw: Raw, ms = PATIENCE_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([raw.closed.then(() => true), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A loopback echo server that counts its connections and which of them are open. */
async function echoServer(): Promise<{ server: Server; port: number; open: () => number; total: () => number }> {
  const sockets = new Set<Socket>();
  let total = 0;
  const server = createServer((s) => {
    total += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, open: () => sockets.size, total: () => total };
}

const allowLoopback: EgressGate = async () => ({ allowed: true, address: '127.0.0.1', rule: 'test' });

describe('environment listener limits', { timeout: 120_000 }, () => {
  let dir: string;
  let n = 0;
  const socket = (): string => join(dir, `l${n++}.sock`);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lambdabox-limits-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('listenerLimits refuses a non-positive limit and a head timeout past the request timeout', () => {
    assert.equal(listenerLimits(undefined).connectionsPerEnvironment, 128);
    assert.throws(() => listenerLimits({ connectionsPerEnvironment: 0 }), RangeError);
    assert.throws(() => listenerLimits({ idleTimeoutMs: 1.5 }), RangeError);
    assert.throws(() => listenerLimits({ headersTimeoutMs: 2000, requestTimeoutMs: 1000 }), RangeError);
  });

  test('Runtime API: no head, half a head or a trickled body is cut by the head/request timeouts', async () => {
    const h = await startHarness(undefined, { limits: { headersTimeoutMs: 200, requestTimeoutMs: 400 } });
    try {
      const silent = await rawConnect(h.socketPath);
      const half = await rawConnect(h.socketPath);
      half.socket.write(`GET ${BASE}/ping HTTP/1.1\r\nHost: x\r\n`);
      const trickle = await rawConnect(h.socketPath);
      trickle.socket.write(`POST ${BASE}/runtime/init/error HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{`);
      for (const raw of [silent, half, trickle]) assert.equal(await closesWithin(raw), true);
      assert.match(silent.received(), /^HTTP\/1\.1 408 /);
      assert.match(trickle.received(), /^HTTP\/1\.1 408 /);
    } finally {
      await h.dispose();
    }
  });

  test('Runtime API: the pending /next outlives every timeout and still carries the next invocation', async () => {
    const h = await startHarness(undefined, { limits: { headersTimeoutMs: 100, requestTimeoutMs: 200 } });
    try {
      const { next } = await settleInit(h);
      // A silent connection opened at the same time is gone: the timeouts run, and /next is spared.
      const silent = await rawConnect(h.socketPath);
      assert.equal(await closesWithin(silent), true);
      await sleep(1000);
      const req = invocation();
      const outcome = h.server.invoke(req);
      const reply = await next;
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['lambda-runtime-aws-request-id'], req.requestId);
      const posted = await call(h.socketPath, 'POST', `${BASE}/runtime/invocation/${req.requestId}/response`, { body: 'ok' });
      assert.equal(posted.status, 202);
      assert.equal((await outcome).kind, 'response');
    } finally {
      await h.dispose();
    }
  });

  test('Runtime API on its own: the connection one past its cap closes it and fails the invocation in flight', async () => {
    const h = await startHarness(undefined, { limits: { connectionsPerEnvironment: 3 } });
    try {
      const { next } = await settleInit(h);
      const failed = assert.rejects(h.server.invoke(invocation()), (err: Error) => err instanceof RuntimeApiClosedError && /Too many connections/.test(err.message));
      assert.equal((await next).status, 200);
      // The /next connection may still count for a moment (it is closing): flood well past the cap.
      const held: Raw[] = [];
      for (let i = 0; i < 10 && h.server.state !== 'closed'; i++) {
        const raw = await rawConnect(h.socketPath).catch(() => undefined);
        if (raw !== undefined) held.push(raw);
      }
      await failed;
      assert.equal(h.server.state, 'closed');
      for (const raw of held) assert.equal(await closesWithin(raw), true);
    } finally {
      await h.dispose();
    }
  });

  test('one guard counts every listener of an environment; the trip is reported once and every listener stops listening', async () => {
    const tripped: ConnectionLimitExceeded[] = [];
    const guard = new ConnectionGuard({ limit: 3, onExceeded: (e) => tripped.push(e) });
    const limits: ListenerLimits = listenerLimits({});
    const h = await startHarness(undefined, { guard });
    const door = await echoServer();
    const relay = await listenApiRelay({ socketPath: socket(), target: () => ({ host: '127.0.0.1', port: door.port }), guard, limits });
    try {
      const a = await rawConnect(h.socketPath);
      const b = await rawConnect(h.socketPath);
      await until(() => guard.open === 2);
      b.socket.destroy();
      await until(() => guard.open === 1);
      const r1 = await rawConnect(relay.path);
      const r2 = await rawConnect(relay.path);
      await until(() => guard.open === 3);
      assert.deepEqual(tripped, []);
      const over = await rawConnect(h.socketPath);
      assert.equal(await closesWithin(over), true);
      assert.deepEqual(tripped, [{ listener: 'runtime-api', limit: 3 }]);
      assert.equal(guard.tripped, true);
      // Every listener of the environment stopped listening at the trip (node removes a Unix socket it closes).
      for (const path of [relay.path, h.socketPath]) {
        await assert.rejects(rawConnect(path), (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED' || err.code === 'ENOENT');
      }
      assert.equal(tripped.length, 1);
      for (const raw of [a, r1, r2]) raw.socket.destroy();
    } finally {
      await relay.close();
      await h.dispose();
      door.server.close();
    }
  });

  test('API relay: a relayed connection silent for the idle timeout is closed on both sides', async () => {
    const guard = new ConnectionGuard({ limit: 8, onExceeded: () => undefined });
    const door = await echoServer();
    const relay = await listenApiRelay({
      socketPath: socket(),
      target: () => ({ host: '127.0.0.1', port: door.port }),
      guard,
      limits: listenerLimits({ idleTimeoutMs: 300 }),
    });
    try {
      const client = await rawConnect(relay.path);
      client.socket.write('ping');
      await until(() => client.received() === 'ping');
      assert.equal(door.open(), 1);
      assert.equal(await closesWithin(client), true);
      await until(() => door.open() === 0);
    } finally {
      await relay.close();
      door.server.close();
    }
  });

  test('egress proxy: a silent CONNECT tunnel, a silent forward and a client that sends no head are closed', async () => {
    const guard = new ConnectionGuard({ limit: 16, onExceeded: () => undefined });
    const upstream = await echoServer();
    const proxy = new EgressProxy({ gate: allowLoopback, guard, limits: listenerLimits({ idleTimeoutMs: 300, headersTimeoutMs: 300 }) });
    const proxyPath = socket();
    const forwardPath = socket();
    await proxy.listenProxy(proxyPath);
    await proxy.listenForward(forwardPath, '127.0.0.1', upstream.port);
    try {
      const tunnel = await rawConnect(proxyPath);
      tunnel.socket.write(`CONNECT 127.0.0.1:${upstream.port} HTTP/1.1\r\nHost: 127.0.0.1:${upstream.port}\r\n\r\nhello`);
      await until(() => tunnel.received().endsWith('hello'));
      assert.match(tunnel.received(), /^HTTP\/1\.1 200 Connection Established/);
      const forward = await rawConnect(forwardPath);
      forward.socket.write('hi');
      await until(() => forward.received() === 'hi');
      const silent = await rawConnect(proxyPath);
      for (const raw of [tunnel, forward, silent]) assert.equal(await closesWithin(raw), true);
      await until(() => upstream.open() === 0);
      assert.equal(upstream.total(), 2);
    } finally {
      await proxy.close();
      upstream.server.close();
    }
  });

  test('egress proxy: requests pipelined on one connection share at most connectionsPerEnvironment upstream sockets', async () => {
    let active = 0;
    let most = 0;
    const origin = createHttpServer((req, res) => {
      active += 1;
      most = Math.max(most, active);
      setTimeout(() => {
        active -= 1;
        res.end(req.url);
      }, 20);
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const address = origin.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const guard = new ConnectionGuard({ limit: 4, onExceeded: () => undefined });
    const proxy = new EgressProxy({ gate: allowLoopback, guard, limits: listenerLimits({ connectionsPerEnvironment: 4 }) });
    const proxyPath = socket();
    await proxy.listenProxy(proxyPath);
    try {
      const client = await rawConnect(proxyPath);
      const requests = 40;
      let pipelined = '';
      for (let i = 0; i < requests; i++) pipelined += `GET http://127.0.0.1:${address.port}/${i} HTTP/1.1\r\nHost: 127.0.0.1:${address.port}\r\n\r\n`;
      client.socket.write(pipelined);
      await until(() => (client.received().match(/HTTP\/1\.1 200 /g) ?? []).length === requests);
      assert.ok(most <= 4, `${most} upstream requests at once`);
      assert.equal(guard.tripped, false);
      client.socket.destroy();
    } finally {
      await proxy.close();
      origin.close();
    }
  });
});
