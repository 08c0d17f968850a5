/**
 * The settings CreateTrail and UpdateTrail take, and their checks. The bucket names a directory under the
 * server's trail root (until an S3-compatible store exists), so it is held to S3's bucket-name rules, which
 * also keep it a single safe path segment (no `/`, no `..`). The key prefix becomes sub-directories, so
 * `..` segments and a leading `/` are refused too (AWS would take them as plain key characters). Features
 * that have no counterpart here are refused rather than silently ignored.
 */
import {
  CloudTrailUnsupportedOperationError,
  InvalidS3BucketNameError,
  InvalidS3PrefixError,
  InvalidSnsTopicNameError,
} from './cloudtrail-errors.js';

export interface TrailSettings {
  readonly s3BucketName?: string;
  /** `''` clears the prefix (UpdateTrail). */
  readonly s3KeyPrefix?: string;
  /** `''` clears the topic (UpdateTrail). */
  readonly snsTopicName?: string;
  readonly includeGlobalServiceEvents?: boolean;
  readonly isMultiRegionTrail?: boolean;
  readonly enableLogFileValidation?: boolean;
  readonly cloudWatchLogsLogGroupArn?: string;
  readonly cloudWatchLogsRoleArn?: string;
  readonly kmsKeyId?: string;
  readonly isOrganizationTrail?: boolean;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP = /^\d{1,3}(\.\d{1,3}){3}$/;
const TOPIC = /^[A-Za-z0-9_-]{1,256}$/;

export function validateBucketName(name: string): void {
  if (!BUCKET.test(name) || name.includes('..') || name.includes('.-') || name.includes('-.') || IP.test(name)) {
    throw new InvalidS3BucketNameError(`Bucket name is not valid: ${name}`);
  }
}

export function validateKeyPrefix(prefix: string): void {
  const segments = prefix.split('/');
  if (prefix.length > 200 || prefix.startsWith('/') || segments.includes('..') || segments.includes('.') || prefix.includes('\0')) {
    throw new InvalidS3PrefixError(`Prefix is not valid: ${prefix}`);
  }
}

export function validateSettings(s: TrailSettings): void {
  if (s.s3BucketName !== undefined) validateBucketName(s.s3BucketName);
  if (s.s3KeyPrefix !== undefined && s.s3KeyPrefix !== '') validateKeyPrefix(s.s3KeyPrefix);
  if (s.snsTopicName !== undefined && s.snsTopicName !== '' && !TOPIC.test(s.snsTopicName) && !s.snsTopicName.startsWith('arn:aws:sns:')) {
    throw new InvalidSnsTopicNameError(`SNS topic name is not valid: ${s.snsTopicName}`);
  }
  const unsupported: Array<[string, boolean]> = [
    ['KmsKeyId', s.kmsKeyId !== undefined && s.kmsKeyId !== ''],
    ['CloudWatchLogsLogGroupArn', s.cloudWatchLogsLogGroupArn !== undefined && s.cloudWatchLogsLogGroupArn !== ''],
    ['CloudWatchLogsRoleArn', s.cloudWatchLogsRoleArn !== undefined && s.cloudWatchLogsRoleArn !== ''],
    ['IsOrganizationTrail', s.isOrganizationTrail === true],
  ];
  for (const [member, given] of unsupported) {
    if (given) throw new CloudTrailUnsupportedOperationError(`${member} is not supported by this lambdabox server.`);
  }
}

/** `SnsTopicName` may be a name or an ARN; trails report both. */
export function snsTopicArn(topic: string, region: string, accountId: string): string {
  return topic.startsWith('arn:') ? topic : `arn:aws:sns:${region}:${accountId}:${topic}`;
}
