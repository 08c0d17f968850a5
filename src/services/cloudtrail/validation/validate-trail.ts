/**
 * Log file integrity validation, the algorithm of `aws cloudtrail validate-logs` (awscli
 * customizations/cloudtrail/validation.py: DigestTraverser and CloudTrailValidateLogs) with its messages,
 * over the files under the trail root instead of S3. From the newest digest in the range it walks back
 * along previousDigestS3Object; each digest must sit where it says it does, name a known key, and verify
 * (RSA SHA-256 over AWS's string-to-sign); each log file it lists must hash to its hashValue. A missing or
 * invalid digest is reported and the walk resumes at the next older digest found, as awscli does.
 */
import { createPublicKey, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { InvalidArgumentError } from '../../../shared/errors/lambdabox-error.js';
import type { TrailPublicKey } from '../trail-ports.js';
import { digestStringToSign, sha256Hex } from '../delivery/digest-file.js';
import { digestFileKey, isoSeconds } from '../delivery/trail-object-keys.js';
import { DigestError, NoSuchKeyError, fetchDigest, getObject, invalidFormat, listKeys, signatureFailed } from './digest-objects.js';

export interface ValidatedTrail {
  readonly arn: string;
  readonly bucket: string;
  readonly prefix?: string | undefined;
  readonly accountId: string;
  /** The trail's home region (from its ARN). */
  readonly region: string;
}

export interface ValidateTrailOptions {
  /** The trail root: buckets are directories under it. */
  readonly root: string;
  readonly trail: ValidatedTrail;
  /** ListPublicKeys' answer for [start, end]. */
  readonly publicKeys: readonly TrailPublicKey[];
  readonly start: Date;
  /** @default now */
  readonly end?: Date;
  /**
   * GetTrailStatus's LatestDigestDeliveryTime (a digest's end time here). When given and in the range, a
   * missing newest digest is reported too: awscli cannot tell a chain cut short at its newest end offline.
   */
  readonly latestDigestEnd?: Date;
}

export interface ValidationMessage {
  readonly text: string;
  /** awscli writes errors to stderr always, the rest to stdout with --verbose only. */
  readonly isError: boolean;
}

export interface ValidationOutcome {
  readonly trailArn: string;
  readonly start: Date;
  readonly end: Date;
  readonly messages: readonly ValidationMessage[];
  readonly validDigests: number;
  readonly invalidDigests: number;
  readonly validLogs: number;
  readonly invalidLogs: number;
  readonly foundStart: Date;
  readonly foundEnd?: Date;
}

/** `YYYYMMDDTHHmmssZ`, as digest names carry it. */
function compact(ms: number): string {
  return isoSeconds(ms).replace(/[-:]/g, '');
}

function parseCompact(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m === null ? Number.NaN : Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

/** extract_digest_key_date: the name's timestamp, 24 to 8 characters from the end. */
const keyDate = (key: string): string => key.slice(-24, -8);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

const REQUIRED = ['digestPublicKeyFingerprint', 'digestS3Bucket', 'digestS3Object', 'previousDigestSignature', 'digestEndTime', 'digestStartTime'];

export async function validateTrail(options: ValidateTrailOptions): Promise<ValidationOutcome> {
  const { root, trail } = options;
  const start = Math.floor(options.start.getTime() / 1000) * 1000;
  const end = Math.floor((options.end ?? new Date()).getTime() / 1000) * 1000;
  if (start > end) throw new InvalidArgumentError('Invalid time range specified: start-time must occur before end-time');
  const keysByFingerprint = new Map(options.publicKeys.map((k) => [k.fingerprint, k]));
  if (keysByFingerprint.size === 0) {
    throw new InvalidArgumentError(`No public keys found between ${isoSeconds(start)} and ${isoSeconds(end)}`);
  }
  const name = trail.arn.split('/').pop() ?? '';
  const parts = { prefix: trail.prefix, accountId: trail.accountId, region: trail.region, trailName: name, homeRegion: trail.region };
  const messages: ValidationMessage[] = [];
  const counts = { validDigests: 0, invalidDigests: 0, validLogs: 0, invalidLogs: 0 };
  let foundStart = start;
  let foundEnd: number | undefined;
  const status = (text: string, isError = false): void => void messages.push({ text, isError });
  const onMissing = (bucket: string, lastKey: string): void => {
    counts.invalidDigests++;
    status(`Digest file\ts3://${bucket}/${lastKey}\tINVALID: not found`, true);
  };
  const onInvalid = (message: string): void => {
    counts.invalidDigests++;
    status(message, true);
  };

  /** load_digest_keys_in_range: keys after the marker (start - 1 minute), up to end + 1 hour. */
  const loadDigests = async (bucket: string): Promise<string[]> => {
    const dir = digestFileKey(parts, new Date(start - 60_000)).split('/').slice(0, -4).join('/');
    const marker = digestFileKey(parts, new Date(start - 60_000));
    const pattern = new RegExp(
      `^${trail.prefix ? `${escape(trail.prefix)}/` : ''}AWSLogs/${escape(trail.accountId)}/CloudTrail\\-Digest/${escape(trail.region)}/` +
        // Exactly the layout delivery writes: a key of another trail whose prefix imitates this one's path
        // (another account's, in a shared bucket) must not pass for one of this trail's digests.
        `\\d{4}/\\d{2}/\\d{2}/${escape(trail.accountId)}_CloudTrail\\-Digest_${escape(trail.region)}_${escape(name)}_${escape(trail.region)}_\\d{8}T\\d{6}Z\\.json\\.gz$`,
    );
    const targetStart = compact(start);
    const targetEnd = compact(end + 3600_000);
    const found: string[] = [];
    for (const key of await listKeys(root, bucket, dir)) {
      if (key <= marker || !pattern.test(key)) continue;
      const date = keyDate(key);
      if (date > targetEnd) break;
      if (date >= targetStart) found.push(key);
    }
    return found;
  };

  /** _get_last_digest: pops the newest key, or the newest one dated before `beforeKey`. */
  const lastDigest = (digests: string[], beforeKey?: string): [string | undefined, number | undefined] => {
    const before = beforeKey === undefined ? undefined : parseCompact(keyDate(beforeKey));
    for (let next = digests.pop(); next !== undefined; next = digests.pop()) {
      const date = parseCompact(keyDate(next));
      if (before === undefined || date < before) return [next, date];
    }
    return [undefined, undefined];
  };

  const loadAndValidate = async (bucket: string, key: string): Promise<Record<string, unknown>> => {
    const { data, inflated, signature } = await fetchDigest(root, bucket, key);
    if (REQUIRED.some((field) => !(field in data))) throw invalidFormat(bucket, key);
    if (data['digestS3Bucket'] !== bucket || data['digestS3Object'] !== key || data['awsAccountId'] !== trail.accountId) {
      throw new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: has been moved from its original location`);
    }
    const fingerprint = String(data['digestPublicKeyFingerprint']);
    const publicKey = keysByFingerprint.get(fingerprint);
    if (publicKey === undefined) {
      throw new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: public key not found in region ${trail.region} for fingerprint ${fingerprint}`);
    }
    const toSign = digestStringToSign(
      String(data['digestEndTime']),
      String(data['digestS3Bucket']),
      String(data['digestS3Object']),
      inflated,
      data['previousDigestSignature'] === null ? null : String(data['previousDigestSignature']),
    );
    // awscli reports a key that does not load and a signature that is no hex (binascii's ValueError) alike.
    const unloadable = new DigestError(`Digest file\ts3://${bucket}/${key}\tINVALID: Unable to load PKCS #1 key with fingerprint ${fingerprint}`);
    if (!/^([0-9a-fA-F]{2})*$/.test(signature)) throw unloadable;
    let ok: boolean;
    try {
      const keyObject = createPublicKey({ key: publicKey.value, format: 'der', type: 'pkcs1' });
      ok = verify('sha256', toSign, keyObject, Buffer.from(signature, 'hex'));
    } catch {
      throw unloadable;
    }
    if (!ok) throw signatureFailed(bucket, key);
    return data;
  };

  /** CloudTrailValidateLogs._download_log. */
  const checkLog = async (log: Record<string, unknown>): Promise<void> => {
    const name = `s3://${String(log['s3Bucket'])}/${String(log['s3Object'])}`;
    try {
      const hash = sha256Hex(gunzipSync(await getObject(root, String(log['s3Bucket']), String(log['s3Object']))));
      if (hash !== log['hashValue']) {
        counts.invalidLogs++;
        status(`Log file\t${name}\tINVALID: hash value doesn't match`, true);
      } else {
        counts.validLogs++;
        status(`Log file\t${name}\tvalid`);
      }
    } catch (err) {
      counts.invalidLogs++;
      status(`Log file\t${name}\tINVALID: ${err instanceof NoSuchKeyError ? 'not found' : 'invalid format'}`, true);
    }
  };

  let bucket = trail.bucket;
  let digests = await loadDigests(bucket);
  if (options.latestDigestEnd !== undefined) {
    const newest = Math.floor(options.latestDigestEnd.getTime() / 1000) * 1000;
    const expected = digestFileKey(parts, new Date(newest));
    if (newest >= start && newest <= end && !digests.includes(expected)) onMissing(bucket, expected);
  }
  let [key, keyEnd] = lastDigest(digests);
  let lastStart = keyEnd ?? 0;
  const next = (lastKey: string, onFound?: () => void, conditional = false): void => {
    [key, keyEnd] = lastDigest(digests, lastKey);
    if (onFound !== undefined && (!conditional || key !== undefined)) onFound();
  };
  while (key !== undefined && start <= lastStart) {
    const current: string = key;
    try {
      const digest = await loadAndValidate(bucket, current);
      lastStart = Date.parse(String(digest['digestStartTime']));
      const digestEnd = Date.parse(String(digest['digestEndTime']));
      // _track_found_times
      if (lastStart > start) foundStart = lastStart;
      foundEnd ??= Math.min(digestEnd, end);
      counts.validDigests++;
      status(`Digest file\ts3://${String(digest['digestS3Bucket'])}/${String(digest['digestS3Object'])}\tvalid`);
      const logs = Array.isArray(digest['logFiles']) ? (digest['logFiles'] as Record<string, unknown>[]) : [];
      for (const log of logs) await checkLog(log);
      const previousBucket = digest['previousDigestS3Bucket'] ?? null;
      if (previousBucket === null) {
        const gapEnd = lastStart;
        next(current, () => status(`No log files were delivered by CloudTrail between ${isoSeconds(keyEnd ?? 0)} and ${isoSeconds(gapEnd)}`, true), true);
      } else {
        key = String(digest['previousDigestS3Object']);
        if (previousBucket !== bucket) {
          bucket = String(previousBucket);
          digests = await loadDigests(bucket);
        }
      }
    } catch (err) {
      if (err instanceof NoSuchKeyError) next(current, () => onMissing(bucket, current));
      else if (err instanceof DigestError) next(current, () => onInvalid(err.message));
      else next(current, () => onInvalid(`Digest file\ts3://${bucket}/${current}\tINVALID: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
  return {
    trailArn: trail.arn,
    start: new Date(start),
    end: new Date(end),
    messages,
    ...counts,
    foundStart: new Date(foundStart),
    ...(foundEnd === undefined ? {} : { foundEnd: new Date(foundEnd) }),
  };
}
