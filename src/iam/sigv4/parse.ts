/**
 * Reads a request's SigV4 authorization (header or presigned query) without verifying it, so the front door
 * can route by the credential-scope service and look the access key up first. Malformed input gets AWS's
 * IncompleteSignatureException wording.
 */
import {
  IncompleteSignatureError,
  InvalidSignatureError,
  MissingAuthenticationTokenError,
} from '../../shared/errors/aws-error.js';
import { firstHeader, indexHeaders } from './canonical-headers.js';
import type { HeaderIndex } from './canonical-headers.js';
import { firstQueryValues } from './canonical-query.js';
import { formatAmzDate, parseAmzDate, parseHttpDate } from './amz-date.js';
import {
  HEADER_AMZ_DATE,
  HEADER_AUTHORIZATION,
  HEADER_DATE,
  HEADER_SECURITY_TOKEN,
  MAX_PRESIGN_EXPIRES_SECONDS,
  QUERY_ALGORITHM,
  QUERY_CREDENTIAL,
  QUERY_DATE,
  QUERY_EXPIRES,
  QUERY_SECURITY_TOKEN,
  QUERY_SIGNATURE,
  QUERY_SIGNED_HEADERS,
  SIGV4_ALGORITHM,
} from './constants.js';
import type { ParsedSigV4, SignedRequestHead } from './types.js';

