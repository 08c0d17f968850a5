/** The canonical request and string to sign the verifier recomputes for a parsed request (exported for tests and debugging). */
import { firstHeader, indexHeaders } from './canonical-headers.js';
import type { HeaderIndex } from './canonical-headers.js';
import { canonicalRequest, credentialScope, stringToSign } from './canonical.js';
import { firstQueryValues } from './canonical-query.js';
import { HEADER_CONTENT_SHA256, QUERY_CONTENT_SHA256, QUERY_SECURITY_TOKEN, QUERY_SIGNATURE } from './constants.js';
import { resolvePayloadHash } from './payload-hash.js';
import type { IncomingSignedRequest, ParsedSigV4, SignedRequestHead } from './types.js';

export interface SigningInputOptions {
  /** Non-S3 services normalize the path (and double-encode it, see uriEncodePath). @default true */
  readonly normalizePath?: boolean;
  /** @default true */
  readonly uriEncodePath?: boolean;
  /** Honour `x-amz-content-sha256: UNSIGNED-PAYLOAD` (header, or X-Amz-Content-Sha256 on a presigned URL). @default false */
  readonly allowUnsignedPayload?: boolean;
  /**
   * Presigned only: the X-Amz-Security-Token parameter was appended after signing (STS-style services) and
   * is left out of the canonical query. The token must then be validated on its own, as it always is.
   * @default false
   */
  readonly unsignedQueryToken?: boolean;
}

export interface SigningInputs {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly payloadHash: string;
}

export function computeSigningInputs(
  req: IncomingSignedRequest,
  parsed: ParsedSigV4,
  options: SigningInputOptions = {},
  headerIndex: HeaderIndex = indexHeaders(req.headers),
): SigningInputs {
  const declared = declaredContentSha256(req, parsed, headerIndex);
  const payloadHash = resolvePayloadHash(req.body, declared, options.allowUnsignedPayload === true);
  return signingInputsFor(req, parsed, payloadHash, options, headerIndex);
}

/** x-amz-content-sha256 as sent (or X-Amz-Content-Sha256 on a presigned URL), undefined when absent. */
export function declaredContentSha256(
  req: SignedRequestHead,
  parsed: ParsedSigV4,
  headerIndex: HeaderIndex = indexHeaders(req.headers),
): string | undefined {
  const declared = firstHeader(headerIndex, HEADER_CONTENT_SHA256);
  if (declared === undefined && parsed.mode === 'query' && req.query.includes(QUERY_CONTENT_SHA256)) {
    return firstQueryValues(req.query).get(QUERY_CONTENT_SHA256);
  }
  return declared;
}

/** The signing inputs once the HashedPayload line is known (it may be known before the body, see planPayloadHash). */
export function signingInputsFor(
  req: SignedRequestHead,
  parsed: ParsedSigV4,
  payloadHash: string,
  options: SigningInputOptions = {},
  headerIndex: HeaderIndex = indexHeaders(req.headers),
): SigningInputs {
  const isQuery = parsed.mode === 'query';
  const excludedQueryNames = !isQuery
    ? []
    : options.unsignedQueryToken === true
      ? [QUERY_SIGNATURE, QUERY_SECURITY_TOKEN]
      : [QUERY_SIGNATURE];
  const canonical = canonicalRequest({
    method: req.method,
    path: req.path,
    query: req.query,
    headers: headerIndex,
    signedHeaders: parsed.signedHeaders,
    payloadHash,
    excludedQueryNames,
    normalizePath: options.normalizePath,
    uriEncodePath: options.uriEncodePath,
  });
  const scope = credentialScope(parsed.date, parsed.region, parsed.service);
  return { canonicalRequest: canonical, stringToSign: stringToSign(parsed.amzDate, scope, canonical), payloadHash };
}
