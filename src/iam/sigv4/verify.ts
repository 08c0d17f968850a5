/**
 * Server-side SigV4 verification. Checks run in AWS's order: signed-header rules, clock skew or presign
 * expiry, credential scope, declared payload hash, then the signature itself (constant-time compare).
 * `beginSigV4` runs the checks that need no body, for servers that must refuse before reading one.
 * Nothing here ever puts the secret, the derived key or the session token into an error.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidSignatureError } from '../../shared/errors/aws-error.js';
import { formatAmzDate, formatWindow, parseAmzDate } from './amz-date.js';
import { indexHeaders } from './canonical-headers.js';
import type { HeaderIndex } from './canonical-headers.js';
import { DEFAULT_MAX_SKEW_MS, HEADER_SECURITY_TOKEN, SIGNATURE_MISMATCH_MESSAGE, SIGV4_TERMINATOR } from './constants.js';
import { deriveSigningKey } from './signing-key.js';
import type { SigningKeyCache } from './signing-key.js';
import { payloadHashOf, planPayloadHash } from './payload-hash.js';
import type { PayloadHashPlan } from './payload-hash.js';
import { declaredContentSha256, signingInputsFor } from './signing-inputs.js';
import type { SigningInputOptions } from './signing-inputs.js';
import type { IncomingSignedRequest, ParsedSigV4, SignedRequestHead } from './types.js';
import { uriEncode } from './uri-encode.js';

export interface SignatureMismatchDetails {
  /** with any session token replaced by `<redacted>` */
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

export interface VerifyOptions extends SigningInputOptions {
  readonly now: Date;
  /** When set, the scope region must match (else 403 'Credential should be scoped to a valid region. '). */
  readonly expectedRegion?: string;
  /** When set, the scope service must match (else "Credential should be scoped to correct service: 'lambda'. "). */
  readonly expectedService?: string;
  /** Allowed distance between the request time and now. @default 5 minutes */
  readonly maxSkewMs?: number;
  /**
   * Every `x-amz-*` header sent must be signed, except `x-amz-security-token` (STS-style services append it
   * after signing), so headers such as X-Amz-Invocation-Type cannot be altered in flight. @default true
   */
  readonly requireSignedAmzHeaders?: boolean;
  /** Shared per server; without it each request derives the key (four extra HMACs). */
  readonly signingKeyCache?: SigningKeyCache;
  /** Debug hook on a signature mismatch (never receives the secret; the token is redacted). */
  readonly onSignatureMismatch?: (details: SignatureMismatchDetails) => void;
}

