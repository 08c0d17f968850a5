/**
 * X-Ray calls are authorized on `*` with `xray:` actions (they have no resource-level permissions): a user
 * without them is denied with AWS's message and nothing is stored; `xray:PutTraceSegments` alone allows
 * writing but not reading. The audit trail records each call by its event name, and PutTraceSegments'
 * documents, which are data, appear in no audit record. The real CLI reads what the SDK wrote.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { BatchGetTracesCommand, GetTraceSummariesCommand, PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import { LookupEventsCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { newTraceId, segment } from './xray-fixtures.js';

describe('X-Ray authorization and audit', () => {
  let fx: LambdaboxFixture;
  let iam: IAMClient;
  let admin: XRayClient;
  let nobody: { accessKeyId: string; secretAccessKey: string };
  let writer: { accessKeyId: string; secretAccessKey: string };

  const userWithKey = async (name: string, policy?: object): Promise<{ accessKeyId: string; secretAccessKey: string }> => {
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (policy !== undefined) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
  };
  const client = (credentials: { accessKeyId: string; secretAccessKey: string }): XRayClient =>
    new XRayClient({ endpoint: fx.url, region: TEST_REGION, credentials, maxAttempts: 1 });

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    iam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    admin = client(fx.credentials);
    nobody = await userWithKey('nobody');
    writer = await userWithKey('writer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' }] });
  });
  after(async () => {
    iam.destroy();
    admin.destroy();
    await fx.close();
  });

  test('without xray permissions every call is denied on `*` and nothing is stored', async () => {
    const x = client(nobody);
    const traceId = newTraceId();
    try {
      const denied = await failure(x.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(segment(traceId))] })));
      assert.equal(denied.status, 403);
      assert.equal(denied.name, 'AccessDeniedException');
      assert.equal(
        denied.message,
        `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/nobody is not authorized to perform: xray:PutTraceSegments on resource: * because no identity-based policy allows the xray:PutTraceSegments action`,
      );
      const read = await failure(x.send(new BatchGetTracesCommand({ TraceIds: [traceId] })));
      assert.match(read.message, /xray:BatchGetTraces on resource: \*/);
      const summaries = await failure(x.send(new GetTraceSummariesCommand({ StartTime: new Date(0), EndTime: new Date() })));
      assert.match(summaries.message, /xray:GetTraceSummaries on resource: \*/);
    } finally {
      x.destroy();
    }
    const stored = await admin.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    assert.deepEqual(stored.UnprocessedTraceIds, [traceId]);
  });

  test('PutTraceSegments alone writes; reading needs its own action; the CLI reads the trace back', async () => {
    const x = client(writer);
    const traceId = newTraceId();
    const doc = segment(traceId, { annotations: { secretish: 'document-content-marker' } });
    try {
      const out = await x.send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: [JSON.stringify(doc)] }));
      assert.deepEqual(out.UnprocessedTraceSegments, []);
      const read = await failure(x.send(new BatchGetTracesCommand({ TraceIds: [traceId] })));
      assert.equal(read.name, 'AccessDeniedException');
    } finally {
      x.destroy();
    }
    const cli = await awsCli(['xray', 'batch-get-traces', '--trace-ids', traceId], { endpoint: fx.url, ...fx.credentials });
    assert.equal(cli.code, 0, cli.stderr);
    const traces = (JSON.parse(cli.stdout) as { Traces: { Id: string; Segments: { Document: string }[] }[] }).Traces;
    assert.equal(traces[0]?.Id, traceId);
    assert.deepEqual(JSON.parse(traces[0]?.Segments[0]?.Document ?? '{}'), doc);

    await fx.box.trailRecorder.flush();
    const trail = new CloudTrailClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    try {
      const events = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'PutTraceSegments' }] }));
      const records = (events.Events ?? []).map((e) => e.CloudTrailEvent ?? '');
      assert.ok(records.length >= 2, 'the denied and the allowed PutTraceSegments are both recorded');
      for (const r of records) {
        assert.ok(!r.includes('document-content-marker'), 'no segment document in an audit record');
        assert.equal((JSON.parse(r) as { eventSource: string }).eventSource, 'xray.amazonaws.com');
      }
      const reads = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'BatchGetTraces' }] }));
      assert.ok((reads.Events ?? []).length >= 1);
    } finally {
      trail.destroy();
    }
  });
});
