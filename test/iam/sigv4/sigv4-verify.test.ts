/**
 * The verifier against a real AWS signer (@smithy/signature-v4; the full SDK is in sigv4-sdk.test.ts) and
 * against AWS's exact failure messages: clock skew both ways, credential scope, signed-header rules,
 * payload hashes, and the guarantee that no secret or token reaches an error.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import type { Hash, Hmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { AwsError, InvalidSignatureError } from '../../../src/shared/errors/aws-error.js';
import { parseSigV4 } from '../../../src/iam/sigv4/parse.js';
import { signRequest } from '../../../src/iam/sigv4/sign.js';
import type { SignRequestInput } from '../../../src/iam/sigv4/sign.js';
import type { IncomingSignedRequest } from '../../../src/iam/sigv4/types.js';
import { verifySigV4 } from '../../../src/iam/sigv4/verify.js';
import type { SignatureMismatchDetails, VerifyOptions } from '../../../src/iam/sigv4/verify.js';

const AKID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEXAMPLE+token/with==';
const SIGNED_AT = new Date('2015-08-30T12:36:00Z');
const LAMBDA_PATH = '/2015-03-31/functions/my-function%3A%24LATEST/invocations';
const BODY = Buffer.from(JSON.stringify({ hello: 'world', n: 1 }));

/** @smithy/signature-v4 wants a hash constructor; node:crypto is enough. */
class NodeSha256 {
  readonly #secret: SourceData | undefined;
  #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#hash = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    if (this.#secret === undefined) return createHash('sha256');
    const key =
      typeof this.#secret === 'string'
        ? this.#secret
        : ArrayBuffer.isView(this.#secret)
          ? Buffer.from(this.#secret.buffer, this.#secret.byteOffset, this.#secret.byteLength)
          : Buffer.from(this.#secret);
    return createHmac('sha256', key);
  }
  update(data: Uint8Array | string): void {
    this.#hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#fresh();
  }
}

function smithySigner(sessionToken?: string): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: AKID, secretAccessKey: SECRET, ...(sessionToken === undefined ? {} : { sessionToken }) },
    region: 'us-east-1',
    service: 'lambda',
    sha256: NodeSha256,
  });
}

/** The query string as smithy's HTTP handlers put it on the wire (escapeUri on names and values). */
function wireQuery(query: Record<string, string | string[] | null>): string {
  const escape = (s: string): string =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return Object.entries(query)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v ?? '']).map((value) => `${escape(k)}=${escape(value)}`))
    .join('&');
}

function toIncoming(signed: {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}): IncomingSignedRequest {
  return {
    method: signed.method,
    path: signed.path,
    query: wireQuery(signed.query ?? {}),
    headers: Object.entries(signed.headers),
    body: signed.body instanceof Uint8Array ? signed.body : Buffer.alloc(0),
  };
}

const lambdaOptions = (now = SIGNED_AT): VerifyOptions => ({ now, expectedRegion: 'us-east-1', expectedService: 'lambda' });

function check(req: IncomingSignedRequest, options: VerifyOptions = lambdaOptions(), secret = SECRET): void {
  verifySigV4(req, parseSigV4(req), secret, options);
}

function ours(overrides: Partial<SignRequestInput> = {}): IncomingSignedRequest {
  const signed = signRequest({
    method: 'POST',
    path: LAMBDA_PATH,
    headers: [
      ['Host', 'lambda.us-east-1.amazonaws.com'],
      ['Content-Type', 'application/json'],
      ['X-Amz-Invocation-Type', 'RequestResponse'],
    ],
    body: BODY,
    accessKeyId: AKID,
    secretAccessKey: SECRET,
    region: 'us-east-1',
    service: 'lambda',
    now: SIGNED_AT,
    ...overrides,
  });
  return { method: overrides.method ?? 'POST', path: overrides.path ?? LAMBDA_PATH, query: overrides.query ?? '', headers: signed.headers, body: overrides.body ?? BODY };
}

function rejects(fn: () => void, message: string, code = 'InvalidSignatureException', status = 403): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AwsError);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.message, message);
    return true;
  });
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

