/** Rows of delivery's tables and the records they map to, shared by delivery-sql.ts and delivery-pg-sql.ts. */
import type { DeliveredLogFile, TrailDeliveryState, TrailSigningKey } from './delivery-records.js';

export interface StateRow {
  trail_arn: string;
  last_seq: number;
  logging_since: number | null;
  last_digest_key: string | null;
  last_digest_bucket: string | null;
  last_digest_hash: string | null;
  last_digest_signature: string | null;
  last_digest_end: number | null;
  digested_log_id: number;
  latest_delivery_time: number | null;
  latest_delivery_attempt_time: number | null;
  latest_delivery_error: string | null;
  latest_digest_time: number | null;
  latest_digest_error: string | null;
}

export interface LogFileRow {
  id: number;
  trail_arn: string;
  bucket: string;
  object_key: string;
  sha256: string;
  oldest_event_time: number;
  newest_event_time: number;
  delivered_at: number;
}

export interface KeyRow {
  fingerprint: string;
  public_key: Buffer;
  sealed_private_key: Buffer;
  valid_from: number;
  valid_to: number;
}

/** The state columns in the order `stateValues` binds them. */
export const STATE_COLUMNS = [
  'trail_arn',
  'last_seq',
  'logging_since',
  'last_digest_key',
  'last_digest_bucket',
  'last_digest_hash',
  'last_digest_signature',
  'last_digest_end',
  'digested_log_id',
  'latest_delivery_time',
  'latest_delivery_attempt_time',
  'latest_delivery_error',
  'latest_digest_time',
  'latest_digest_error',
] as const;

export function stateValues(s: TrailDeliveryState): Array<string | number | null> {
  return [
    s.trailArn,
    s.lastSeq,
    s.loggingSince ?? null,
    s.lastDigestKey ?? null,
    s.lastDigestBucket ?? null,
    s.lastDigestHash ?? null,
    s.lastDigestSignature ?? null,
    s.lastDigestEnd ?? null,
    s.digestedLogId,
    s.latestDeliveryTime ?? null,
    s.latestDeliveryAttemptTime ?? null,
    s.latestDeliveryError ?? null,
    s.latestDigestTime ?? null,
    s.latestDigestError ?? null,
  ];
}

/** `{ key: value }` when the column holds a value, `{}` for NULL (records leave absent members out). */
function opt<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

export function toState(r: StateRow): TrailDeliveryState {
  return {
    trailArn: r.trail_arn,
    lastSeq: Number(r.last_seq),
    digestedLogId: Number(r.digested_log_id),
    ...opt('loggingSince', r.logging_since),
    ...opt('lastDigestKey', r.last_digest_key),
    ...opt('lastDigestBucket', r.last_digest_bucket),
    ...opt('lastDigestHash', r.last_digest_hash),
    ...opt('lastDigestSignature', r.last_digest_signature),
    ...opt('lastDigestEnd', r.last_digest_end),
    ...opt('latestDeliveryTime', r.latest_delivery_time),
    ...opt('latestDeliveryAttemptTime', r.latest_delivery_attempt_time),
    ...opt('latestDeliveryError', r.latest_delivery_error),
    ...opt('latestDigestTime', r.latest_digest_time),
    ...opt('latestDigestError', r.latest_digest_error),
  };
}

export function toLogFile(r: LogFileRow): DeliveredLogFile {
  return {
    id: Number(r.id),
    trailArn: r.trail_arn,
    bucket: r.bucket,
    objectKey: r.object_key,
    sha256: r.sha256,
    oldestEventTime: Number(r.oldest_event_time),
    newestEventTime: Number(r.newest_event_time),
    deliveredAt: Number(r.delivered_at),
  };
}

export function toSigningKey(r: KeyRow): TrailSigningKey {
  return {
    fingerprint: r.fingerprint,
    publicKeyDer: Buffer.from(r.public_key),
    sealedPrivateKey: Buffer.from(r.sealed_private_key),
    validFrom: Number(r.valid_from),
    validTo: Number(r.valid_to),
  };
}
