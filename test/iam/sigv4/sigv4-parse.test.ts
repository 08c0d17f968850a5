/** parseSigV4: what it extracts, and AWS's IncompleteSignatureException wording for everything malformed. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { AwsError } from '../../../src/shared/errors/aws-error.js';
import { parseSigV4 } from '../../../src/iam/sigv4/parse.js';
import { deriveSigningKey } from '../../../src/iam/sigv4/signing-key.js';
import { computeSigningInputs } from '../../../src/iam/sigv4/signing-inputs.js';
import type { IncomingSignedRequest } from '../../../src/iam/sigv4/types.js';
import { verifySigV4 } from '../../../src/iam/sigv4/verify.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const CREDENTIAL = 'AKIDEXAMPLE/20150830/us-east-1/lambda/aws4_request';
const SIG = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
const AUTH = `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=${SIG}`;

function request(headers: Array<[string, string]>, query = ''): IncomingSignedRequest {
  return { method: 'GET', path: '/', query, headers: [['Host', 'example.com'], ...headers], body: Buffer.alloc(0) };
}

function rejects(req: IncomingSignedRequest, code: string, status: number, message: string): void {
  assert.throws(
    () => parseSigV4(req),
    (error: unknown) => {
      assert.ok(error instanceof AwsError);
      assert.deepEqual({ code: error.code, status: error.status, message: error.message }, { code, status, message });
      return true;
    },
  );
}

const incomplete = (req: IncomingSignedRequest, message: string): void => rejects(req, 'IncompleteSignatureException', 400, message);

describe('header mode', () => {
  test('extracts every field', () => {
    const parsed = parseSigV4(request([['X-Amz-Date', '20150830T123600Z'], ['authorization', AUTH], ['X-Amz-Security-Token', 'tok']]));
    assert.deepEqual(parsed, {
      mode: 'header',
      accessKeyId: 'AKIDEXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'lambda',
      terminator: 'aws4_request',
      signedHeaders: ['host', 'x-amz-date'],
      signature: SIG,
      amzDate: '20150830T123600Z',
      securityToken: 'tok',
    });
  });

  test('tolerates missing spaces after commas and lists in any order', () => {
    const auth = `AWS4-HMAC-SHA256 Signature=${SIG},SignedHeaders=Host;X-Amz-Date,Credential=${CREDENTIAL}`;
    const parsed = parseSigV4(request([['X-Amz-Date', '20150830T123600Z'], ['Authorization', auth]]));
    assert.deepEqual(parsed.signedHeaders, ['host', 'x-amz-date']);
    assert.equal(parsed.signature, SIG);
  });

  test('no auth at all is MissingAuthenticationToken', () => {
    rejects(request([]), 'MissingAuthenticationTokenException', 403, 'Missing Authentication Token');
    rejects(request([['Authorization', '  ']]), 'MissingAuthenticationTokenException', 403, 'Missing Authentication Token');
  });

  test('missing parameters and date, listed together', () => {
    incomplete(
      request([['Authorization', 'AWS4-HMAC-SHA256']]),
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
    );
    incomplete(
      request([['X-Amz-Date', '20150830T123600Z'], ['Authorization', `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, Signature=${SIG}`]]),
      "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
    );
  });

  test('another scheme is reported without echoing its credentials', () => {
    assert.throws(
      () => parseSigV4(request([['Authorization', 'Bearer super-secret-token']])),
      (error: unknown) => error instanceof AwsError && error.code === 'IncompleteSignatureException' && !error.message.includes('super-secret') && error.message.endsWith('Authorization=Bearer'),
    );
  });

  test('an unsupported AWS4 algorithm', () => {
    incomplete(request([['Authorization', 'AWS4-ECDSA-P256-SHA256 Credential=x']]), "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'.");
  });

  test('a parameter without an equal sign', () => {
    const auth = `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders, Signature=${SIG}`;
    incomplete(request([['X-Amz-Date', '20150830T123600Z'], ['Authorization', auth]]), `'SignedHeaders' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`);
  });

  test('a credential without five parts', () => {
    const auth = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/lambda, SignedHeaders=host, Signature=${SIG}`;
    incomplete(request([['X-Amz-Date', '20150830T123600Z'], ['Authorization', auth]]), "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/lambda'");
  });

  test('a date that is not ISO 8601 basic format', () => {
    for (const bad of ['2015-08-30T12:36:00Z', '20150830T123600', '20150230T123600Z', '20150830T246000Z']) {
      incomplete(request([['X-Amz-Date', bad], ['Authorization', AUTH]]), `Date must be in ISO-8601 'basic format'. Got '${bad}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    }
  });

  test('the Date header is the fallback, converted for the string to sign, and verifies', () => {
    const unsigned = request([['Date', 'Sun, 30 Aug 2015 12:36:00 GMT']]);
    const draft = { ...unsigned, headers: [...unsigned.headers, ['Authorization', `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=date;host, Signature=${'0'.repeat(64)}`]] as Array<[string, string]> };
    const parsed = parseSigV4(draft);
    assert.equal(parsed.amzDate, '20150830T123600Z');
    const { stringToSign, canonicalRequest } = computeSigningInputs(draft, parsed);
    assert.ok(canonicalRequest.includes('\ndate:Sun, 30 Aug 2015 12:36:00 GMT\n'));
    const signature = createHmac('sha256', deriveSigningKey(SECRET, '20150830', 'us-east-1', 'lambda')).update(stringToSign).digest('hex');
    const signed = { ...unsigned, headers: [...unsigned.headers, ['Authorization', `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=date;host, Signature=${signature}`]] as Array<[string, string]> };
    verifySigV4(signed, parseSigV4(signed), SECRET, { now: new Date('2015-08-30T12:36:00Z'), expectedService: 'lambda' });
    incomplete(request([['Date', 'yesterday'], ['Authorization', AUTH]]), "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See http://en.wikipedia.org/wiki/ISO_8601");
  });
});

describe('query mode', () => {
  const base = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(CREDENTIAL)}&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIG}`;

  test('extracts every field, decoding the parameters', () => {
    const parsed = parseSigV4(request([], `${base}&X-Amz-Expires=60&X-Amz-Security-Token=a%2Bb%2F%3D`));
    assert.equal(parsed.mode, 'query');
    assert.equal(parsed.accessKeyId, 'AKIDEXAMPLE');
    assert.equal(parsed.service, 'lambda');
    assert.equal(parsed.expiresSeconds, 60);
    assert.equal(parsed.securityToken, 'a+b/=');
  });

  test('X-Amz-Expires is optional', () => {
    assert.equal(parseSigV4(request([], base)).expiresSeconds, undefined);
  });

  test('missing parameters are listed together', () => {
    incomplete(
      request([], 'X-Amz-Algorithm'),
      "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    );
    incomplete(request([], base.replace(/&X-Amz-Signature=[0-9a-f]+/, '')), "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.");
  });

  test('X-Amz-Expires must be 1..604800 seconds', () => {
    assert.equal(parseSigV4(request([], `${base}&X-Amz-Expires=604800`)).expiresSeconds, 604800);
    incomplete(request([], `${base}&X-Amz-Expires=604801`), 'X-Amz-Expires must be less than a week (in seconds) that is; 604800');
    incomplete(request([], `${base}&X-Amz-Expires=-5`), 'X-Amz-Expires must be non-negative');
    incomplete(request([], `${base}&X-Amz-Expires=0`), 'X-Amz-Expires must be at least 1 second');
    incomplete(request([], `${base}&X-Amz-Expires=1e3`), 'X-Amz-Expires should be a number');
  });

  test('an unsupported algorithm', () => {
    incomplete(request([], base.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1')), "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1'.");
  });

  test('header and query auth together are refused', () => {
    rejects(request([['Authorization', AUTH], ['X-Amz-Date', '20150830T123600Z']], base), 'InvalidSignatureException', 403, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  });
});