describe('cross-check with @smithy/signature-v4', () => {
  const smithyRequest = {
    method: 'POST',
    protocol: 'https:',
    hostname: 'lambda.us-east-1.amazonaws.com',
    path: LAMBDA_PATH,
    query: {},
    headers: { host: 'lambda.us-east-1.amazonaws.com', 'content-type': 'application/json', 'x-amz-log-type': 'Tail' },
    body: BODY,
  };

  test('a Lambda Invoke signed by smithy (%3A%24LATEST path, JSON body) verifies, and tampering fails', async () => {
    const signed = await smithySigner().sign(smithyRequest, { signingDate: SIGNED_AT });
    const req = toIncoming(signed);
    check(req);
    assert.equal(parseSigV4(req).service, 'lambda');
    rejects(() => check({ ...req, body: Buffer.from(JSON.stringify({ hello: 'World', n: 1 })) }), "The provided 'x-amz-content-sha256' header does not match what was computed.", 'XAmzContentSHA256Mismatch', 400);
    rejects(() => check({ ...req, path: LAMBDA_PATH.replace('%24LATEST', '%241') }), MISMATCH);
    rejects(() => check(req, lambdaOptions(), SECRET.replace('K', 'k')), MISMATCH);
  });

  test('without x-amz-content-sha256 (applyChecksum off) the body hash is computed by us', async () => {
    const signer = new SignatureV4({ credentials: { accessKeyId: AKID, secretAccessKey: SECRET }, region: 'us-east-1', service: 'lambda', sha256: NodeSha256, applyChecksum: false });
    const req = toIncoming(await signer.sign(smithyRequest, { signingDate: SIGNED_AT }));
    assert.ok(!req.headers.some(([n]) => n === 'x-amz-content-sha256'));
    check(req);
    rejects(() => check({ ...req, body: Buffer.from('{}') }), MISMATCH);
  });

  test('a GET with an awkward query and a session token verifies', async () => {
    const signed = await smithySigner(TOKEN).sign(
      { ...smithyRequest, method: 'GET', path: '/2015-03-31/functions/', query: { Marker: 'a b+c/d*~', MaxItems: '10', FunctionVersion: 'ALL' }, body: undefined },
      { signingDate: SIGNED_AT },
    );
    const req = toIncoming(signed);
    assert.ok(req.query.includes('Marker=a%20b%2Bc%2Fd%2A~'));
    check(req);
    assert.equal(parseSigV4(req).securityToken, TOKEN);
  });

  test('a smithy presigned URL verifies in query mode and expires', async () => {
    const presigned = await smithySigner(TOKEN).presign({ ...smithyRequest, method: 'GET', body: undefined, headers: { host: 'lambda.us-east-1.amazonaws.com' } }, { signingDate: SIGNED_AT, expiresIn: 900 });
    const req = toIncoming(presigned);
    const parsed = parseSigV4(req);
    assert.equal(parsed.mode, 'query');
    assert.equal(parsed.expiresSeconds, 900);
    assert.equal(parsed.securityToken, TOKEN);
    check(req, lambdaOptions(new Date(SIGNED_AT.getTime() + 900_000)));
    rejects(() => check(req, lambdaOptions(new Date(SIGNED_AT.getTime() + 900_001))), 'Signature expired: 20150830T123600Z is now earlier than 20150830T123600Z (20150830T125100Z - 15 min.)');
  });
});

describe('clock skew', () => {
  const req = ours();
  test('exactly five minutes either way is accepted', () => {
    check(req, lambdaOptions(new Date('2015-08-30T12:41:00Z')));
    check(req, lambdaOptions(new Date('2015-08-30T12:31:00Z')));
  });

  test('too old: AWS message', () => {
    rejects(() => check(req, lambdaOptions(new Date('2015-08-30T12:46:00Z'))), 'Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T124600Z - 5 min.)');
  });

  test('from the future: AWS message', () => {
    const future = ours({ now: new Date('2015-08-30T13:00:00Z') });
    rejects(() => check(future, lambdaOptions()), 'Signature not yet current: 20150830T130000Z is still later than 20150830T124100Z (20150830T123600Z + 5 min.)');
  });

  test('a custom window is reported in its own unit', () => {
    rejects(() => check(req, { ...lambdaOptions(new Date('2015-08-30T12:37:31Z')), maxSkewMs: 90_000 }), 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T123731Z - 90 sec.)');
  });
});

