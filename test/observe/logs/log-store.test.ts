import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { LogStore } from '../../../src/observe/logs/log-store.js';
import { LogCapture } from '../../../src/sandbox/log-capture.js';

describe('LogStore and logs tail', () => {
  test('events are stored per group, read back in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lambdabox-logs-'));
    try {
      const store = new LogStore({ path: join(dir, 'logs.db') });
      store.append([
        { accountId: '000000000000', group: '/aws/lambda/f', stream: 's1', timestamp: 1000, message: 'one' },
        { accountId: '000000000000', group: '/aws/lambda/g', stream: 's2', timestamp: 1001, message: 'other' },
        { accountId: '000000000000', group: '/aws/lambda/f', stream: 's1', timestamp: 1002, message: 'two\rlines' },
      ]);
      assert.deepEqual(store.read('000000000000', '/aws/lambda/f').map((e) => e.message), ['one', 'two\rlines']);
      // `lambdabox logs tail` reads the CloudWatch Logs service now (test/services/logs/logs-cli.test.ts).
      store.flush();
      store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('LogCapture', () => {
  test('splits lines across chunks and caps an invocation\'s output with a marker', async () => {
    const capture = new LogCapture(64);
    const stream = new PassThrough();
    capture.attach(stream);
    stream.write('hel');
    stream.write('lo\nwor');
    stream.write('ld\n');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(capture.take(), ['hello', 'world']);
    stream.write(`${'x'.repeat(40)}\n${'y'.repeat(40)}\n${'z'.repeat(10)}\n`);
    await new Promise((r) => setImmediate(r));
    const lines = capture.take();
    assert.equal(lines[0], 'x'.repeat(40));
    assert.match(lines[1] ?? '', /truncated/);
    assert.equal(lines.length, 2);
    stream.write('after\n');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(capture.take(), ['after']);
  });
});
