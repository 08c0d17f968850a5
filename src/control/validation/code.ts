/**
 * Code sources (CreateFunction `Code`, UpdateFunctionCode's top-level members, PublishLayerVersion
 * `Content`). lambdabox takes code inline as ZipFile only; S3 and container images are refused with
 * a clear InvalidParameterValueException until they are supported.
 */
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { S3_BUCKET } from './patterns.js';
import type { ViolationList } from './violations.js';
import { wire } from './wire.js';

export interface CodeInput {
  ZipFile?: Buffer;
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
}

export const codeMembers = {
  ZipFile: wire.blob(),
  S3Bucket: wire.string(),
  S3Key: wire.string(),
  S3ObjectVersion: wire.string(),
  ImageUri: wire.string(),
};

export interface WireCode {
  readonly ZipFile?: string | undefined;
  readonly S3Bucket?: string | undefined;
  readonly S3Key?: string | undefined;
  readonly S3ObjectVersion?: string | undefined;
  readonly ImageUri?: string | undefined;
}

/** Model checks; `prefix` is `code.`, `content.` or '' (UpdateFunctionCode). [BM S3Bucket/S3Key/S3ObjectVersion] */
export function checkCodeShape(code: WireCode, prefix: string, violations: ViolationList): void {
  violations.string(`${prefix}s3Bucket`, code.S3Bucket, { min: 3, max: 63, pattern: S3_BUCKET });
  violations.string(`${prefix}s3Key`, code.S3Key, { min: 1, max: 1024 });
  violations.string(`${prefix}s3ObjectVersion`, code.S3ObjectVersion, { min: 1, max: 1024 });
}


/** Blobs travel as base64 in the JSON body; Buffer.from would silently skip bad characters, so check first. */
/**
 * Strict base64 (padding allowed, no whitespace), checked with a linear scan: a regular expression
 * over a 70 MB string overflows V8's regexp stack.
 */
function isBase64(value: string): boolean {
  if (value.length % 4 !== 0) return false;
  let end = value.length;
  if (value.endsWith('==')) end -= 2;
  else if (value.endsWith('=')) end -= 1;
  for (let i = 0; i < end; i++) {
    const c = value.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 /* + */ || c === 47; /* / */
    if (!ok) return false;
  }
  return true;
}

export function decodeBase64Blob(value: string, member: string): Buffer {
  if (!isBase64(value)) {
    // AWS's wording for an undecodable blob is not recorded; this message is lambdabox's.
    throw new InvalidParameterValueError(`Could not decode ${member}: the value is not valid base64.`);
  }
  return Buffer.from(value, 'base64');
}

export const S3_NOT_SUPPORTED =
  'lambdabox does not support code from Amazon S3 (S3Bucket, S3Key, S3ObjectVersion) yet. ' +
  'Upload the .zip file directly with ZipFile instead.';
export const IMAGE_NOT_SUPPORTED =
  'lambdabox does not support container image functions (PackageType Image, ImageUri) yet. ' +
  'Use a .zip deployment package (PackageType Zip, ZipFile) instead.';

/**
 * Service checks: exactly one source, and one lambdabox supports. Returns the decoded zip.
 * `Please provide a source for function code.` is AWS's message for no source at all (as quoted
 * by fog-aws and recorded CloudFormation failures); the others are lambdabox's.
 */
export function requireZipSource(code: WireCode, member: string, what: 'function code' | 'layer content'): Buffer {
  const hasS3 = code.S3Bucket !== undefined || code.S3Key !== undefined || code.S3ObjectVersion !== undefined;
  const sources = [code.ZipFile !== undefined, hasS3, code.ImageUri !== undefined].filter(Boolean).length;
  if (sources === 0) throw new InvalidParameterValueError(`Please provide a source for ${what}.`);
  if (sources > 1) {
    throw new InvalidParameterValueError(`Please provide only one source for ${what}: ZipFile, S3Bucket/S3Key or ImageUri.`);
  }
  if (code.ImageUri !== undefined) throw new InvalidParameterValueError(IMAGE_NOT_SUPPORTED);
  if (hasS3 || code.ZipFile === undefined) throw new InvalidParameterValueError(S3_NOT_SUPPORTED);
  return decodeBase64Blob(code.ZipFile, member);
}
