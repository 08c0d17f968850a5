/**
 * Issue 13, acceptance 2 end to end: a trail with log file validation, created and started through the
 * CloudTrail API, gets its calls as log files and signed digests; `lambdabox trail validate` (the real
 * command, against the real API) finds the untouched trail valid and reports a changed log file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CloudTrailClient, CreateTrailCommand, GetTrailStatusCommand, ListPublicKeysCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { repoRoot } from '../../helpers/repo-root.js';
import { trailValidate } from '../../../src/cli/trail-command.js';

const run = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

describe('a trail delivered and validated through the real API and command', () => {
  let fx: LambdaboxFixture;
  let ct: CloudTrailClient;
  const startedAt = new Date(Date.now() - 60_000);

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    ct = new CloudTrailClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    await ct.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: 'audit-bucket', EnableLogFileValidation: true }));
    await ct.send(new StartLoggingCommand({ Name: 'audit' }));
    const lambda = fx.lambda();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5; i++) await lambda.send(new ListFunctionsCommand({}));
      await fx.box.trailRecorder.flush();
      await fx.box.trailDelivery.deliverNow();
      // Digest files are named to the second: two in one second would collide.
      await sleep(1100);
      await fx.box.trailDelivery.digestNow();
    }
  });
  after(async () => {
    ct.destroy();
    await fx.close();
  });

  test('log files hold the calls; GetTrailStatus and ListPublicKeys report the delivery', async () => {
    const files = filesUnder(join(fx.dataDir, 'trails', 'audit-bucket'));
    const logs = files.filter((f) => f.includes('/CloudTrail/') && f.endsWith('.json.gz'));
    assert.ok(logs.length >= 2, files.join('\n'));
    for (const f of logs) {
      assert.match(f, /AWSLogs\/000000000000\/CloudTrail\/us-east-1\/\d{4}\/\d{2}\/\d{2}\/000000000000_CloudTrail_us-east-1_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/);
      assert.equal(statSync(f).mode & 0o777, 0o400);
    }
    const records = logs.flatMap((f) => (JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as { Records: Array<{ eventName: string }> }).Records);
    assert.equal(records.filter((r) => r.eventName === 'ListFunctions20150331').length, 10);
    const status = await ct.send(new GetTrailStatusCommand({ Name: 'audit' }));
    assert.equal(status.IsLogging, true);
    assert.ok(status.LatestDeliveryTime instanceof Date);
    assert.ok(status.LatestDigestDeliveryTime instanceof Date);
    const keys = await ct.send(new ListPublicKeysCommand({}));
    assert.equal(keys.PublicKeyList?.length, 1);
    assert.match(keys.PublicKeyList?.[0]?.Fingerprint ?? '', /^[0-9a-f]{32}$/);
  });

  test('`lambdabox trail validate` finds the untouched trail valid', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(repoRoot(), 'src/cli/main.ts'), 'trail', 'validate', '--trail', 'audit', '--start-time', startedAt.toISOString(),
        '--endpoint-url', fx.url, '--data-dir', fx.dataDir, '--region', TEST_REGION],
      { cwd: repoRoot(), env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: fx.dataDir } },
    );
    assert.match(stdout, /\b(\d+)\/\1 digest files valid/);
    assert.match(stdout, /\b(\d+)\/\1 log files valid/);
    assert.doesNotMatch(stdout, /INVALID/);
  });

  test('one changed record in a log file is reported, and the command exits 1', async () => {
    const logs = filesUnder(join(fx.dataDir, 'trails', 'audit-bucket')).filter((f) => f.includes('/CloudTrail/') && f.endsWith('.json.gz'));
    const target = logs[0] ?? '';
    const text = gunzipSync(readFileSync(target)).toString('utf8').replace('ListFunctions20150331', 'ListFunctions20150332');
    chmodSync(target, 0o600);
    writeFileSync(target, gzipSync(Buffer.from(text)));
    let out = '';
    const code = await trailValidate(
      { trail: 'audit', startTime: startedAt.toISOString(), endpointUrl: fx.url, dataDir: fx.dataDir, region: TEST_REGION, sinks: { stdout: (t) => (out += t), stderr: (t) => (out += t) } },
      { ...process.env, AWS_ACCESS_KEY_ID: fx.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: fx.credentials.secretAccessKey },
    );
    assert.equal(code, 1);
    assert.match(out, /INVALID: hash value doesn't match/);
    assert.ok(out.includes(target.slice(target.indexOf('AWSLogs/'))), out);
  });
});