function checkSignedHeaders(parsed: ParsedSigV4, headers: HeaderIndex, requireAmz: boolean): void {
  const signed = parsed.signedHeaders;
  if (!signed.includes('host') && !signed.includes(':authority')) {
    throw new InvalidSignatureError("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (!requireAmz) return;
  for (const name of headers.keys()) {
    if (name.startsWith('x-amz-') && name !== HEADER_SECURITY_TOKEN && !signed.includes(name)) {
      throw new InvalidSignatureError(`'${name}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  }
}

function checkTime(parsed: ParsedSigV4, now: Date, maxSkewMs: number): void {
  const signedAt = parseAmzDate(parsed.amzDate);
  // parseSigV4 already refused malformed dates; a hand-built ParsedSigV4 still must not slip through.
  if (signedAt === undefined) throw new InvalidSignatureError(SIGNATURE_MISMATCH_MESSAGE);
  const nowMs = now.getTime();
  const nowText = formatAmzDate(nowMs);
  if (parsed.mode === 'query' && parsed.expiresSeconds !== undefined) {
    const lifetimeMs = parsed.expiresSeconds * 1000;
    if (nowMs > signedAt + lifetimeMs) {
      throw new InvalidSignatureError(
        `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(nowMs - lifetimeMs)} (${nowText} - ${formatWindow(lifetimeMs)}.)`,
      );
    }
  } else if (signedAt < nowMs - maxSkewMs) {
    throw new InvalidSignatureError(
      `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(nowMs - maxSkewMs)} (${nowText} - ${formatWindow(maxSkewMs)}.)`,
    );
  }
  if (signedAt > nowMs + maxSkewMs) {
    throw new InvalidSignatureError(
      `Signature not yet current: ${parsed.amzDate} is still later than ${formatAmzDate(nowMs + maxSkewMs)} (${nowText} + ${formatWindow(maxSkewMs)}.)`,
    );
  }
}

/** AWS reports every scope problem at once, each sentence as its own wording has it. */
function checkScope(parsed: ParsedSigV4, options: VerifyOptions): void {
  let message = '';
  if (options.expectedRegion !== undefined && parsed.region !== options.expectedRegion) {
    message += 'Credential should be scoped to a valid region. ';
  }
  if (options.expectedService !== undefined && parsed.service !== options.expectedService) {
    message += `Credential should be scoped to correct service: '${options.expectedService}'. `;
  }
  if (parsed.terminator !== SIGV4_TERMINATOR) {
    message += `Credential should be scoped with a valid terminator: '${SIGV4_TERMINATOR}', not '${parsed.terminator}'. `;
  }
  const dateOfRequest = parsed.amzDate.slice(0, 8);
  if (parsed.date !== dateOfRequest) {
    message += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${dateOfRequest}', from '${parsed.amzDate}'.`;
  }
  if (message !== '') throw new InvalidSignatureError(message);
}

function signaturesEqual(expectedHex: string, provided: string): boolean {
  // Lengths are public (always 64 for a well-formed signature); only the contents must not leak timing.
  const a = Buffer.from(expectedHex, 'latin1');
  const b = Buffer.from(provided, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}

function redact(text: string, token: string | undefined): string {
  if (token === undefined || token === '') return text;
  return text.split(token).join('<redacted>').split(uriEncode(token, false)).join('<redacted>');
}

/**
 * A request whose head passed every check but the signature itself. The signature needs the HashedPayload
 * line: `plan.signed` when the head fixes it, else the body's SHA-256 once the body has streamed through.
 */
export interface PendingSigV4 {
  readonly plan: PayloadHashPlan;
  /** Checks the signature over the head and `payloadHash`; throws InvalidSignatureError on a mismatch. */
  verify(payloadHash: string): void;
}

/**
 * Everything SigV4 checks before the payload (signed headers, clock, scope), so a server can refuse a
 * request before reading its body, and then check the signature as soon as the payload hash is known.
 */
export function beginSigV4(
  req: SignedRequestHead,
  parsed: ParsedSigV4,
  secretAccessKey: string,
  options: VerifyOptions,
): PendingSigV4 {
  const headers = indexHeaders(req.headers);
  checkSignedHeaders(parsed, headers, options.requireSignedAmzHeaders !== false);
  checkTime(parsed, options.now, options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS);
  checkScope(parsed, options);
  const plan = planPayloadHash(declaredContentSha256(req, parsed, headers), options.allowUnsignedPayload === true);
  return {
    plan,
    verify(payloadHash: string): void {
      const inputs = signingInputsFor(req, parsed, payloadHash, options, headers);
      const key =
        options.signingKeyCache?.get(secretAccessKey, parsed.date, parsed.region, parsed.service) ??
        deriveSigningKey(secretAccessKey, parsed.date, parsed.region, parsed.service);
      const expected = createHmac('sha256', key).update(inputs.stringToSign, 'utf8').digest('hex');
      if (!signaturesEqual(expected, parsed.signature)) {
        options.onSignatureMismatch?.({
          canonicalRequest: redact(inputs.canonicalRequest, parsed.securityToken),
          stringToSign: inputs.stringToSign,
        });
        throw new InvalidSignatureError(SIGNATURE_MISMATCH_MESSAGE);
      }
    },
  };
}

/** Verifies a request whose whole body is at hand; a declared hash that the body does not match is a 400 first. */
export function verifySigV4(
  req: IncomingSignedRequest,
  parsed: ParsedSigV4,
  secretAccessKey: string,
  options: VerifyOptions,
): void {
  const pending = beginSigV4(req, parsed, secretAccessKey, options);
  pending.verify(payloadHashOf(req.body, pending.plan));
}