describe('credential scope', () => {
  test('wrong region', () => {
    rejects(() => check(ours({ region: 'eu-west-1' })), 'Credential should be scoped to a valid region. ');
  });

  test('wrong service', () => {
    rejects(() => check(ours({ service: 'iam' })), "Credential should be scoped to correct service: 'lambda'. ");
  });

  test('both at once, in AWS order', () => {
    rejects(() => check(ours({ region: 'eu-west-1', service: 'iam' })), "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'lambda'. ");
  });

  test('scope date must be the X-Amz-Date day', () => {
    const req = ours();
    const auth = req.headers.map(([n, v]) => [n, n === 'authorization' ? v.replace('/20150830/', '/20150831/') : v] as const);
    rejects(() => check({ ...req, headers: auth }), "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.");
  });

  test('terminator must be aws4_request', () => {
    const req = ours();
    const auth = req.headers.map(([n, v]) => [n, n === 'authorization' ? v.replace('/aws4_request', '/aws5_request') : v] as const);
    rejects(() => check({ ...req, headers: auth }), "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
  });
});

describe('signed-header rules', () => {
  test('host must be signed', () => {
    const req = ours();
    const auth = req.headers.map(([n, v]) => [n, n === 'authorization' ? v.replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;') : v] as const);
    rejects(() => check({ ...req, headers: auth }), "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  test('an x-amz-* header added after signing is refused; the session token is exempt', () => {
    const req = ours();
    rejects(() => check({ ...req, headers: [...req.headers, ['X-Amz-Log-Type', 'Tail']] }), "'x-amz-log-type' must be a 'SignedHeader' in the AWS Authorization.");
    check({ ...req, headers: [...req.headers, ['X-Amz-Log-Type', 'Tail']] }, { ...lambdaOptions(), requireSignedAmzHeaders: false });
    const late = ours({ sessionToken: TOKEN, signSessionToken: false });
    check(late);
    assert.equal(parseSigV4(late).securityToken, TOKEN);
  });

  test('a changed signed header fails; an unsigned non-amz header does not matter', () => {
    const req = ours();
    rejects(() => check({ ...req, headers: req.headers.map(([n, v]) => [n, n === 'X-Amz-Invocation-Type' ? 'Event' : v] as const) }), MISMATCH);
    check({ ...req, headers: [...req.headers, ['User-Agent', 'anything']] });
  });
});

describe('payload', () => {
  test('a declared hash that does not match the body is a 400', () => {
    const req = ours({ addContentSha256: true });
    check(req);
    rejects(() => check({ ...req, body: Buffer.from('{}') }), "The provided 'x-amz-content-sha256' header does not match what was computed.", 'XAmzContentSHA256Mismatch', 400);
  });

  test('UNSIGNED-PAYLOAD only when allowed', () => {
    const req = ours({ unsignedPayload: true });
    check({ ...req, body: Buffer.from('anything') }, { ...lambdaOptions(), allowUnsignedPayload: true });
    rejects(() => check(req), MISMATCH);
  });
});

describe('secrets stay out of errors', () => {
  test('mismatch details redact the token and never hold the secret', () => {
    const req = ours({ sessionToken: TOKEN });
    let details: SignatureMismatchDetails | undefined;
    assert.throws(() => check(req, { ...lambdaOptions(), onSignatureMismatch: (d) => (details = d) }, 'wrong-secret'), (error: unknown) => {
      assert.ok(error instanceof InvalidSignatureError);
      assert.ok(!error.message.includes('wrong-secret') && !error.message.includes(TOKEN));
      return true;
    });
    assert.ok(details !== undefined);
    assert.ok(details.canonicalRequest.includes('x-amz-security-token:<redacted>'));
    assert.ok(!JSON.stringify(details).includes(TOKEN) && !JSON.stringify(details).includes('wrong-secret'));
  });

  test('a signature of another length is a plain mismatch', () => {
    const req = ours();
    const short = req.headers.map(([n, v]) => [n, n === 'authorization' ? v.slice(0, -1) : v] as const);
    rejects(() => check({ ...req, headers: short }), MISMATCH);
  });
});
