/** Digests: AWS's fields, a start digest, chaining, empty hours, the final digest, signatures, key rotation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { digestStringToSign, sha256Hex } from '../../../../src/services/cloudtrail/delivery/digest-file.js';
import { exitCodeOf } from '../../../../src/services/cloudtrail/validation/validation-report.js';
import { ACCOUNT, REGION, T0, deliveryFixture, loggingTrail } from './delivery-fixture.js';
import { buildChain, errors, objectPath, objectsOf, readDigest, reportOf, validate } from './chain-fixture.js';

const FIELDS = [
  'awsAccountId',
  'digestStartTime',
  'digestEndTime',
  'digestS3Bucket',
  'digestS3Object',
  'digestPublicKeyFingerprint',
  'digestSignatureAlgorithm',
  'newestEventTime',
  'oldestEventTime',
  'previousDigestS3Bucket',
  'previousDigestS3Object',
  'previousDigestHashValue',
  'previousDigestHashAlgorithm',
  'previousDigestSignature',
  'logFiles',
];

test('hourly digests carry exactly AWS fields, chain by key, hash and signature, and verify with the listed key', async () => {
  const f = await deliveryFixture();
  try {
    const chain = await buildChain(f, loggingTrail('chain'), 3);
    assert.deepEqual(
      chain.digests.map((k) => k.split('/').pop()),
      ['20261207T110000Z', '20261207T120000Z', '20261207T130000Z'].map((t) => `${ACCOUNT}_CloudTrail-Digest_${REGION}_chain_${REGION}_${t}.json.gz`),
    );
    assert.match(chain.digests[0] ?? '', new RegExp(`^AWSLogs/${ACCOUNT}/CloudTrail-Digest/${REGION}/2026/12/07/`));
    const [d1, d2, d3] = chain.digests.map((k) => readDigest(f, chain, k));
    assert.ok(d1 && d2 && d3);
    assert.deepEqual(Object.keys(d1.doc), FIELDS);
    assert.deepEqual(
      { ...d1.doc, logFiles: d1.doc.logFiles.length, digestPublicKeyFingerprint: d1.doc.digestPublicKeyFingerprint.length },
      {
        awsAccountId: ACCOUNT,
        digestStartTime: '2026-12-07T10:00:00Z',
        digestEndTime: '2026-12-07T11:00:00Z',
        digestS3Bucket: 'chain-bucket',
        digestS3Object: chain.digests[0],
        digestPublicKeyFingerprint: 32,
        digestSignatureAlgorithm: 'SHA256withRSA',
        newestEventTime: '2026-12-07T10:05:00Z',
        oldestEventTime: '2026-12-07T10:00:00Z',
        previousDigestS3Bucket: null,
        previousDigestS3Object: null,
        previousDigestHashValue: null,
        previousDigestHashAlgorithm: null,
        previousDigestSignature: null,
        logFiles: 2,
      },
    );
    assert.deepEqual(d1.doc.logFiles[0], {
      s3Bucket: 'chain-bucket',
      s3Object: chain.logs[0],
      hashValue: sha256Hex(gunzipSync(readFileSync(objectPath(f, chain, chain.logs[0] ?? '')))),
      hashAlgorithm: 'SHA-256',
      newestEventTime: '2026-12-07T10:00:00Z',
      oldestEventTime: '2026-12-07T10:00:00Z',
    });
    assert.equal(d2.doc.digestStartTime, d1.doc.digestEndTime);
    assert.equal(d2.doc.previousDigestS3Bucket, 'chain-bucket');
    assert.equal(d2.doc.previousDigestS3Object, chain.digests[0]);
    assert.equal(d2.doc.previousDigestHashValue, sha256Hex(d1.raw));
    assert.equal(d2.doc.previousDigestHashAlgorithm, 'SHA-256');
    assert.equal(d2.doc.previousDigestSignature, d1.signature);
    assert.equal(d3.doc.previousDigestSignature, d2.signature);
    const sidecar = JSON.parse(readFileSync(`${objectPath(f, chain, chain.digests[0] ?? '')}.sig`, 'utf8')) as unknown;
    assert.deepEqual(sidecar, { signature: d1.signature, signatureAlgorithm: 'SHA256withRSA' });
    const [key] = await f.delivery.publicKeys(chain.start, chain.end);
    assert.ok(key);
    assert.equal(key.fingerprint, d1.doc.digestPublicKeyFingerprint);
    const publicKey = createPublicKey({ key: key.value, format: 'der', type: 'pkcs1' });
    for (const d of [d1, d2, d3]) {
      const toSign = digestStringToSign(d.doc.digestEndTime, d.doc.digestS3Bucket, d.doc.digestS3Object, d.raw, d.doc.previousDigestSignature);
      assert.ok(verify('sha256', toSign, publicKey, Buffer.from(d.signature, 'hex')));
    }
    const status = await f.delivery.status(chain.trail);
    assert.deepEqual(status.latestDigestDeliveryTime, new Date(T0 + 3 * 3600_000));
  } finally {
    await f.close();
  }
});

test('an untouched trail validates: awscli output, exit 0', async () => {
  const f = await deliveryFixture();
  try {
    const chain = await buildChain(f, loggingTrail('clean'), 3);
    const outcome = await validate(f, chain);
    assert.deepEqual(errors(outcome), []);
    assert.equal(exitCodeOf(outcome), 0);
    const { stdout, stderr } = reportOf(outcome);
    assert.equal(stderr, '');
    // awscli keeps the found start of the last digest whose start is after the requested start.
    assert.equal(
      stdout,
      `Validating log files for trail ${chain.trail.arn} between 2026-12-07T10:00:00Z and 2026-12-07T13:00:00Z\n\n` +
        'Results requested for 2026-12-07T10:00:00Z to 2026-12-07T13:00:00Z\n' +
        'Results found for 2026-12-07T11:00:00Z to 2026-12-07T13:00:00Z:\n\n' +
        '3/3 digest files valid\n6/6 log files valid\n',
    );
    const verbose = reportOf(outcome, true).stdout.split('\n');
    assert.equal(verbose[2], `Digest file\ts3://clean-bucket/${chain.digests[2]}\tvalid`);
    assert.equal(verbose[3], `Log file\ts3://clean-bucket/${chain.logs[4]}\tvalid`);
    assert.equal(verbose.filter((l) => l.endsWith('\tvalid')).length, 9);
  } finally {
    await f.close();
  }
});

test('an empty hour still gets a digest; StopLogging delivers the pending events and a final digest; a restart starts a new chain', async () => {
  const f = await deliveryFixture();
  try {
    const trail = loggingTrail('stop');
    const chain = await buildChain(f, trail, 1);
    f.clock.ms = T0 + 2 * 3600_000;
    await f.delivery.digestNow();
    f.addEvent();
    f.clock.advance(60_000);
    await f.delivery.stoppedLogging(trail, f.clock.now());
    f.trails.splice(0);
    f.clock.ms = T0 + 4 * 3600_000;
    f.trails.push(trail);
    await f.delivery.startedLogging(trail, f.clock.now());
    f.clock.ms = T0 + 5 * 3600_000;
    await f.delivery.digestNow();
    const stopDigests = objectsOf(f, trail).digests;
    assert.equal(stopDigests.length, 4);
    const docs = stopDigests.map((k) => readDigest(f, chain, k).doc);
    const [, empty, final, restart] = docs;
    assert.ok(empty && final && restart);
    assert.deepEqual([empty.logFiles, empty.newestEventTime, empty.oldestEventTime], [[], null, null]);
    assert.equal(final.digestEndTime, '2026-12-07T12:01:00Z');
    assert.equal(final.logFiles.length, 1, 'the events pending at StopLogging are in the final digest');
    assert.equal(final.previousDigestS3Object, stopDigests[1]);
    assert.equal(restart.previousDigestS3Object, null);
    assert.equal(restart.digestStartTime, '2026-12-07T14:00:00Z');
    const outcome = await validate(f, { ...chain, end: new Date(T0 + 5 * 3600_000) });
    assert.deepEqual(errors(outcome), ['No log files were delivered by CloudTrail between 2026-12-07T12:01:00Z and 2026-12-07T14:00:00Z']);
    assert.equal(exitCodeOf(outcome), 0);
    assert.deepEqual([outcome.validDigests, outcome.invalidDigests, outcome.validLogs], [4, 0, 3]);
  } finally {
    await f.close();
  }
});

test('keys rotate with validity windows that never overlap; digests signed by each validate', async () => {
  const f = await deliveryFixture({ keyRotationMs: 90 * 60_000 });
  try {
    const chain = await buildChain(f, loggingTrail('rotate'), 4);
    const keys = await f.delivery.publicKeys(chain.start, chain.end);
    assert.ok(keys.length >= 2, `${keys.length} keys`);
    for (let i = 1; i < keys.length; i++) {
      assert.ok((keys[i]?.validityStartTime.getTime() ?? 0) >= (keys[i - 1]?.validityEndTime.getTime() ?? Infinity));
    }
    const fingerprints = new Set(chain.digests.map((k) => readDigest(f, chain, k).doc.digestPublicKeyFingerprint));
    assert.ok(fingerprints.size >= 2);
    const outcome = await validate(f, chain);
    assert.deepEqual(errors(outcome), []);
    assert.equal(outcome.validDigests, 4);
    const only = await f.delivery.publicKeys(new Date(T0 + 3600_000), new Date(T0 + 3600_000));
    assert.equal(only.length, 1);
  } finally {
    await f.close();
  }
});
