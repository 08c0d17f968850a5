/** Client-side SigV4 header signing for tests and internal tools; shares the canonicalization the verifier uses. */
import { createHmac } from 'node:crypto';
import { formatAmzDate } from './amz-date.js';
import { indexHeaders } from './canonical-headers.js';
import { canonicalRequest, credentialScope, stringToSign } from './canonical.js';
import { HEADER_AMZ_DATE, HEADER_CONTENT_SHA256, HEADER_SECURITY_TOKEN, SIGV4_ALGORITHM, UNSIGNED_PAYLOAD } from './constants.js';
import { sha256Hex } from './payload-hash.js';
import { deriveSigningKey } from './signing-key.js';
import { InvalidArgumentError } from '../../shared/errors/lambdabox-error.js';

export interface SignRequestInput {
  readonly method: string;
  /** path as it will go on the wire (percent-encoded) */
  readonly path: string;
  /** raw query after `?` */
  readonly query?: string;
  /** must include `host` */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: Uint8Array;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** false: append X-Amz-Security-Token after signing (STS style). @default true */
  readonly signSessionToken?: boolean;
  readonly region: string;
  readonly service: string;
  readonly now: Date;
  /** @default true */
  readonly normalizePath?: boolean;
  /** send and sign `x-amz-content-sha256` with the body hash. @default false */
  readonly addContentSha256?: boolean;
  /** sign UNSIGNED-PAYLOAD (declared in `x-amz-content-sha256`). @default false */
  readonly unsignedPayload?: boolean;
}

export interface SignedRequest {
  /** the input headers plus x-amz-date, the token and content hash when applicable, and authorization */
  readonly headers: Array<[string, string]>;
  readonly authorization: string;
  readonly signature: string;
  readonly amzDate: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

/** Headers proxies and HTTP stacks rewrite or add; the AWS SDKs never sign them either. */
const UNSIGNABLE = new Set([
  'authorization',
  'connection',
  'expect',
  'keep-alive',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

export function signRequest(input: SignRequestInput): SignedRequest {
  const body = input.body ?? new Uint8Array(0);
  const amzDate = formatAmzDate(input.now.getTime());
  const headers: Array<[string, string]> = input.headers
    .filter(([name]) => name.toLowerCase() !== 'authorization')
    .map(([name, value]) => [name, value]);
  if (!headers.some(([name]) => name.toLowerCase() === 'host')) throw new InvalidArgumentError('signRequest needs a host header');
  headers.push([HEADER_AMZ_DATE, amzDate]);
  const payloadHash = input.unsignedPayload === true ? UNSIGNED_PAYLOAD : sha256Hex(body);
  if (input.unsignedPayload === true || input.addContentSha256 === true) headers.push([HEADER_CONTENT_SHA256, payloadHash]);
  const tokenSigned = input.signSessionToken !== false;
  if (input.sessionToken !== undefined && tokenSigned) headers.push([HEADER_SECURITY_TOKEN, input.sessionToken]);

  const signedHeaders = [...new Set(headers.map(([name]) => name.toLowerCase()))]
    .filter((name) => !UNSIGNABLE.has(name))
    .sort();
  const canonical = canonicalRequest({
    method: input.method,
    path: input.path,
    query: input.query ?? '',
    headers: indexHeaders(headers),
    signedHeaders,
    payloadHash,
    normalizePath: input.normalizePath,
  });
  const date = amzDate.slice(0, 8);
  const scope = credentialScope(date, input.region, input.service);
  const sts = stringToSign(amzDate, scope, canonical);
  const key = deriveSigningKey(input.secretAccessKey, date, input.region, input.service);
  const signature = createHmac('sha256', key).update(sts, 'utf8').digest('hex');
  const authorization = `${SIGV4_ALGORITHM} Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  if (input.sessionToken !== undefined && !tokenSigned) headers.push([HEADER_SECURITY_TOKEN, input.sessionToken]);
  headers.push(['authorization', authorization]);
  return { headers, authorization, signature, amzDate, canonicalRequest: canonical, stringToSign: sts };
}
