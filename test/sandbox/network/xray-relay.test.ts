/**
 * The host side of the daemon relay on a real Unix socket: frames carry datagrams to the sink, a datagram
 * without the daemon's header line is counted, a frame over 64 KB ends the connection, the per-environment
 * rate drops the excess, and connections count against the environment's guard.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { once } from 'node:events';
import { XrayRelay, daemonDocument } from '../../../src/sandbox/network/xray-relay.js';
import { ConnectionGuard } from '../../../src/sandbox/connection-guard.js';
import { listenerLimits } from '../../../src/sandbox/listener-limits.js';

function frame(text: string | Buffer): Buffer {
  const body = typeof text === 'string' ? Buffer.from(text) : text;
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

const HEADER = '{"format":"json","version":1}\n';

async function withRelay(
  options: { rate?: number; burst?: number; limit?: number; now?: () => number; onDropped?: () => void },
  body: (ctx: { relay: XrayRelay; got: string[][]; dial: () => Promise<Socket>; guard: ConnectionGuard; exceeded: string[] }) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lbx-xray-relay-'));
  const socketPath = join(dir, 'xray.sock');
  const got: string[][] = [];
  const exceeded: string[] = [];
  const guard = new ConnectionGuard({ limit: options.limit ?? 8, onExceeded: (e) => exceeded.push(e.listener) });
  const relay = new XrayRelay({
    socketPath,
    sink: (docs) => got.push([...docs]),
    guard,
    limits: listenerLimits(undefined),
    ...(options.rate === undefined ? {} : { ratePerSecond: options.rate }),
    ...(options.burst === undefined ? {} : { burst: options.burst }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.onDropped === undefined ? {} : { onDropped: options.onDropped }),
  });
  await relay.listen();
  const sockets: Socket[] = [];
  try {
    await body({
      relay,
      got,
      guard,
      exceeded,
      dial: async () => {
        const s = connect(socketPath);
        sockets.push(s);
        await once(s, 'connect');
        return s;
      },
    });
  } finally {
    for (const s of sockets) s.destroy();
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond());
};

test('daemonDocument reads the document after the header line only', () => {
  assert.equal(daemonDocument(Buffer.from(`${HEADER}{"id":"x"}`)), '{"id":"x"}');
  assert.equal(daemonDocument(Buffer.from('{"format":"json","version":2}\n{}')), undefined);
  assert.equal(daemonDocument(Buffer.from('{"id":"x"}')), undefined);
  assert.equal(daemonDocument(Buffer.from(`${HEADER}`)), undefined);
});

test('frames split across writes and several in one write all reach the sink; junk is counted', async () => {
  await withRelay({}, async ({ relay, got, dial }) => {
    const s = await dial();
    const two = Buffer.concat([frame(`${HEADER}{"a":1}`), frame('junk'), frame(`${HEADER}{"a":2}`)]);
    s.write(two.subarray(0, 7));
    await new Promise((r) => setTimeout(r, 10));
    s.write(two.subarray(7));
    await until(() => got.length === 2);
    assert.deepEqual(got, [['{"a":1}'], ['{"a":2}']]);
    assert.deepEqual(relay.stats, { forwarded: 2, malformed: 1, dropped: 0 });
  });
});

test('a frame longer than 64 KB ends the connection', async () => {
  await withRelay({}, async ({ got, dial }) => {
    const s = await dial();
    const head = Buffer.alloc(4);
    head.writeUInt32BE(64 * 1024 + 1);
    s.write(head);
    await once(s, 'close');
    assert.deepEqual(got, []);
  });
});

test('datagrams over the rate are dropped and counted', async () => {
  let now = 0;
  let reported = 0;
  await withRelay({ rate: 2, burst: 2, now: () => now, onDropped: () => reported++ }, async ({ relay, got, dial }) => {
    const s = await dial();
    s.write(Buffer.concat(Array.from({ length: 5 }, (_, i) => frame(`${HEADER}{"n":${i}}`))));
    await until(() => relay.stats.dropped === 3);
    now += 1000;
    s.write(frame(`${HEADER}{"n":5}`));
    await until(() => got.length === 3);
    assert.deepEqual(got.flat(), ['{"n":0}', '{"n":1}', '{"n":5}']);
    assert.equal(reported, 1, 'the first drop is reported once, not every one');
  });
});

test('connections count against the environment guard', async () => {
  await withRelay({ limit: 2 }, async ({ dial, guard, exceeded }) => {
    await dial();
    await dial();
    await until(() => guard.open === 2);
    const third = await dial();
    await once(third, 'close');
    assert.deepEqual(exceeded, ['xray-relay']);
  });
});
