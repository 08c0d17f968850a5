import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { endLine, logTail, reportLine, startLine, timeoutLine } from '../../src/invoke/invocation-log.js';
import { logStreamName } from '../../src/invoke/lambda-environment.js';
import { planTrace } from '../../src/invoke/telemetry/invocation-trace.js';
import { exitErrorBody, timedOutBody } from '../../src/invoke/platform-errors.js';
import { runtimeVersionName } from '../../src/invoke/runtime-launches.js';

describe('invocation log lines', () => {
  test('START, END and REPORT are spelled as Lambda spells them', () => {
    assert.equal(startLine('id-1', '$LATEST'), 'START RequestId: id-1 Version: $LATEST');
    assert.equal(endLine('id-1'), 'END RequestId: id-1');
    assert.equal(
      reportLine({ requestId: 'id-1', version: '1', durationMs: 3.012, memorySizeMiB: 128, maxMemoryUsedMiB: 36, initDurationMs: 110.1 }),
      'REPORT RequestId: id-1\tDuration: 3.01 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 36 MB\tInit Duration: 110.10 ms\t',
    );
    assert.doesNotMatch(
      reportLine({ requestId: 'x', version: '1', durationMs: 0.2, memorySizeMiB: 128, maxMemoryUsedMiB: 1, initDurationMs: undefined }),
      /Init Duration/,
    );
    assert.match(timeoutLine('id-1', 1, new Date(0)), /^1970-01-01T00:00:00.000Z id-1 Task timed out after 1.00 seconds$/);
  });

  test('the tail is the base64 of the last 4 KB', () => {
    const lines = ['a'.repeat(3000), 'b'.repeat(3000)];
    const tail = Buffer.from(logTail(lines), 'base64').toString();
    assert.equal(tail.length, 4096);
    assert.ok(tail.endsWith('b\n'));
  });

  test('platform error bodies match AWS', () => {
    assert.deepEqual(JSON.parse(timedOutBody('r', 3)), {
      errorType: 'Sandbox.Timedout',
      errorMessage: 'RequestId: r Error: Task timed out after 3.00 seconds',
    });
    assert.equal(JSON.parse(exitErrorBody('r', 127, null)).errorMessage, 'RequestId: r Error: Runtime exited with error: exit status 127');
    assert.equal(JSON.parse(exitErrorBody('r', null, 'SIGKILL')).errorMessage, 'RequestId: r Error: Runtime exited with error: signal: killed');
    assert.equal(JSON.parse(exitErrorBody('r', 0, null)).errorMessage, 'RequestId: r Error: Runtime exited without providing a reason');
  });

  test('stream names and trace headers have Lambda\'s shapes', () => {
    assert.equal(logStreamName('$LATEST', new Date('2026-11-22T10:00:00Z'), 'f'.repeat(32)), `2026/11/22/[$LATEST]${'f'.repeat(32)}`);
    const now = new Date('2026-11-22T10:00:00Z');
    // PassThrough without a caller's header: a fresh root, not sampled; with one: its root and decision kept.
    assert.match(planTrace('PassThrough', undefined, now).functionHeader, /^Root=1-6b02bd20-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    const given = 'Root=1-6b02bd20-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1';
    assert.equal(planTrace('PassThrough', given, now).functionHeader, given);
    // Active: the same root, the function segment as the parent, sampled; a declined trace stays declined.
    assert.match(planTrace('Active', given, now).functionHeader, /^Root=1-6b02bd20-0123456789abcdef01234567;Parent=(?!53995c3f42cd8ad8)[0-9a-f]{16};Sampled=1$/);
    assert.match(planTrace('Active', given.replace('Sampled=1', 'Sampled=0'), now).functionHeader, /;Sampled=0$/);
    assert.deepEqual(planTrace('Active', given.replace('Sampled=1', 'Sampled=0'), now).documents({ arn: 'a', name: 'n', accountId: '1', region: 'r', version: '1' }, 'req', { requestStart: 0, invocationStart: 0, invocationEnd: 1 }, {}), []);
    // A header without a valid root starts a fresh trace.
    assert.doesNotMatch(planTrace('Active', 'Root=garbage', now).functionHeader, /garbage/);
  });

  test('INIT_START names the runtime version as Lambda does', () => {
    assert.equal(runtimeVersionName('nodejs20.x', 'nodejs', '20.20.2'), 'nodejs:20.v1');
    assert.equal(runtimeVersionName('python3.11', 'python', '3.11.2'), 'python:3.11.v1');
    assert.equal(runtimeVersionName('provided.al2023', 'provided', ''), 'provided:al2023.v1');
  });
});
