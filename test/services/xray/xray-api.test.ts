/**
 * The X-Ray API through the real v3 SDK: PutTraceSegments (good and bad documents), BatchGetTraces,
 * GetTraceSummaries with filter expressions, GetServiceGraph and GetTraceGraph, and bad input answered with
 * AWS's error types while nothing is stored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetGroupsCommand,
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceGraphCommand,
  GetTraceSummariesCommand,
  PutTraceSegmentsCommand,
  XRayClient,
} from '@aws-sdk/client-xray';
import { startLambdabox, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { hex, newTraceId, segment } from './xray-fixtures.js';
import { randomBytes } from 'node:crypto';
import { buildLambdaTrace } from '../../../src/services/xray/lambda-segments.js';
import { parseTraceHeader } from '../../../src/services/xray/trace-header.js';

let fx: LambdaboxFixture;
let xray: XRayClient;

before(async () => {
  fx = await startLambdabox({ overrides: { sandbox: false } });
  xray = new XRayClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
});
after(async () => {
  xray.destroy();
  await fx.close();
});

async function rejects(p: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

const window = (): { StartTime: Date; EndTime: Date } => ({ StartTime: new Date(Date.now() - 600_000), EndTime: new Date(Date.now() + 600_000) });

describe('PutTraceSegments and BatchGetTraces', () => {
  test('stores good documents, returns bad ones with their ErrorCode, and BatchGetTraces reads them back', async () => {
    const traceId = newTraceId();
    const good = segment(traceId, { http: { response: { status: 200 } } });
    const missingName = { ...segment(traceId), name: undefined };
    const badTrace = segment('1-xyz');
    const out = await xray.send(
      new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(good), JSON.stringify(missingName), JSON.stringify(badTrace), 'not json'] }),
    );
    assert.deepEqual(out.UnprocessedTraceSegments, [
      { Id: missingName.id, ErrorCode: 'MissingName', Message: 'Invalid segment. ErrorCode: MissingName' },
      { Id: badTrace.id, ErrorCode: 'InvalidTraceId', Message: 'Invalid segment. ErrorCode: InvalidTraceId' },
      { ErrorCode: 'ParseError', Message: 'Invalid segment. ErrorCode: ParseError' },
    ]);
    const unknown = newTraceId();
    const got = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId, unknown] }));
    assert.equal(got.Traces?.length, 1);
    const trace = got.Traces?.[0];
    assert.equal(trace?.Id, traceId);
    assert.equal(trace?.Duration, 0.5);
    assert.deepEqual(trace?.Segments?.map((s) => s.Id), [good.id]);
    assert.deepEqual(JSON.parse(trace?.Segments?.[0]?.Document ?? '{}'), good);
    assert.deepEqual(got.UnprocessedTraceIds, [unknown]);
  });

  test('a complete segment replaces its in-progress one', async () => {
    const traceId = newTraceId();
    const s = segment(traceId);
    const { end_time: _end, ...open } = s;
    await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify({ ...open, in_progress: true })] }));
    let got = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    assert.equal(JSON.parse(got.Traces?.[0]?.Segments?.[0]?.Document ?? '{}').in_progress, true);
    await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(s)] }));
    got = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    assert.equal(got.Traces?.[0]?.Segments?.length, 1);
    assert.deepEqual(JSON.parse(got.Traces?.[0]?.Segments?.[0]?.Document ?? '{}'), s);
  });

  test('subsegments sent on their own are placed under their parent, link by link; an orphan stays apart', async () => {
    const traceId = newTraceId();
    const fn = segment(traceId, { name: 'fn', subsegments: [{ id: hex(16), name: 'Invocation', start_time: 1, end_time: 2 }] });
    const invocation = (fn['subsegments'] as { id: string }[])[0]?.id ?? '';
    const sdk = { ...segment(traceId, { name: 'DynamoDB', namespace: 'aws' }), type: 'subsegment', parent_id: invocation };
    const nested = { ...segment(traceId, { name: 'inner' }), type: 'subsegment', parent_id: sdk.id };
    const orphan = { ...segment(traceId, { name: 'lost' }), type: 'subsegment', parent_id: hex(16) };
    await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [nested, sdk, orphan, fn].map((d) => JSON.stringify(d)) }));
    const got = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    const segments = got.Traces?.[0]?.Segments ?? [];
    assert.deepEqual(segments.map((s) => s.Id), [fn.id, orphan.id]);
    const doc = JSON.parse(segments[0]?.Document ?? '{}') as { subsegments: { id: string; subsegments?: { id: string; subsegments?: { id: string }[] }[] }[] };
    const placed = doc.subsegments[0]?.subsegments?.[0];
    assert.equal(placed?.id, sdk.id);
    assert.equal((placed as Record<string, unknown> | undefined)?.['parent_id'], undefined);
    assert.deepEqual(placed?.subsegments?.map((s) => s.id), [nested.id]);
    assert.deepEqual(JSON.parse(segments[1]?.Document ?? '{}'), orphan);
  });

  test('a document over 64 KB is unprocessed; more than 5 trace ids is InvalidRequestException', async () => {
    const traceId = newTraceId();
    const big = segment(traceId, { metadata: { default: { blob: 'x'.repeat(64 * 1024) } } });
    const out = await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(big)] }));
    assert.equal(out.UnprocessedTraceSegments?.[0]?.ErrorCode, 'SegmentTooLarge');
    const ids = Array.from({ length: 6 }, () => newTraceId());
    await rejects(xray.send(new BatchGetTracesCommand({ TraceIds: ids })), 'InvalidRequestException', 400, /at most 5/);
    const none = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    assert.deepEqual(none.Traces, []);
    assert.deepEqual(none.UnprocessedTraceIds, [traceId]);
  });
});

describe('GetTraceSummaries', () => {
  const web = newTraceId();
  const failing = newTraceId();
  // Every time here is relative to one instant, so no delay between writing and querying changes what matches.
  const base = Date.now() / 1000;
  before(async () => {
    const root = segment(web, {
      start_time: base - 1,
      end_time: base - 0.5, name: 'shop', annotations: { customer: 'alice', tier: 2 }, http: { request: { url: 'http://shop/x', method: 'GET' }, response: { status: 200 } } });
    const slow = segment(failing, {
      name: 'checkout',
      fault: true,
      start_time: base - 100,
      end_time: base - 95,
      http: { response: { status: 500 } },
      subsegments: [{ id: hex(16), name: 'DynamoDB', namespace: 'aws', start_time: base - 99, end_time: base - 98, error: true }],
    });
    await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(root), JSON.stringify(slow)] }));
  });

  const ids = async (FilterExpression?: string): Promise<string[]> => {
    const out = await xray.send(new GetTraceSummariesCommand({ ...window(), ...(FilterExpression === undefined ? {} : { FilterExpression }) }));
    return (out.TraceSummaries ?? []).map((t) => t.Id ?? '').filter((id) => id === web || id === failing).sort();
  };

  test('filters by service, status, flags, response time and annotations, combined with and/or', async () => {
    assert.deepEqual(await ids(), [web, failing].sort());
    assert.deepEqual(await ids('service("shop")'), [web]);
    assert.deepEqual(await ids('http.status = 500'), [failing]);
    assert.deepEqual(await ids('fault'), [failing]);
    assert.deepEqual(await ids('error'), [failing]);
    assert.deepEqual(await ids('responsetime > 2'), [failing]);
    assert.deepEqual(await ids('responsetime <= 2 and service()'), [web]);
    assert.deepEqual(await ids('annotation.customer = "alice"'), [web]);
    assert.deepEqual(await ids('annotation.tier >= 2 and http.method = "GET"'), [web]);
    assert.deepEqual(await ids('service("DynamoDB") or annotation.customer = "bob"'), [failing]);
    assert.deepEqual(await ids('!fault and ok'), [web]);
  });

  test('a summary carries the flags, HTTP, annotations and services', async () => {
    const out = await xray.send(new GetTraceSummariesCommand({ ...window(), FilterExpression: 'service("checkout")' }));
    const s = out.TraceSummaries?.find((t) => t.Id === failing);
    assert.equal(s?.HasFault, true);
    assert.equal(s?.HasError, true);
    assert.equal(s?.ResponseTime, 5);
    assert.equal(s?.Duration, 5);
    assert.equal(s?.Http?.HttpStatus, 500);
    assert.deepEqual(s?.ServiceIds?.map((x) => `${x.Type ?? ''}:${x.Name ?? ''}`).sort(), [':checkout', 'AWS::DynamoDB:DynamoDB']);
  });

  test('unsupported filter expressions and bad ranges are InvalidRequestException', async () => {
    await rejects(xray.send(new GetTraceSummariesCommand({ ...window(), FilterExpression: 'edge("a", "b")' })), 'InvalidRequestException', 400, /unsupported keyword 'edge'/);
    await rejects(xray.send(new GetTraceSummariesCommand({ ...window(), FilterExpression: 'http.status = ' })), 'InvalidRequestException', 400);
    await rejects(xray.send(new GetTraceSummariesCommand({ ...window(), FilterExpression: 'fault and' })), 'InvalidRequestException', 400);
    await rejects(
      xray.send(new GetTraceSummariesCommand({ StartTime: new Date(Date.now()), EndTime: new Date(Date.now() - 60_000) })),
      'InvalidRequestException',
      400,
      'StartTime must be before EndTime.',
    );
    await rejects(xray.send(new GetTraceSummariesCommand({ ...window(), NextToken: 'garbage' })), 'InvalidRequestException', 400, 'Invalid NextToken.');
  });

  test('TimeRangeType Event finds traces by their segments\' end time', async () => {
    const out = await xray.send(
      new GetTraceSummariesCommand({ StartTime: new Date((base - 50) * 1000), EndTime: new Date((base + 600) * 1000), TimeRangeType: 'Event' }),
    );
    const found = (out.TraceSummaries ?? []).map((t) => t.Id);
    assert.ok(found.includes(web));
    assert.ok(!found.includes(failing), 'the failing trace ended 95 s before base, outside the window');
  });
});

describe('service graphs', () => {
  test('nodes from segments and inferred AWS calls, edges from subsegments and child segments', async () => {
    const traceId = newTraceId();
    const call = hex(16);
    const front = segment(traceId, {
      name: 'front',
      origin: 'AWS::Lambda::Function',
      subsegments: [
        { id: call, name: 'back', namespace: 'remote', start_time: Date.now() / 1000 - 0.9, end_time: Date.now() / 1000 - 0.6 },
        { id: hex(16), name: 'S3', namespace: 'aws', start_time: Date.now() / 1000 - 0.9, end_time: Date.now() / 1000 - 0.8, fault: true },
      ],
    });
    const back = segment(traceId, { name: 'back', parent_id: call });
    await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(front), JSON.stringify(back)] }));
    const graph = await xray.send(new GetTraceGraphCommand({ TraceIds: [traceId] }));
    const byName = new Map((graph.Services ?? []).map((s) => [s.Name, s]));
    assert.deepEqual([...byName.keys()].sort(), ['S3', 'back', 'front']);
    const f = byName.get('front');
    assert.equal(f?.Root, true);
    assert.equal(f?.Type, 'AWS::Lambda::Function');
    const targets = (f?.Edges ?? []).map((e) => graph.Services?.find((s) => s.ReferenceId === e.ReferenceId)?.Name).sort();
    assert.deepEqual(targets, ['S3', 'back']);
    assert.equal(byName.get('S3')?.SummaryStatistics?.FaultStatistics?.TotalCount, 1);
    const service = await xray.send(new GetServiceGraphCommand(window()));
    assert.ok((service.Services ?? []).some((s) => s.Name === 'front'));
    await rejects(xray.send(new GetServiceGraphCommand({ ...window(), GroupName: 'nope' })), 'InvalidRequestException', 400, 'Group not found');
  });
});

describe('bad input', () => {
  test('missing or mistyped members, unknown enums and unserved operations get AWS error types and store nothing', async () => {
    await rejects(xray.send(new PutTraceSegmentsCommand({} as never)), 'InvalidRequestException', 400, 'TraceSegmentDocuments is required.');
    await rejects(xray.send(new BatchGetTracesCommand({} as never)), 'InvalidRequestException', 400, 'TraceIds is required.');
    await rejects(xray.send(new GetTraceSummariesCommand({ EndTime: new Date() } as never)), 'InvalidRequestException', 400, 'StartTime is required.');
    await rejects(
      xray.send(new GetTraceSummariesCommand({ ...window(), TimeRangeType: 'Service' as never })),
      'InvalidRequestException',
      400,
      'Invalid TimeRangeType: Service. Valid values are TraceId and Event.',
    );
    await rejects(
      xray.send(new GetTraceSummariesCommand({ ...window(), Sampling: true, SamplingStrategy: { Name: 'FixedRate', Value: 2 } })),
      'InvalidRequestException',
      400,
      'SamplingStrategy Value must be between 0 and 1.',
    );
    await rejects(xray.send(new GetGroupsCommand({})), 'UnknownOperationException', 404);
    const raw = await fetch(`${fx.url}/TraceSegments`, { method: 'POST', body: '{"TraceSegmentDocuments":"x"}' });
    assert.equal(raw.status, 403, 'unsigned requests never reach the service');
  });

  test('FixedRate sampling keeps the same subset each time; rate 0 keeps none', async () => {
    const none = await xray.send(new GetTraceSummariesCommand({ ...window(), Sampling: true, SamplingStrategy: { Name: 'FixedRate', Value: 0 } }));
    assert.deepEqual(none.TraceSummaries, []);
    const a = await xray.send(new GetTraceSummariesCommand({ ...window(), Sampling: true, SamplingStrategy: { Name: 'FixedRate', Value: 0.5 } }));
    const b = await xray.send(new GetTraceSummariesCommand({ ...window(), Sampling: true, SamplingStrategy: { Name: 'FixedRate', Value: 0.5 } }));
    assert.deepEqual(a.TraceSummaries?.map((t) => t.Id), b.TraceSummaries?.map((t) => t.Id));
    const all = await xray.send(new GetTraceSummariesCommand(window()));
    assert.ok((a.TraceSummaries?.length ?? 0) <= (all.TraceSummaries?.length ?? 0));
    assert.equal(all.TracesProcessedCount, all.TraceSummaries?.length);
  });
});

describe('Lambda\'s segments through the ingest', () => {
  test('the builder\'s segments and the function\'s own subsegment form one trace and a two-node graph', async () => {
    const now = Date.now();
    const trace = buildLambdaTrace({
      header: undefined,
      fn: { arn: 'arn:aws:lambda:us-east-1:000000000000:function:traced', name: 'traced', accountId: '000000000000', region: 'us-east-1', version: '$LATEST' },
      requestId: 'r-1',
      timings: { requestStart: now - 300, init: { start: now - 290, end: now - 200 }, invocationStart: now - 190, invocationEnd: now - 20, overheadEnd: now - 10 },
      outcome: {},
      now: new Date(now),
      random: randomBytes,
    });
    fx.box.traceIngest.put('000000000000', trace.documents);
    await fx.box.traceIngest.flush();
    // What the function's X-Ray SDK sends under the header it was handed.
    const parent = parseTraceHeader(trace.functionHeader)?.parent ?? '';
    const sdk = { ...segment(trace.traceId, { name: 'S3', namespace: 'aws', start_time: (now - 100) / 1000, end_time: (now - 50) / 1000 }), type: 'subsegment', parent_id: parent };
    await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(sdk)] }));
    const got = await xray.send(new BatchGetTracesCommand({ TraceIds: [trace.traceId] }));
    const docs = (got.Traces?.[0]?.Segments ?? []).map((s) => JSON.parse(s.Document ?? '{}') as { origin?: string; subsegments?: { name: string }[] });
    assert.deepEqual(docs.map((d) => d.origin), ['AWS::Lambda', 'AWS::Lambda::Function']);
    assert.deepEqual(docs[1]?.subsegments?.map((s) => s.name), ['Initialization', 'Invocation', 'Overhead', 'S3']);
    const graph = await xray.send(new GetTraceGraphCommand({ TraceIds: [trace.traceId] }));
    const types = (graph.Services ?? []).map((s) => s.Type).sort();
    assert.deepEqual(types, ['AWS::Lambda', 'AWS::Lambda::Function', 'AWS::S3']);
    const service = graph.Services?.find((s) => s.Type === 'AWS::Lambda');
    const fnNode = graph.Services?.find((s) => s.Type === 'AWS::Lambda::Function');
    assert.deepEqual(service?.Edges?.map((e) => e.ReferenceId), [fnNode?.ReferenceId]);
    assert.equal(service?.Root, true);
  });
});
