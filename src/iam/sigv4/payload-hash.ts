/** Which payload hash a request was signed with, and the check that a declared x-amz-content-sha256 is honest. */
import { createHash } from 'node:crypto';
import { ContentSha256MismatchError } from '../../shared/errors/aws-error.js';
import { EMPTY_BODY_SHA256, UNSIGNED_PAYLOAD } from './constants.js';

export function sha256Hex(body: Uint8Array): string {
  return body.byteLength === 0 ? EMPTY_BODY_SHA256 : createHash('sha256').update(body).digest('hex');
}

function isSha256Hex(value: string): boolean {
  if (value.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = value.charCodeAt(i) | 0x20; // fold A-F onto a-f
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/**
 * What a request's HashedPayload line is, as far as its head tells. `signed` is the line when the head
 * fixes it: a declared hex hash (used as sent), or UNSIGNED-PAYLOAD when allowed. Otherwise the line is the
 * body's SHA-256, known only once the whole body has arrived. `bodySha256` is a declared hex hash
 * (lower-cased) the body must still match, else 400 XAmzContentSHA256Mismatch.
 */
export interface PayloadHashPlan {
  readonly signed?: string;
  readonly bodySha256?: string;
}

/**
 * UNSIGNED-PAYLOAD is honoured only when allowed; otherwise, like any other declared value we do not
 * support, the body hash is used and a client that signed something else gets a signature mismatch, as
 * from AWS services other than S3.
 */
export function planPayloadHash(declared: string | undefined, allowUnsignedPayload: boolean): PayloadHashPlan {
  if (declared === undefined) return {};
  const value = declared.trim();
  if (value === UNSIGNED_PAYLOAD) return allowUnsignedPayload ? { signed: UNSIGNED_PAYLOAD } : {};
  if (isSha256Hex(value)) return { signed: value, bodySha256: value.toLowerCase() };
  return {};
}

/** The HashedPayload line for a body at hand under `plan` (400 XAmzContentSHA256Mismatch on a dishonest declared hash). */
export function payloadHashOf(body: Uint8Array, plan: PayloadHashPlan): string {
  if (plan.signed === undefined) return sha256Hex(body);
  if (plan.bodySha256 !== undefined && sha256Hex(body) !== plan.bodySha256) throw new ContentSha256MismatchError();
  return plan.signed;
}

/** The HashedPayload line of a request whose whole body is at hand. */
export function resolvePayloadHash(body: Uint8Array, declared: string | undefined, allowUnsignedPayload: boolean): string {
  return payloadHashOf(body, planPayloadHash(declared, allowUnsignedPayload));
}
