/**
 * `lambdabox trail validate` end to end but for the CloudTrail API, which is built on another branch: a
 * stand-in answers GetTrail, ListPublicKeys and GetTrailStatus from the delivery under test, and checks each
 * call is a SigV4-signed CloudTrail JSON 1.1 call. The real API's answers are covered once it is merged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { trailValidate } from '../../../../src/cli/trail-command.js';
import type { DeliveryFixture } from './delivery-fixture.js';
import { deliveryFixture, loggingTrail } from './delivery-fixture.js';
import type { Chain } from './chain-fixture.js';
import { buildChain, objectPath } from './chain-fixture.js';

const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.';

async function withApi(f: DeliveryFixture, chain: Chain, body: (endpoint: string, calls: string[]) => Promise<void>): Promise<void> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        assert.match(String(req.headers['authorization']), /Credential=AKIDTEST\/\d{8}\/us-east-1\/cloudtrail\/aws4_request/);
        assert.equal(req.headers['content-type'], 'application/x-amz-json-1.1');
        assert.ok(target.startsWith(TARGET), target);
        const op = target.slice(TARGET.length);
        calls.push(op);
        const input = JSON.parse(text) as Record<string, number | string>;
        let out: unknown;
        if (op === 'GetTrail') {
          assert.equal(input['Name'], 'cli');
          out = { Trail: { Name: 'cli', S3BucketName: chain.trail.s3BucketName, TrailARN: chain.trail.arn, HomeRegion: 'us-east-1', LogFileValidationEnabled: true } };
        } else if (op === 'ListPublicKeys') {
          const keys = await f.delivery.publicKeys(new Date(Number(input['StartTime']) * 1000), new Date(Number(input['EndTime']) * 1000));
          out = {
            PublicKeyList: keys.map((k) => ({
              Value: k.value.toString('base64'),
              Fingerprint: k.fingerprint,
              ValidityStartTime: k.validityStartTime.getTime() / 1000,
              ValidityEndTime: k.validityEndTime.getTime() / 1000,
            })),
          };
        } else {
          const status = await f.delivery.status(chain.trail);
          out = { IsLogging: true, LatestDigestDeliveryTime: (status.latestDigestDeliveryTime?.getTime() ?? 0) / 1000 };
        }
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end(JSON.stringify(out));
      })().catch((err: unknown) => {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'TestFailure', message: String(err) }));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls);
  } finally {
    server.close();
  }
}

const ENV = { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' };

test('trail validate prints validate-logs\' report and exits 0 for an untouched trail, 1 once a log is deleted', async () => {
  const f = await deliveryFixture();
  try {
    const chain = await buildChain(f, loggingTrail('cli'), 2);
    await withApi(f, chain, async (endpoint, calls) => {
      let stdout = '';
      let stderr = '';
      const run = (): Promise<number> =>
        trailValidate(
          {
            trail: 'cli',
            startTime: '2026-12-07T10:00:00Z',
            endTime: '2026-12-07T12:00:00Z',
            endpointUrl: endpoint,
            region: 'us-east-1',
            dataDir: dirname(f.root),
            sinks: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
          },
          ENV,
        );
      assert.equal(await run(), 0, stderr);
      assert.deepEqual(calls, ['GetTrail', 'ListPublicKeys', 'GetTrailStatus']);
      assert.ok(stdout.startsWith(`Validating log files for trail ${chain.trail.arn} between 2026-12-07T10:00:00Z and 2026-12-07T12:00:00Z\n\n`), stdout);
      assert.ok(stdout.endsWith('\n2/2 digest files valid\n4/4 log files valid\n'), stdout);
      const log = chain.logs[1] ?? '';
      rmSync(objectPath(f, chain, log));
      stdout = '';
      assert.equal(await run(), 1);
      assert.equal(stderr, `Log file\ts3://cli-bucket/${log}\tINVALID: not found\n\n`);
    });
  } finally {
    await f.close();
  }
});

test('trail validate refuses a start time after the end time and an unparsable time, as validate-logs does', async () => {
  await assert.rejects(trailValidate({ trail: 't', startTime: '2026-12-07T12:00:00Z', endTime: '2026-12-07T10:00:00Z' }, ENV), {
    message: 'Invalid time range specified: start-time must occur before end-time',
  });
  await assert.rejects(trailValidate({ trail: 't', startTime: 'yesterday-ish' }, ENV), { message: 'Unable to parse date value: yesterday-ish' });
});
