/**
 * Code sources (CreateFunction `Code`, UpdateFunctionCode's top-level members, PublishLayerVersion
 * `Content`). lambdabox takes code inline as ZipFile only; S3 and container images are refused with
 * a clear InvalidParameterValueException until they are supported.
 */
import { InvalidParameterValueError } from '../errors.js';
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

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Blobs travel as base64 in the JSON body; Buffer.from would silently skip bad characters, so check first. */
export function decodeBase64Blob(value: string, member: string): Buffer {
  if (!BASE64.test(value)) {
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
