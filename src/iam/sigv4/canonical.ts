/** The canonical request and string to sign, exactly as the SigV4 specification lays them out. */
import { createHash } from 'node:crypto';
import { canonicalHeaders, indexHeaders } from './canonical-headers.js';
import type { HeaderIndex, HeaderPairs } from './canonical-headers.js';
import { canonicalQueryString } from './canonical-query.js';
import { canonicalUri } from './canonical-uri.js';
import { SIGV4_ALGORITHM, SIGV4_TERMINATOR } from './constants.js';

export interface CanonicalRequestInput {
  readonly method: string;
  /** path as received, percent-encoding intact */
  readonly path: string;
  /** raw query after `?` */
  readonly query: string;
  readonly headers: HeaderPairs | HeaderIndex;
  /** lower-case header names, in the order they are listed in SignedHeaders */
  readonly signedHeaders: readonly string[];
  /** hex SHA-256 of the payload, or UNSIGNED-PAYLOAD */
  readonly payloadHash: string;
  /** query names left out of the canonical query (X-Amz-Signature for presigned requests) */
  readonly excludedQueryNames?: readonly string[];
  /** @default true */
  readonly normalizePath?: boolean;
  /** @default true */
  readonly uriEncodePath?: boolean;
}

function asIndex(headers: HeaderPairs | HeaderIndex): HeaderIndex {
  return headers instanceof Map ? headers : indexHeaders(headers as HeaderPairs);
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  return (
    input.method +
    '\n' +
    canonicalUri(input.path, { normalizePath: input.normalizePath, uriEncodePath: input.uriEncodePath }) +
    '\n' +
    canonicalQueryString(input.query, input.excludedQueryNames) +
    '\n' +
    canonicalHeaders(input.signedHeaders, asIndex(input.headers)) +
    '\n' +
    input.signedHeaders.join(';') +
    '\n' +
    input.payloadHash
  );
}

export function credentialScope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/${SIGV4_TERMINATOR}`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  const digest = createHash('sha256').update(canonical, 'utf8').digest('hex');
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${digest}`;
}
