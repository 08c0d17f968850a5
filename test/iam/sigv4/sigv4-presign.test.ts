/** presignUrl round trips, the signing-key cache, the encoding primitives, and the per-request cost. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AwsError } from '../../../src/shared/errors/aws-error.js';
import { canonicalHeaderValue } from '../../../src/iam/sigv4/canonical-headers.js';
import { canonicalQueryString } from '../../../src/iam/sigv4/canonical-query.js';
import { canonicalUri } from '../../../src/iam/sigv4/canonical-uri.js';
import { parseSigV4 } from '../../../src/iam/sigv4/parse.js';
import { presignUrl } from '../../../src/iam/sigv4/presign.js';
import type { PresignUrlInput } from '../../../src/iam/sigv4/presign.js';
import { signRequest } from '../../../src/iam/sigv4/sign.js';
import { SigningKeyCache, deriveSigningKey } from '../../../src/iam/sigv4/signing-key.js';
import type { IncomingSignedRequest } from '../../../src/iam/sigv4/types.js';
import { verifySigV4 } from '../../../src/iam/sigv4/verify.js';
import type { VerifyOptions } from '../../../src/iam/sigv4/verify.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SIGNED_AT = new Date('2026-03-01T10:00:00Z');

function presign(overrides: Partial<PresignUrlInput> = {}): string {
  return presignUrl({
    method: 'GET',
    url: new URL('http://127.0.0.1:9000/_lambdabox/code/sha256%3Aabc?versionId=a b'),
    accessKeyId: 'AKIDLAMBDABOX',
    secretAccessKey: SECRET,
    region: 'us-east-1',
    service: 'lambdabox-code',
    now: SIGNED_AT,
    expiresSeconds: 600,
    ...overrides,
  });
}

/** The request a browser or curl makes for the URL. */
function fetchOf(url: string): IncomingSignedRequest {
  const parsed = new URL(url);
  return { method: 'GET', path: parsed.pathname, query: parsed.search.slice(1), headers: [['Host', parsed.host], ['User-Agent', 'curl/8']], body: Buffer.alloc(0) };
}

function verifyAt(req: IncomingSignedRequest, now: Date, extra: Partial<VerifyOptions> = {}): void {
  verifySigV4(req, parseSigV4(req), SECRET, { now, expectedService: 'lambdabox-code', ...extra });
}

describe('presignUrl', () => {
  test('produces a URL that verifies until it expires', () => {
    const url = presign();
    assert.match(url, /^http:\/\/127\.0\.0\.1:9000\/_lambdabox\/code\/sha256%3Aabc\?/);
    assert.match(url, /X-Amz-Credential=AKIDLAMBDABOX%2F20260301%2Fus-east-1%2Flambdabox-code%2Faws4_request/);
    const req = fetchOf(url);
    const parsed = parseSigV4(req);
    assert.equal(parsed.mode, 'query');
    assert.equal(parsed.expiresSeconds, 600);
    verifyAt(req, SIGNED_AT);
    verifyAt(req, new Date(SIGNED_AT.getTime() + 600_000));
    assert.throws(
      () => verifyAt(req, new Date(SIGNED_AT.getTime() + 601_000)),
      (error: unknown) =>
        error instanceof AwsError &&
        error.code === 'InvalidSignatureException' &&
        error.message === 'Signature expired: 20260301T100000Z is now earlier than 20260301T100001Z (20260301T101001Z - 10 min.)',
    );
  });

  test('any change to the URL breaks it', () => {
    const req = fetchOf(presign());
    for (const tampered of [
      { ...req, path: req.path.replace('abc', 'abd') },
      { ...req, query: req.query.replace('versionId=a%20b', 'versionId=a%20c') },
      { ...req, query: req.query.replace('X-Amz-Expires=600', 'X-Amz-Expires=6000') },
      { ...req, headers: [['Host', '127.0.0.1:9001']] as Array<[string, string]> },
    ]) {
      assert.throws(() => verifyAt(tampered, SIGNED_AT), AwsError);
    }
  });

  test('carries a session token and, when asked, an unsigned payload', () => {
    const req = fetchOf(presign({ sessionToken: 'tok/en+=', unsignedPayload: true }));
    assert.equal(parseSigV4(req).securityToken, 'tok/en+=');
    verifyAt(req, SIGNED_AT, { allowUnsignedPayload: true });
    assert.throws(() => verifyAt(req, SIGNED_AT), AwsError);
  });

  test('refuses lifetimes outside 1..604800 seconds and URLs already signed', () => {
    assert.throws(() => presign({ expiresSeconds: 0 }), RangeError);
    assert.throws(() => presign({ expiresSeconds: 604_801 }), RangeError);
    assert.throws(() => presign({ url: new URL('http://h/?X-Amz-Signature=1') }), /already carries/);
  });
});

