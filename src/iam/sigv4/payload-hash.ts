/** Which payload hash a request was signed with, and the check that a declared x-amz-content-sha256 is honest. */
import { createHash } from 'node:crypto';
import { AwsError } from '../../api/aws-error.js';
import { EMPTY_BODY_SHA256, UNSIGNED_PAYLOAD } from './constants.js';

export class ContentSha256MismatchError extends AwsError {
  constructor() {
    super(
      'XAmzContentSHA256Mismatch',
      400,
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
}

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
 * The HashedPayload line. Without a declared hash it is the body's SHA-256. A declared hex hash must match
 * the body (else 400 XAmzContentSHA256Mismatch) and is used as sent. UNSIGNED-PAYLOAD is honoured only
 * when allowed; otherwise, like any other declared value we do not support, the body hash is used and a
 * client that signed something else gets a signature mismatch, as from AWS services other than S3.
 */
export function resolvePayloadHash(
  body: Uint8Array,
  declared: string | undefined,
  allowUnsignedPayload: boolean,
): string {
  if (declared === undefined) return sha256Hex(body);
  const value = declared.trim();
  if (value === UNSIGNED_PAYLOAD) return allowUnsignedPayload ? UNSIGNED_PAYLOAD : sha256Hex(body);
  const actual = sha256Hex(body);
  if (isSha256Hex(value)) {
    if (value.toLowerCase() !== actual) throw new ContentSha256MismatchError();
    return value;
  }
  return actual;
}
