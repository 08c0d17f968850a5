/**
 * The OTLP/HTTP JSON export to a loopback collector this test starts: segments stored through PutTraceSegments
 * reach it as spans (trace id without dashes, subsegments as child spans, faults as ERROR, annotations as
 * attributes, the account on the resource); a collector that fails costs counted spans, not the ingest.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { hex, newTraceId, segment } from './xray-fixtures.js';
import { segmentSpans, type OtlpSpan } from '../../../src/services/xray/export/otlp-spans.js';
import { OtlpExporter, tracesUrl } from '../../../src/services/xray/export/otlp-exporter.js';
import { createLogger } from '../../../src/observe/logger.js';

interface Received {
  readonly path: string;
  readonly body: { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
}

async function collector(status = 200): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'] });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

test('segmentSpans: ids, times in nanoseconds, subsegments under their parent, faults as ERROR', () => {
  const traceId = '1-5759e988-bd862e3fe1be46a994272793';
  const sub = hex(16);
  const doc = { ...segment(traceId, { start_time: 1.5, end_time: 2.25, parent_id: 'aaaaaaaaaaaaaaaa', annotations: { k: 'v', n: 3 } }), subsegments: [{ id: sub, name: 'S3', namespace: 'aws', start_time: 1.75, end_time: 2, fault: true }] };
  const spans = segmentSpans(JSON.stringify(doc));
  assert.deepEqual(
    spans.map((s) => [s.traceId, s.spanId, s.parentSpanId, s.kind, s.startTimeUnixNano, s.endTimeUnixNano, s.status.code]),
    [
      ['5759e988bd862e3fe1be46a994272793', doc.id, 'aaaaaaaaaaaaaaaa', 2, '1500000000', '2250000000', 0],
      ['5759e988bd862e3fe1be46a994272793', sub, doc.id, 3, '1750000000', '2000000000', 2],
    ],
  );
  assert.deepEqual(spans[0]?.attributes.filter((a) => a.key.startsWith('aws.xray.annotations.')), [
    { key: 'aws.xray.annotations.k', value: { stringValue: 'v' } },
    { key: 'aws.xray.annotations.n', value: { intValue: '3' } },
  ]);
  assert.equal(tracesUrl('http://c:4318'), 'http://c:4318/v1/traces');
  assert.equal(tracesUrl('http://c:4318/v1/traces'), 'http://c:4318/v1/traces');
});

describe('export from a server', () => {
  let fx: LambdaboxFixture;
  let c: Awaited<ReturnType<typeof collector>>;
  before(async () => {
    c = await collector();
    fx = await startLambdabox({ overrides: { sandbox: false, otlpEndpoint: c.url } });
  });
  after(async () => {
    await fx?.close();
    c?.server.close();
  });

  test('stored segments reach the collector as spans of the account', async () => {
    const xray = new XRayClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    const traceId = newTraceId();
    const doc = segment(traceId, { name: 'exported' });
    await xray.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(doc), '{"bad":true}'] }));
    xray.destroy();
    await fx.box.xray.exporter?.flush();
    const all = c.received.flatMap((r) => r.body.resourceSpans);
    assert.ok(c.received.every((r) => r.path === '/v1/traces'));
    const rs = all.find((r) => r.scopeSpans.some((s) => s.spans.some((sp) => sp.spanId === doc.id)));
    assert.ok(rs !== undefined, 'the span arrived');
    const attrs = Object.fromEntries(rs.resource.attributes.map((a) => [a.key, a.value.stringValue]));
    assert.deepEqual(attrs, { 'service.name': 'exported', 'cloud.provider': 'aws', 'cloud.account.id': TEST_ACCOUNT_ID });
    assert.equal(fx.box.xray.exporter?.stats.exported, 1);
  });
});

test('a failing collector drops and counts; a full queue drops and counts', async () => {
  const c = await collector(500);
  try {
    const exporter = new OtlpExporter({ endpoint: c.url, logger: createLogger({ level: 'silent' }), maxQueued: 2 });
    const traceId = newTraceId();
    exporter.export('111111111111', [1, 2, 3].map(() => JSON.stringify(segment(traceId))));
    await exporter.close();
    assert.equal(c.received.length, 1);
    assert.deepEqual(exporter.stats, { exported: 0, dropped: 3 });
  } finally {
    c.server.close();
  }
});