interface Credential {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

function parseCredential(value: string): Credential {
  const parts = value.split('/');
  const [accessKeyId, date, region, service, terminator] = parts;
  if (
    parts.length !== 5 ||
    accessKeyId === undefined ||
    date === undefined ||
    region === undefined ||
    service === undefined ||
    terminator === undefined
  ) {
    throw new IncompleteSignatureError(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${value}'`,
    );
  }
  return { accessKeyId, date, region, service, terminator };
}

function badDate(value: string): IncompleteSignatureError {
  return new IncompleteSignatureError(
    `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  );
}

function splitSignedHeaders(value: string): string[] {
  return value.split(';').map((name) => name.trim().toLowerCase());
}

function parseHeaderAuth(authorization: string, headers: HeaderIndex): ParsedSigV4 {
  const value = authorization.trim();
  const space = value.indexOf(' ');
  const scheme = space < 0 ? value : value.slice(0, space);
  const params = new Map<string, string>();
  if (scheme === SIGV4_ALGORITHM) {
    for (const raw of value.slice(space < 0 ? value.length : space + 1).split(',')) {
      const param = raw.trim();
      if (param === '') continue;
      const eq = param.indexOf('=');
      if (eq < 0) {
        throw new IncompleteSignatureError(
          `'${param}' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.`,
        );
      }
      // Later duplicates win, as AWS reads them.
      params.set(param.slice(0, eq).trim(), param.slice(eq + 1).trim());
    }
  } else if (scheme.startsWith('AWS4-')) {
    throw new IncompleteSignatureError(`Unsupported AWS 'algorithm': '${scheme}'.`);
  }

  const credential = params.get('Credential') ?? '';
  const signature = params.get('Signature') ?? '';
  const signedHeaders = params.get('SignedHeaders') ?? '';
  const dateValue = firstHeader(headers, HEADER_AMZ_DATE) ?? firstHeader(headers, HEADER_DATE);
  const missing: string[] = [];
  if (credential === '') missing.push("Authorization header requires 'Credential' parameter.");
  if (signature === '') missing.push("Authorization header requires 'Signature' parameter.");
  if (signedHeaders === '') missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (dateValue === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  // AWS echoes the whole header; we echo only the scheme so a foreign bearer token never lands in an error or log.
  if (missing.length > 0) throw new IncompleteSignatureError(`${missing.join(' ')} Authorization=${scheme}`);

  const scope = parseCredential(credential);
  const amzDate = headerDate(headers);
  const securityToken = firstHeader(headers, HEADER_SECURITY_TOKEN);
  return {
    mode: 'header',
    ...scope,
    signedHeaders: splitSignedHeaders(signedHeaders),
    signature,
    amzDate,
    ...(securityToken === undefined ? {} : { securityToken }),
  };
}

/** X-Amz-Date when present, otherwise the `Date` header (IMF-fixdate, or the basic ISO form some clients send). */
function headerDate(headers: HeaderIndex): string {
  const amzDate = firstHeader(headers, HEADER_AMZ_DATE);
  if (amzDate !== undefined) {
    const trimmed = amzDate.trim();
    if (parseAmzDate(trimmed) === undefined) throw badDate(amzDate);
    return trimmed;
  }
  const value = firstHeader(headers, HEADER_DATE) ?? '';
  const trimmed = value.trim();
  if (parseAmzDate(trimmed) !== undefined) return trimmed;
  const ms = parseHttpDate(trimmed);
  if (ms === undefined) throw badDate(value);
  return formatAmzDate(ms);
}

function parseExpires(value: string): number {
  let n = 0;
  const negative = value.startsWith('-');
  const body = negative ? value.slice(1) : value;
  if (body === '' || body.length > 10) throw new IncompleteSignatureError('X-Amz-Expires should be a number');
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c < 0x30 || c > 0x39) throw new IncompleteSignatureError('X-Amz-Expires should be a number');
    n = n * 10 + (c - 0x30);
  }
  if (negative && n > 0) throw new IncompleteSignatureError('X-Amz-Expires must be non-negative');
  // Not AWS wording: S3 tolerates 0, but a URL valid for no time at all is always a client bug.
  if (n === 0) throw new IncompleteSignatureError('X-Amz-Expires must be at least 1 second');
  if (n > MAX_PRESIGN_EXPIRES_SECONDS) {
    throw new IncompleteSignatureError('X-Amz-Expires must be less than a week (in seconds) that is; 604800');
  }
  return n;
}

function parseQueryAuth(query: ReadonlyMap<string, string>, headers: HeaderIndex): ParsedSigV4 {
  const required = [QUERY_ALGORITHM, QUERY_CREDENTIAL, QUERY_SIGNATURE, QUERY_SIGNED_HEADERS, QUERY_DATE];
  const missing = required.filter((name) => (query.get(name) ?? '') === '');
  if (missing.length > 0) {
    const parts = missing.map((name) => `AWS query-string parameters must include '${name}'.`);
    throw new IncompleteSignatureError(`${parts.join(' ')} Re-examine the query-string parameters.`);
  }
  const algorithm = query.get(QUERY_ALGORITHM) ?? '';
  if (algorithm !== SIGV4_ALGORITHM) throw new IncompleteSignatureError(`Unsupported AWS 'algorithm': '${algorithm}'.`);

  const scope = parseCredential(query.get(QUERY_CREDENTIAL) ?? '');
  const amzDate = query.get(QUERY_DATE) ?? '';
  if (parseAmzDate(amzDate) === undefined) throw badDate(amzDate);
  const expires = query.get(QUERY_EXPIRES);
  const securityToken = query.get(QUERY_SECURITY_TOKEN) ?? firstHeader(headers, HEADER_SECURITY_TOKEN);
  return {
    mode: 'query',
    ...scope,
    signedHeaders: splitSignedHeaders(query.get(QUERY_SIGNED_HEADERS) ?? ''),
    signature: query.get(QUERY_SIGNATURE) ?? '',
    amzDate,
    ...(expires === undefined ? {} : { expiresSeconds: parseExpires(expires) }),
    ...(securityToken === undefined ? {} : { securityToken }),
  };
}

export function parseSigV4(req: SignedRequestHead): ParsedSigV4 {
  const headers = indexHeaders(req.headers);
  // The first Authorization header counts, as Node's req.headers keeps it.
  const authorization = firstHeader(headers, HEADER_AUTHORIZATION);
  const hasHeaderAuth = authorization !== undefined && authorization.trim() !== '';
  const query = firstQueryValues(req.query);
  const hasQueryAuth = query.has(QUERY_ALGORITHM);
  if (hasHeaderAuth && hasQueryAuth) {
    throw new InvalidSignatureError(
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  }
  if (hasHeaderAuth) return parseHeaderAuth(authorization, headers);
  if (hasQueryAuth) return parseQueryAuth(query, headers);
  throw new MissingAuthenticationTokenError();
}
