/** SigV4 query presigning (GetFunction's Code.Location download URL); verifiable by verifySigV4 in query mode. */
import { createHmac } from 'node:crypto';
import { formatAmzDate } from './amz-date.js';
import { canonicalRequest, credentialScope, stringToSign } from './canonical.js';
import { canonicalQueryString, firstQueryValues } from './canonical-query.js';
import {
  EMPTY_BODY_SHA256,
  MAX_PRESIGN_EXPIRES_SECONDS,
  QUERY_ALGORITHM,
  QUERY_CONTENT_SHA256,
  QUERY_CREDENTIAL,
  QUERY_DATE,
  QUERY_EXPIRES,
  QUERY_SECURITY_TOKEN,
  QUERY_SIGNATURE,
  QUERY_SIGNED_HEADERS,
  SIGV4_ALGORITHM,
  UNSIGNED_PAYLOAD,
} from './constants.js';
import { deriveSigningKey } from './signing-key.js';
import { uriEncode } from './uri-encode.js';
import { InvalidArgumentError } from '../../shared/errors/lambdabox-error.js';

export interface PresignUrlInput {
  readonly method: string;
  readonly url: URL;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region: string;
  readonly service: string;
  readonly now: Date;
  /** 1..604800 */
  readonly expiresSeconds: number;
  /**
   * Sign UNSIGNED-PAYLOAD instead of the empty-body hash; the URL then carries X-Amz-Content-Sha256 so the
   * verifier (with allowUnsignedPayload) knows which one was signed.
   */
  readonly unsignedPayload?: boolean;
  /** @default true */
  readonly normalizePath?: boolean;
}

const AUTH_PARAMS = [QUERY_ALGORITHM, QUERY_CREDENTIAL, QUERY_DATE, QUERY_EXPIRES, QUERY_SIGNED_HEADERS, QUERY_SIGNATURE];

export function presignUrl(input: PresignUrlInput): string {
  const { url } = input;
  if (!Number.isInteger(input.expiresSeconds) || input.expiresSeconds < 1 || input.expiresSeconds > MAX_PRESIGN_EXPIRES_SECONDS) {
    throw new RangeError(`expiresSeconds must be an integer in 1..${MAX_PRESIGN_EXPIRES_SECONDS}`);
  }
  const existing = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  const present = firstQueryValues(existing);
  if (AUTH_PARAMS.some((name) => present.has(name))) throw new InvalidArgumentError('URL already carries SigV4 query parameters');

  const amzDate = formatAmzDate(input.now.getTime());
  const date = amzDate.slice(0, 8);
  const scope = credentialScope(date, input.region, input.service);
  const added: Array<[string, string]> = [
    [QUERY_ALGORITHM, SIGV4_ALGORITHM],
    [QUERY_CREDENTIAL, `${input.accessKeyId}/${scope}`],
    [QUERY_DATE, amzDate],
    [QUERY_EXPIRES, String(input.expiresSeconds)],
    [QUERY_SIGNED_HEADERS, 'host'],
  ];
  if (input.sessionToken !== undefined) added.push([QUERY_SECURITY_TOKEN, input.sessionToken]);
  if (input.unsignedPayload === true) added.push([QUERY_CONTENT_SHA256, UNSIGNED_PAYLOAD]);
  const rawQuery = [existing, ...added.map(([k, v]) => `${k}=${uriEncode(v, false)}`)].filter((p) => p !== '').join('&');
  // The canonical query doubles as the wire query: the verifier re-canonicalizes it to the same string.
  const query = canonicalQueryString(rawQuery);

  const canonical = canonicalRequest({
    method: input.method,
    path: url.pathname,
    query,
    headers: [['host', url.host]],
    signedHeaders: ['host'],
    payloadHash: input.unsignedPayload === true ? UNSIGNED_PAYLOAD : EMPTY_BODY_SHA256,
    normalizePath: input.normalizePath,
  });
  const key = deriveSigningKey(input.secretAccessKey, date, input.region, input.service);
  const signature = createHmac('sha256', key).update(stringToSign(amzDate, scope, canonical), 'utf8').digest('hex');
  return `${url.protocol}//${url.host}${url.pathname}?${query}&${QUERY_SIGNATURE}=${signature}`;
}
