/**
 * Where CloudTrail puts log and digest files, as the AWS user guide gives them:
 * log files "<prefix>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
 * <YYYYMMDDTHHmmZ>_<unique string>.json.gz" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/
 * get-and-view-cloudtrail-log-files.html) and digests "…/CloudTrail-Digest/<region>/<end YYYY/MM/DD>/
 * <account>_CloudTrail-Digest_<region>_<trail>_<home region>_<digest end YYYYMMDDTHHmmssZ>.json.gz"
 * (cloudtrail-log-file-validation-digest-file-structure.html).
 */
import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function ymdPath(at: Date): string {
  return `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}`;
}

function compact(at: Date, seconds: boolean): string {
  const hm = `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${seconds ? pad(at.getUTCSeconds()) : ''}`;
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${hm}Z`;
}

/** `YYYY-MM-DDTHH:mm:ssZ`: the UTC extended format digests and their string-to-sign use (no milliseconds). */
export function isoSeconds(at: Date | number): string {
  return new Date(Math.floor(new Date(at).getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The unique string of a log file name: 16 letters and digits, as AWS's names carry. */
function uniqueString(): string {
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length] ?? 'x').join('');
}

function withPrefix(prefix: string | undefined, key: string): string {
  return prefix === undefined || prefix === '' ? key : `${prefix}/${key}`;
}

export function logFileKey(prefix: string | undefined, accountId: string, region: string, at: Date): string {
  const name = `${accountId}_CloudTrail_${region}_${compact(at, false)}_${uniqueString()}.json.gz`;
  return withPrefix(prefix, `AWSLogs/${accountId}/CloudTrail/${region}/${ymdPath(at)}/${name}`);
}

export interface DigestKeyParts {
  readonly prefix: string | undefined;
  readonly accountId: string;
  /** The region whose log files the digest lists. */
  readonly region: string;
  readonly trailName: string;
  readonly homeRegion: string;
}

export function digestFileKey(p: DigestKeyParts, end: Date): string {
  const name = `${p.accountId}_CloudTrail-Digest_${p.region}_${p.trailName}_${p.homeRegion}_${compact(end, true)}.json.gz`;
  return withPrefix(p.prefix, `AWSLogs/${p.accountId}/CloudTrail-Digest/${p.region}/${ymdPath(end)}/${name}`);
}

/** Where a digest's signature lives in place of S3's x-amz-meta-signature metadata. */
export function signatureSidecarKey(digestKey: string): string {
  return `${digestKey}.sig`;
}
