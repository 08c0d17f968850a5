/**
 * Each way of tampering with a trail's files is reported, with awscli validate-logs' own message: a
 * modified or deleted log, a deleted middle digest, reordered digests, a digest re-signed with another
 * key, a chain cut short at either end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { digestStringToSign } from '../../../../src/services/cloudtrail/delivery/digest-file.js';
import { keyFingerprint } from '../../../../src/services/cloudtrail/delivery/signing-keys.js';
import { exitCodeOf } from '../../../../src/services/cloudtrail/validation/validation-report.js';
import type { DeliveryFixture } from './delivery-fixture.js';
import { deliveryFixture, loggingTrail } from './delivery-fixture.js';
import type { Chain } from './chain-fixture.js';
import { buildChain, errors, objectPath, overwrite, overwriteGzip, readDigest, reportOf, validate } from './chain-fixture.js';

async function withChain(body: (f: DeliveryFixture, chain: Chain, s3: (key: string) => string) => Promise<void>): Promise<void> {
  const f = await deliveryFixture();
  try {
    const chain = await buildChain(f, loggingTrail('t'), 3);
    await body(f, chain, (key) => `s3://t-bucket/${key}`);
  } finally {
    await f.close();
  }
}

const at = <T>(list: readonly T[], i: number): T => {
  const v = list[i];
  assert.ok(v !== undefined, `no element ${i}`);
  return v;
};

test('one byte changed in a log file: hash value doesn\'t match; exit 1 and the counts say so', () =>
  withChain(async (f, chain, s3) => {
    const log = at(chain.logs, 2);
    const content = gunzipSync(readFileSync(objectPath(f, chain, log)));
    content[20] = (content[20] ?? 0) ^ 0x01;
    overwriteGzip(objectPath(f, chain, log), content);
    const outcome = await validate(f, chain);
    assert.deepEqual(errors(outcome), [`Log file\t${s3(log)}\tINVALID: hash value doesn't match`]);
    assert.equal(exitCodeOf(outcome), 1);
    const { stdout, stderr } = reportOf(outcome);
    assert.equal(stderr, `Log file\t${s3(log)}\tINVALID: hash value doesn't match\n\n`);
    assert.ok(stdout.endsWith('\n3/3 digest files valid\n5/6 log files valid, 1/6 log files INVALID\n'), stdout);
  }));

test('one byte flipped in a log file\'s gzip stream: invalid format', () =>
  withChain(async (f, chain, s3) => {
    const log = at(chain.logs, 0);
    const raw = readFileSync(objectPath(f, chain, log));
    raw[raw.length - 6] = (raw[raw.length - 6] ?? 0) ^ 0xff;
    overwrite(objectPath(f, chain, log), raw);
    assert.deepEqual(errors(await validate(f, chain)), [`Log file\t${s3(log)}\tINVALID: invalid format`]);
  }));

test('a deleted log file: not found', () =>
  withChain(async (f, chain, s3) => {
    const log = at(chain.logs, 5);
    rmSync(objectPath(f, chain, log));
    const outcome = await validate(f, chain);
    assert.deepEqual(errors(outcome), [`Log file\t${s3(log)}\tINVALID: not found`]);
    assert.deepEqual([outcome.validLogs, outcome.invalidLogs], [5, 1]);
  }));

test('a deleted middle digest: not found, and the walk goes on to the older digest as awscli does', () =>
  withChain(async (f, chain, s3) => {
    const middle = at(chain.digests, 1);
    rmSync(objectPath(f, chain, middle));
    rmSync(`${objectPath(f, chain, middle)}.sig`);
    const outcome = await validate(f, chain);
    assert.deepEqual(errors(outcome), [`Digest file\t${s3(middle)}\tINVALID: not found`]);
    assert.deepEqual([outcome.validDigests, outcome.invalidDigests, outcome.validLogs], [2, 1, 4]);
    assert.equal(exitCodeOf(outcome), 1);
    assert.ok(reportOf(outcome).stdout.includes('\n2/3 digest files valid, 1/3 digest files INVALID'));
  }));

test('two digests swapped (reordered): each has been moved from its original location', () =>
  withChain(async (f, chain, s3) => {
    const [d2, d3] = [at(chain.digests, 1), at(chain.digests, 2)];
    for (const suffix of ['', '.sig']) {
      const a = objectPath(f, chain, d2) + suffix;
      const b = objectPath(f, chain, d3) + suffix;
      renameSync(a, `${a}.swap`);
      renameSync(b, a);
      renameSync(`${a}.swap`, b);
    }
    const outcome = await validate(f, chain);
    assert.deepEqual(errors(outcome), [
      `Digest file\t${s3(d3)}\tINVALID: has been moved from its original location`,
      `Digest file\t${s3(d2)}\tINVALID: has been moved from its original location`,
    ]);
    assert.deepEqual([outcome.validDigests, outcome.invalidDigests], [1, 2]);
  }));

test('a digest rewritten without its key: signature verification failed', () =>
  withChain(async (f, chain, s3) => {
    const d2 = at(chain.digests, 1);
    const { doc } = readDigest(f, chain, d2);
    overwriteGzip(objectPath(f, chain, d2), JSON.stringify({ ...doc, logFiles: doc.logFiles.slice(1) }));
    assert.deepEqual(errors(await validate(f, chain)), [`Digest file\t${s3(d2)}\tINVALID: signature verification failed`]);
  }));

test('a digest re-signed with another key: unknown fingerprint, or the real fingerprint with a signature that fails', () =>
  withChain(async (f, chain, s3) => {
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const fingerprint = keyFingerprint(attacker.publicKey);
    const resign = (key: string, claimed: string): void => {
      const { doc } = readDigest(f, chain, key);
      const forged = Buffer.from(JSON.stringify({ ...doc, logFiles: [], digestPublicKeyFingerprint: claimed }));
      const toSign = digestStringToSign(doc.digestEndTime, doc.digestS3Bucket, doc.digestS3Object, forged, doc.previousDigestSignature);
      overwriteGzip(objectPath(f, chain, key), forged);
      const signature = sign('sha256', toSign, attacker.privateKey).toString('hex');
      overwrite(`${objectPath(f, chain, key)}.sig`, Buffer.from(JSON.stringify({ signature, signatureAlgorithm: 'SHA256withRSA' })));
    };
    const [d2, d3] = [at(chain.digests, 1), at(chain.digests, 2)];
    resign(d3, fingerprint);
    resign(d2, readDigest(f, chain, d2).doc.digestPublicKeyFingerprint);
    const outcome = await validate(f, chain);
    assert.deepEqual(errors(outcome), [
      `Digest file\t${s3(d3)}\tINVALID: public key not found in region us-east-1 for fingerprint ${fingerprint}`,
      `Digest file\t${s3(d2)}\tINVALID: signature verification failed`,
    ]);
    assert.deepEqual([outcome.validDigests, outcome.invalidDigests], [1, 2]);
  }));

test('a chain truncated at its start (start digest deleted): not found', () =>
  withChain(async (f, chain, s3) => {
    const first = at(chain.digests, 0);
    rmSync(objectPath(f, chain, first));
    const outcome = await validate(f, chain);
    assert.deepEqual(errors(outcome), [`Digest file\t${s3(first)}\tINVALID: not found`]);
    assert.equal(exitCodeOf(outcome), 1);
  }));

test('a chain truncated at its newest end: found only with the trail status\'s latest digest time', () =>
  withChain(async (f, chain, s3) => {
    const newest = at(chain.digests, 2);
    rmSync(objectPath(f, chain, newest));
    rmSync(`${objectPath(f, chain, newest)}.sig`);
    // Offline, as awscli: the remaining chain is intact and only "Results found" ends earlier.
    const offline = await validate(f, chain);
    assert.deepEqual(errors(offline), []);
    assert.equal(offline.foundEnd?.toISOString(), '2026-12-07T12:00:00.000Z');
    const status = await f.delivery.status(chain.trail);
    const latestDigestEnd = status.latestDigestDeliveryTime;
    assert.ok(latestDigestEnd);
    const outcome = await validate(f, chain, { latestDigestEnd });
    assert.deepEqual(errors(outcome), [`Digest file\t${s3(newest)}\tINVALID: not found`]);
    assert.equal(exitCodeOf(outcome), 1);
  }));

test('a digest with its signature metadata removed: signature verification failed', () =>
  withChain(async (f, chain, s3) => {
    const d1 = at(chain.digests, 0);
    rmSync(`${objectPath(f, chain, d1)}.sig`);
    assert.deepEqual(errors(await validate(f, chain)), [`Digest file\t${s3(d1)}\tINVALID: signature verification failed`]);
  }));
