/**
 * The digest file, with exactly the fields of AWS's "CloudTrail digest file structure" page
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html),
 * and the string CloudTrail signs for it ("Custom implementations of CloudTrail log file integrity
 * validation", cloudtrail-log-file-custom-validation.html):
 *   Digest_End_Timestamp_in_UTC_Extended_format + '\n' + Current_Digest_File_S3_Path + '\n'
 *   + Hex(Sha256(current-digest-file-content)) + '\n' + Previous_digest_signature_in_hex
 * where the path is `<bucket>/<key>` and a start digest's previous signature is the string "null".
 */
import { createHash } from 'node:crypto';

export const SIGNATURE_ALGORITHM = 'SHA256withRSA';
export const HASH_ALGORITHM = 'SHA-256';

export interface DigestLogFile {
  readonly s3Bucket: string;
  readonly s3Object: string;
  readonly hashValue: string;
  readonly hashAlgorithm: string;
  readonly newestEventTime: string;
  readonly oldestEventTime: string;
}

/** Field order as in AWS's sample. */
export interface DigestDocument {
  readonly awsAccountId: string;
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly digestPublicKeyFingerprint: string;
  readonly digestSignatureAlgorithm: string;
  readonly newestEventTime: string | null;
  readonly oldestEventTime: string | null;
  readonly previousDigestS3Bucket: string | null;
  readonly previousDigestS3Object: string | null;
  readonly previousDigestHashValue: string | null;
  readonly previousDigestHashAlgorithm: string | null;
  readonly previousDigestSignature: string | null;
  readonly logFiles: readonly DigestLogFile[];
}

/** The `.sig` sidecar: S3's x-amz-meta-signature and x-amz-meta-signature-algorithm. */
export interface DigestSignatureSidecar {
  readonly signature: string;
  readonly signatureAlgorithm: string;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function digestStringToSign(
  digestEndTime: string,
  bucket: string,
  key: string,
  digestContent: Uint8Array,
  previousSignature: string | null,
): Buffer {
  return Buffer.from(`${digestEndTime}\n${bucket}/${key}\n${sha256Hex(digestContent)}\n${previousSignature ?? 'null'}`, 'utf8');
}
