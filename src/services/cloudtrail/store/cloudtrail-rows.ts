/**
 * Rows of CloudTrail's tables and the records they map to, the same on SQLite (cloudtrail-sql.ts) and
 * PostgreSQL (cloudtrail-pg-sql.ts). Flags come back as 0/1 from SQLite and as booleans from PostgreSQL.
 */
import type { StoredTrailEvent, TrailEventResource } from './trail-event-records.js';
import type { AdvancedEventSelector, EventSelector, LookupAttributeKey, TrailRecord } from './cloudtrail-records.js';

type Flag = number | boolean;

export interface EventRow {
  seq: number;
  account_id: string;
  region: string;
  event_id: string;
  event_time: number;
  event_source: string;
  event_name: string;
  read_only: Flag;
  management: Flag;
  username: string | null;
  access_key_id: string | null;
  resources: string;
  record: string;
  decisions: string | null;
}

export interface TrailRow {
  account_id: string;
  name: string;
  home_region: string;
  arn: string;
  s3_bucket_name: string;
  s3_key_prefix: string | null;
  sns_topic_name: string | null;
  include_global_service_events: Flag;
  is_multi_region_trail: Flag;
  log_file_validation_enabled: Flag;
  is_logging: Flag;
  start_logging_time: number | null;
  stop_logging_time: number | null;
  created_at: number;
  event_selectors: string | null;
  advanced_event_selectors: string | null;
  tags: string;
}

export function toEvent(row: EventRow): StoredTrailEvent {
  return {
    seq: row.seq,
    accountId: row.account_id,
    region: row.region,
    eventId: row.event_id,
    eventTime: row.event_time,
    eventSource: row.event_source,
    eventName: row.event_name,
    readOnly: Boolean(row.read_only),
    management: Boolean(row.management),
    ...(row.username === null ? {} : { username: row.username }),
    ...(row.access_key_id === null ? {} : { accessKeyId: row.access_key_id }),
    resources: JSON.parse(row.resources) as TrailEventResource[],
    record: row.record,
    ...(row.decisions === null ? {} : { decisions: row.decisions }),
  };
}

export function toTrail(row: TrailRow): TrailRecord {
  return {
    accountId: row.account_id,
    homeRegion: row.home_region,
    name: row.name,
    arn: row.arn,
    s3BucketName: row.s3_bucket_name,
    ...(row.s3_key_prefix === null ? {} : { s3KeyPrefix: row.s3_key_prefix }),
    ...(row.sns_topic_name === null ? {} : { snsTopicName: row.sns_topic_name }),
    includeGlobalServiceEvents: Boolean(row.include_global_service_events),
    isMultiRegionTrail: Boolean(row.is_multi_region_trail),
    logFileValidationEnabled: Boolean(row.log_file_validation_enabled),
    isLogging: Boolean(row.is_logging),
    ...(row.start_logging_time === null ? {} : { startLoggingTime: row.start_logging_time }),
    ...(row.stop_logging_time === null ? {} : { stopLoggingTime: row.stop_logging_time }),
    createdAt: row.created_at,
    ...(row.event_selectors === null ? {} : { eventSelectors: JSON.parse(row.event_selectors) as EventSelector[] }),
    ...(row.advanced_event_selectors === null
      ? {}
      : { advancedEventSelectors: JSON.parse(row.advanced_event_selectors) as AdvancedEventSelector[] }),
    tags: JSON.parse(row.tags) as Record<string, string>,
  };
}

/** A trail's columns in table order after the key, flags as `flag` renders them for the engine. */
export function trailValues<F>(r: TrailRecord, flag: (b: boolean) => F): unknown[] {
  return [
    r.accountId,
    r.name,
    r.homeRegion,
    r.arn,
    r.s3BucketName,
    r.s3KeyPrefix ?? null,
    r.snsTopicName ?? null,
    flag(r.includeGlobalServiceEvents),
    flag(r.isMultiRegionTrail),
    flag(r.logFileValidationEnabled),
    flag(r.isLogging),
    r.startLoggingTime ?? null,
    r.stopLoggingTime ?? null,
    r.createdAt,
    r.eventSelectors === undefined ? null : JSON.stringify(r.eventSelectors),
    r.advancedEventSelectors === undefined ? null : JSON.stringify(r.advancedEventSelectors),
    JSON.stringify(r.tags),
  ];
}

export const TRAIL_COLUMNS = `account_id, name, home_region, arn, s3_bucket_name, s3_key_prefix, sns_topic_name,
  include_global_service_events, is_multi_region_trail, log_file_validation_enabled, is_logging, start_logging_time,
  stop_logging_time, created_at, event_selectors, advanced_event_selectors, tags`;

export const EVENT_COLUMNS = `account_id, region, event_id, event_time, event_source, event_name, read_only, management,
  username, access_key_id, resources, record, decisions`;

/** The column a plain lookup attribute compares with; ResourceType/ResourceName search the resources JSON. */
export const ATTRIBUTE_COLUMNS: Readonly<Record<Exclude<LookupAttributeKey, 'ResourceType' | 'ResourceName'>, string>> = {
  EventId: 'event_id',
  EventName: 'event_name',
  ReadOnly: 'read_only',
  Username: 'username',
  EventSource: 'event_source',
  AccessKeyId: 'access_key_id',
};

/** ReadOnly's value as the stored flag; anything but `true`/`false` matches no event. */
export function readOnlyFlag(value: string): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}
