/** X-Amzn-Trace-Id parsing and formatting, and the Lambda segment builder, as pure functions of their inputs. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTraceHeader, parseTraceHeader, traceContext } from '../../../src/services/xray/trace-header.js';
import type { RandomBytes } from '../../../src/services/xray/trace-header.js';
import { buildLambdaTrace } from '../../../src/services/xray/lambda-segments.js';
import type { LambdaTraceInput } from '../../../src/services/xray/lambda-segments.js';
import { checkSegmentDocument } from '../../../src/services/xray/segment-document.js';

/** Deterministic bytes: 0x01, 0x02, … */
function counter(): RandomBytes {
  let next = 0;
  return (n) => Buffer.from(Array.from({ length: n }, () => ++next % 256));
}

// A root of the builder tests' own instant, so the documents it yields are inside the trace id window.
const ROOT = `1-${Math.floor(Date.parse('2026-12-07T12:00:00Z') / 1000).toString(16)}-bd862e3fe1be46a994272793`;

describe('parseTraceHeader / formatTraceHeader', () => {
  test('reads Root, Parent, Sampled and Lineage, keeps other fields in order, and formats them back', () => {
    const text = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1|68fd508a:5;Self=1-67891233-abcdef012345678912345678;Custom=x`;
    const h = parseTraceHeader(text);
    assert.deepEqual(h, {
      root: ROOT,
      parent: '53995c3f42cd8ad8',
      sampled: '1',
      lineage: 'a87bd80c:1|68fd508a:5',
      extra: [
        ['Self', '1-67891233-abcdef012345678912345678'],
        ['Custom', 'x'],
      ],
    });
    assert.equal(h && formatTraceHeader(h), text);
  });

  test('keys are case-insensitive and spaces around fields are ignored', () => {
    assert.deepEqual(parseTraceHeader(` root=${ROOT} ; sampled=0 `), { root: ROOT, sampled: '0', extra: [] });
  });

  test('no valid Root is no context; a bad Parent or Sampled is dropped', () => {
    for (const bad of [undefined, '', 'Parent=53995c3f42cd8ad8', 'Root=1-xyz', `Root=2-5759e988-bd862e3fe1be46a994272793`, `Root=${ROOT};${'x'.repeat(3000)}`]) {
      assert.equal(parseTraceHeader(bad), undefined, String(bad));
    }
    assert.deepEqual(parseTraceHeader(`Root=${ROOT};Parent=nothex;Sampled=yes`), { root: ROOT, extra: [] });
  });

  test('traceContext starts a fresh root for an invalid header, with the time of now', () => {
    const now = new Date(Date.UTC(2026, 0, 1));
    const ctx = traceContext('garbage', now, counter());
    assert.match(ctx.root, /^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.equal(ctx.root.slice(2, 10), Math.floor(now.getTime() / 1000).toString(16));
    assert.equal(ctx.parent, undefined);
  });
});

describe('buildLambdaTrace', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const t0 = now.getTime();
  const base = (over: Partial<LambdaTraceInput> = {}): LambdaTraceInput => ({
    header: `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1`,
    fn: { arn: 'arn:aws:lambda:us-east-1:111111111111:function:fn:3', name: 'fn', accountId: '111111111111', region: 'us-east-1', version: '3' },
    requestId: 'req-1',
    timings: { requestStart: t0, init: { start: t0 + 1, end: t0 + 101 }, invocationStart: t0 + 102, invocationEnd: t0 + 152, overheadEnd: t0 + 155, requestEnd: t0 + 156 },
    outcome: {},
    now,
    random: counter(),
    ...over,
  });

  test('a cold start: the service segment under the caller, the function segment under it with Initialization, Invocation, Overhead', () => {
    const trace = buildLambdaTrace(base());
    assert.equal(trace.sampled, true);
    assert.equal(trace.traceId, ROOT);
    const [service, fn] = trace.documents.map((d) => JSON.parse(d) as Record<string, unknown>);
    assert.equal(service?.['origin'], 'AWS::Lambda');
    assert.equal(service?.['parent_id'], '53995c3f42cd8ad8');
    assert.equal(service?.['start_time'], t0 / 1000);
    assert.equal(service?.['end_time'], (t0 + 156) / 1000);
    assert.deepEqual(service?.['aws'], { request_id: 'req-1' });
    assert.equal(fn?.['origin'], 'AWS::Lambda::Function');
    assert.equal(fn?.['parent_id'], service?.['id']);
    assert.equal(fn?.['start_time'], (t0 + 1) / 1000);
    const subs = fn?.['subsegments'] as Record<string, unknown>[];
    assert.deepEqual(subs.map((s) => s['name']), ['Initialization', 'Invocation', 'Overhead']);
    assert.deepEqual(subs.map((s) => [s['start_time'], s['end_time']]), [
      [(t0 + 1) / 1000, (t0 + 101) / 1000],
      [(t0 + 102) / 1000, (t0 + 152) / 1000],
      [(t0 + 152) / 1000, (t0 + 155) / 1000],
    ]);
    assert.equal(trace.functionHeader, `Root=${ROOT};Parent=${String(fn?.['id'])};Sampled=1;Lineage=a87bd80c:1`);
    assert.equal(trace.functionSegmentId, fn?.['id']);
    // Both are documents PutTraceSegments accepts.
    for (const d of trace.documents) assert.equal(checkSegmentDocument(d, t0 / 1000).ok, true);
  });

  test('a warm start has no Initialization; the same inputs give the same output', () => {
    const { init: _init, ...warm } = base().timings;
    const a = buildLambdaTrace(base({ timings: warm }));
    const b = buildLambdaTrace(base({ timings: warm }));
    assert.deepEqual(a, b);
    const fn = JSON.parse(a.documents[1] ?? '{}') as { subsegments: { name: string }[]; start_time: number };
    assert.deepEqual(fn.subsegments.map((s) => s.name), ['Invocation', 'Overhead']);
    assert.equal(fn.start_time, (t0 + 102) / 1000);
  });

  test('a function error marks the function segment and Invocation; a fault marks the service segment too', () => {
    const err = buildLambdaTrace(base({ outcome: { error: true, errorType: 'TypeError', errorMessage: 'boom' } }));
    const [service, fn] = err.documents.map((d) => JSON.parse(d) as Record<string, unknown>);
    assert.equal(service?.['error'], undefined);
    assert.equal(fn?.['error'], true);
    const invocation = (fn?.['subsegments'] as Record<string, unknown>[])[1];
    assert.equal(invocation?.['error'], true);
    assert.deepEqual((invocation?.['cause'] as { exceptions: unknown[] }).exceptions.map((e) => ({ ...(e as object), id: 'x' })), [{ id: 'x', message: 'boom', type: 'TypeError' }]);
    const fault = buildLambdaTrace(base({ outcome: { fault: true } }));
    assert.equal((JSON.parse(fault.documents[0] ?? '{}') as { fault?: boolean }).fault, true);
    assert.equal((JSON.parse(fault.documents[1] ?? '{}') as { fault?: boolean }).fault, true);
  });

  test('no header: a fresh root, no parent; Sampled=0: no segments and the function is told', () => {
    const fresh = buildLambdaTrace(base({ header: undefined }));
    const service = JSON.parse(fresh.documents[0] ?? '{}') as Record<string, unknown>;
    assert.equal(service['parent_id'], undefined);
    assert.equal(fresh.traceId.slice(2, 10), Math.floor(t0 / 1000).toString(16));
    assert.match(fresh.functionHeader, new RegExp(`^Root=${fresh.traceId};Parent=[0-9a-f]{16};Sampled=1$`));
    const unsampled = buildLambdaTrace(base({ header: `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=0` }));
    assert.equal(unsampled.sampled, false);
    assert.deepEqual(unsampled.documents, []);
    assert.equal(unsampled.functionHeader, `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=0`);
  });
});