describe('signing keys', () => {
  test('derivation matches the AWS suite (get-vanilla)', () => {
    const signed = signRequest({
      method: 'GET',
      path: '/',
      headers: [['Host', 'example.amazonaws.com']],
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: SECRET,
      region: 'us-east-1',
      service: 'service',
      now: new Date('2015-08-30T12:36:00Z'),
    });
    assert.equal(signed.signature, '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  test('the cache returns the derived key, stays bounded and evicts the least recently used', () => {
    const cache = new SigningKeyCache(2);
    const a = cache.get(SECRET, '20150830', 'us-east-1', 'lambda');
    assert.deepEqual(a, deriveSigningKey(SECRET, '20150830', 'us-east-1', 'lambda'));
    assert.equal(cache.get(SECRET, '20150830', 'us-east-1', 'lambda'), a);
    const b = cache.get(SECRET, '20150830', 'us-east-1', 'iam');
    assert.equal(cache.get(SECRET, '20150830', 'us-east-1', 'lambda'), a); // a is now the most recent
    cache.get('other-secret', '20150830', 'us-east-1', 'lambda'); // evicts b
    assert.equal(cache.size, 2);
    assert.equal(cache.get(SECRET, '20150830', 'us-east-1', 'lambda'), a);
    assert.notEqual(cache.get(SECRET, '20150830', 'us-east-1', 'iam'), b);
    assert.notDeepEqual(cache.get('other-secret', '20150830', 'us-east-1', 'lambda'), a);
  });

  test('the cache shows no secret when inspected', async () => {
    const { inspect } = await import('node:util');
    const cache = new SigningKeyCache();
    cache.get(SECRET, '20150830', 'us-east-1', 'lambda');
    assert.ok(!inspect(cache, { showHidden: true, depth: 5 }).includes(SECRET));
    assert.throws(() => new SigningKeyCache(0), RangeError);
  });
});

describe('canonical pieces', () => {
  test('paths: normalized, then encoded again', () => {
    assert.equal(canonicalUri('/2015-03-31/functions/f%3A%24LATEST'), '/2015-03-31/functions/f%253A%2524LATEST');
    assert.equal(canonicalUri(''), '/');
    assert.equal(canonicalUri('/a/./b/../c//d/'), '/a/c/d/');
    assert.equal(canonicalUri('/a/b/..'), '/a');
    assert.equal(canonicalUri('/..'), '/');
    assert.equal(canonicalUri('/a b/ü'), '/a%20b/%C3%BC');
    assert.equal(canonicalUri('//x//', { normalizePath: false }), '//x//');
  });

  test('queries: decoded, strictly re-encoded, sorted by name then value', () => {
    assert.equal(canonicalQueryString('b=2&a=2&a=1&c'), 'a=1&a=2&b=2&c=');
    assert.equal(canonicalQueryString('k=%2f%41*!+x'), 'k=%2FA%2A%21%20x');
    assert.equal(canonicalQueryString('bad=%zz%4&&=v'), '=v&bad=%25zz%254');
    assert.equal(canonicalQueryString('X-Amz-Signature=abc&a=1', ['X-Amz-Signature']), 'a=1');
    assert.equal(canonicalQueryString('k=%F0%9F%98%80&e=\u{1F600}'), 'e=%F0%9F%98%80&k=%F0%9F%98%80');
  });

  test('header values: trimmed, whitespace runs collapsed, single spaces kept', () => {
    assert.equal(canonicalHeaderValue('  a   b\t c  '), 'a b c');
    assert.equal(canonicalHeaderValue('a b c'), 'a b c');
    assert.equal(canonicalHeaderValue('x\ty'), 'x y');
    assert.equal(canonicalHeaderValue('   '), '');
  });
});

test('verification of a Lambda-sized request costs well under a millisecond', () => {
  const body = Buffer.from(JSON.stringify({ payload: 'x'.repeat(2000) }));
  const signed = signRequest({
    method: 'POST',
    path: '/2015-03-31/functions/my-function%3A%24LATEST/invocations',
    headers: [['Host', 'localhost:9000'], ['Content-Type', 'application/json'], ['X-Amz-Invocation-Type', 'RequestResponse'], ['amz-sdk-invocation-id', 'b1f0'], ['amz-sdk-request', 'attempt=1; max=3']],
    body,
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: SECRET,
    sessionToken: 'x'.repeat(400),
    addContentSha256: true,
    region: 'us-east-1',
    service: 'lambda',
    now: SIGNED_AT,
  });
  const req: IncomingSignedRequest = { method: 'POST', path: '/2015-03-31/functions/my-function%3A%24LATEST/invocations', query: '', headers: signed.headers, body };
  const options: VerifyOptions = { now: SIGNED_AT, expectedService: 'lambda', signingKeyCache: new SigningKeyCache() };
  const samples: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const start = process.hrtime.bigint();
    verifySigV4(req, parseSigV4(req), SECRET, options);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((x, y) => x - y);
  const p50 = samples[Math.floor(samples.length / 2)] ?? Infinity;
  assert.ok(p50 < 0.25, `p50 ${p50.toFixed(4)} ms`);
});
