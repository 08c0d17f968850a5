/**
 * X-Ray through Invoke (issue 14): the caller's X-Amzn-Trace-Id reaches the function (Runtime API
 * `Lambda-Runtime-Trace-Id` → `_X_AMZN_TRACE_ID`), Active tracing stores Lambda's segments under that
 * root (BatchGetTraces finds them), PassThrough passes the decision on and stores nothing, and an Event
 * invoke's every attempt — the retry too — runs in the same trace.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { BatchGetTracesCommand, XRayClient } from '@aws-sdk/client-xray';
import { startLambdabox, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { deploy, invocationsPath, rawInvoke } from '../invoke-harness.js';
import { formatTraceId } from '../../../src/services/xray/trace-id.js';

const ECHO_TRACE = {
  'index.mjs': `export const handler = async (event) => {
  console.log('TRACE ' + process.env._X_AMZN_TRACE_ID);
  if (event.fail) throw new Error('failing on purpose');
  return { trace: process.env._X_AMZN_TRACE_ID };
};
`,
};

function root(): string {
  return formatTraceId(Date.now() / 1000, Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('hex'));
}

describe('X-Ray through Invoke', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let xray: XRayClient;

  before(async () => {
    fx = await startLambdabox({ overrides: { asyncTiming: { scale: 0.01 } } });
    lambda = fx.lambda();
    xray = new XRayClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    await deploy(fx, lambda, 'traced', ECHO_TRACE, { tracing: 'Active' });
    await deploy(fx, lambda, 'passthrough', ECHO_TRACE);
  });
  after(async () => {
    xray.destroy();
    await fx.close();
  });

  async function segments(traceId: string): Promise<Array<Record<string, unknown>>> {
    await fx.box.traceIngest.flush();
    const out = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    return (out.Traces?.[0]?.Segments ?? []).map((s) => JSON.parse(s.Document ?? '{}') as Record<string, unknown>);
  }

  test('Active: the caller\'s root reaches the function under Lambda\'s function segment, and both segments are stored', async () => {
    const id = root();
    const res = await rawInvoke(fx, invocationsPath('traced'), Buffer.from('{}'), { 'x-amzn-trace-id': `Root=${id};Parent=53995c3f42cd8ad8;Sampled=1` });
    assert.equal(res.status, 200);
    const seen = (JSON.parse(res.body.toString('utf8')) as { trace: string }).trace;
    const parent = /^Root=([^;]+);Parent=([0-9a-f]{16});Sampled=1$/.exec(seen);
    assert.ok(parent, seen);
    assert.equal(parent[1], id);
    const docs = await segments(id);
    const service = docs.find((d) => d['origin'] === 'AWS::Lambda');
    const fn = docs.find((d) => d['origin'] === 'AWS::Lambda::Function');
    assert.ok(service && fn, JSON.stringify(docs));
    assert.equal(service['parent_id'], '53995c3f42cd8ad8');
    assert.equal(fn['parent_id'], service['id']);
    assert.equal(fn['id'], parent[2], 'the function was told its own segment is the parent');
    const subsegments = (fn['subsegments'] as Array<{ name: string }>).map((s) => s.name);
    assert.deepEqual(subsegments.filter((n) => n !== 'Initialization'), ['Invocation', 'Overhead']);
  });

  test('Active without a header: a fresh sampled root, stored', async () => {
    const res = await rawInvoke(fx, invocationsPath('traced'), Buffer.from('{}'));
    const seen = (JSON.parse(res.body.toString('utf8')) as { trace: string }).trace;
    const id = /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24});Parent=[0-9a-f]{16};Sampled=1$/.exec(seen)?.[1];
    assert.ok(id, seen);
    assert.equal((await segments(id)).length, 2);
  });

  test('PassThrough: the caller\'s header as sent, nothing stored', async () => {
    const header = `Root=${root()};Parent=53995c3f42cd8ad8;Sampled=1`;
    const res = await rawInvoke(fx, invocationsPath('passthrough'), Buffer.from('{}'), { 'x-amzn-trace-id': header });
    assert.equal((JSON.parse(res.body.toString('utf8')) as { trace: string }).trace, header);
    assert.deepEqual(await segments(/Root=([^;]+)/.exec(header)?.[1] ?? ''), []);
  });

  test('an Event invoke\'s attempts, the retry too, run in the caller\'s trace', async () => {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'traced', MaximumRetryAttempts: 1 }));
    const id = root();
    const res = await rawInvoke(fx, invocationsPath('traced'), Buffer.from('{"fail":true}'), {
      'x-amz-invocation-type': 'Event',
      'x-amzn-trace-id': `Root=${id};Sampled=1`,
    });
    assert.equal(res.status, 202);
    // Both attempts leave Lambda's function segment under the one root (one per attempt).
    let fnSegments: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 200 && fnSegments.length < 2; i++) {
      fnSegments = (await segments(id)).filter((d) => d['origin'] === 'AWS::Lambda::Function');
      if (fnSegments.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(fnSegments.length, 2, 'the first attempt and its retry');
    for (const s of fnSegments) assert.equal(s['error'], true);
  });
});
