/**
 * The lines an invocation leaves, per log format: Text keeps Lambda's INIT_START/START/END/REPORT lines;
 * JSON writes platform events filtered by SystemLogLevel and the function's lines filtered by
 * ApplicationLogLevel (a line without a valid JSON `level` counts as INFO, as Lambda reads it).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { invocationLogLines } from '../../../src/invoke/telemetry/invocation-log-lines.js';
import type { InvocationLogInput } from '../../../src/invoke/telemetry/invocation-log-lines.js';

const NOW = new Date('2026-12-07T10:00:00.000Z');

function input(logging: InvocationLogInput['logging'], over: Partial<InvocationLogInput> = {}): InvocationLogInput {
  return {
    logging,
    functionName: 'fn',
    version: '$LATEST',
    requestId: 'req-1',
    init: { runtimeVersion: 'nodejs:20.v1', runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:abc', lines: ['init line'] },
    lines: [
      '{"timestamp":"2026-12-07T10:00:00.000Z","level":"DEBUG","message":"dbg"}',
      '{"timestamp":"2026-12-07T10:00:00.000Z","level":"ERROR","message":"bad"}',
      'plain text',
    ],
    status: 'success',
    report: { requestId: 'req-1', version: '$LATEST', durationMs: 12.345, memorySizeMiB: 128, maxMemoryUsedMiB: 40, initDurationMs: 100.5 },
    now: NOW,
    ...over,
  };
}

describe('invocation log lines', () => {
  test('Text: the platform lines around the output, every line kept', () => {
    const lines = invocationLogLines(input({ LogFormat: 'Text', LogGroup: '/aws/lambda/fn' }));
    assert.match(lines[0] ?? '', /^INIT_START Runtime Version: nodejs:20\.v1\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc$/);
    assert.equal(lines[1], 'init line');
    assert.equal(lines[2], 'START RequestId: req-1 Version: $LATEST');
    assert.equal(lines.length, 8);
    assert.equal(lines[6], 'END RequestId: req-1');
    assert.match(lines[7] ?? '', /^REPORT RequestId: req-1\tDuration: 12\.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 100\.50 ms\t$/);
  });

  test('Text: a timeout adds its line before END', () => {
    const lines = invocationLogLines(input({ LogFormat: 'Text', LogGroup: 'g' }, { timedOutAfterSeconds: 3, status: 'timeout' }));
    assert.equal(lines.at(-3), `${NOW.toISOString()} req-1 Task timed out after 3.00 seconds`);
  });

  test('JSON at the default levels: platform INFO events, application INFO and above', () => {
    const lines = invocationLogLines(input({ LogFormat: 'JSON', LogGroup: 'g' }));
    const types = lines.map((l) => (l.startsWith('{"time"') ? (JSON.parse(l) as { type: string }).type : l));
    assert.deepEqual(types, [
      'platform.initStart',
      'init line',
      'platform.start',
      '{"timestamp":"2026-12-07T10:00:00.000Z","level":"ERROR","message":"bad"}',
      'plain text',
      'platform.report',
    ]);
    const report = JSON.parse(lines.at(-1) ?? '') as { time: string; record: Record<string, unknown> };
    assert.equal(report.time, NOW.toISOString());
    assert.deepEqual(report.record, {
      requestId: 'req-1',
      metrics: { durationMs: 12.35, billedDurationMs: 13, memorySizeMB: 128, maxMemoryUsedMB: 40, initDurationMs: 100.5 },
      status: 'success',
    });
    const init = JSON.parse(lines[0] ?? '') as { record: Record<string, unknown> };
    assert.deepEqual(init.record, {
      initializationType: 'on-demand',
      phase: 'init',
      runtimeVersion: 'nodejs:20.v1',
      runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:abc',
      functionName: 'fn',
      functionVersion: '$LATEST',
    });
  });

  test('JSON with SystemLogLevel DEBUG adds runtimeDone; WARN drops every platform event', () => {
    const debug = invocationLogLines(input({ LogFormat: 'JSON', LogGroup: 'g', SystemLogLevel: 'DEBUG', ApplicationLogLevel: 'TRACE' }));
    assert.ok(debug.some((l) => l.includes('"type":"platform.runtimeDone"')));
    assert.ok(debug.some((l) => l.includes('"level":"DEBUG"')));
    const warn = invocationLogLines(input({ LogFormat: 'JSON', LogGroup: 'g', SystemLogLevel: 'WARN', ApplicationLogLevel: 'ERROR' }));
    assert.deepEqual(warn, ['{"timestamp":"2026-12-07T10:00:00.000Z","level":"ERROR","message":"bad"}']);
  });

  test('JSON: a timeout is the report status with its error type', () => {
    const lines = invocationLogLines(input({ LogFormat: 'JSON', LogGroup: 'g' }, { status: 'timeout', timedOutAfterSeconds: 3 }));
    const report = JSON.parse(lines.at(-1) ?? '') as { record: { status: string; errorType?: string } };
    assert.equal(report.record.status, 'timeout');
    assert.equal(report.record.errorType, 'Sandbox.Timedout');
  });
});
