/** Rows of CloudWatch Logs' tables and the records they map to, the same on SQLite and PostgreSQL. */
import type { EventCursor, EventRange, LogGroupRecord, LogStreamRecord, StoredLogEvent, StreamListQuery } from './logs-records.js';

export interface GroupRow {
  group_key: number;
  account_id: string;
  name: string;
  arn: string;
  creation_time: number;
  retention_days: number | null;
  kms_key_id: string | null;
  tags: string;
  log_group_class: string;
}

export interface StreamRow {
  stream_key: number;
  group_key: number;
  name: string;
  creation_time: number;
  first_event_timestamp: number | null;
  last_event_timestamp: number | null;
  last_ingestion_time: number | null;
  stored_bytes: number;
}

export interface EventRow {
  id: number;
  stream_key: number;
  stream_name: string;
  ts: number;
  ingestion_time: number;
  sealed: Buffer;
}

export function toGroup(row: GroupRow): LogGroupRecord {
  return {
    accountId: row.account_id,
    name: row.name,
    groupKey: row.group_key,
    arn: row.arn,
    creationTime: row.creation_time,
    ...(row.retention_days === null ? {} : { retentionInDays: row.retention_days }),
    ...(row.kms_key_id === null ? {} : { kmsKeyId: row.kms_key_id }),
    tags: JSON.parse(row.tags) as Record<string, string>,
    logGroupClass: 'STANDARD',
  };
}

export function toStream(row: StreamRow): LogStreamRecord {
  return {
    groupKey: row.group_key,
    name: row.name,
    streamKey: row.stream_key,
    creationTime: row.creation_time,
    ...(row.first_event_timestamp === null ? {} : { firstEventTimestamp: row.first_event_timestamp }),
    ...(row.last_event_timestamp === null ? {} : { lastEventTimestamp: row.last_event_timestamp }),
    ...(row.last_ingestion_time === null ? {} : { lastIngestionTime: row.last_ingestion_time }),
    storedBytes: row.stored_bytes,
  };
}

export function toEvent(row: EventRow): StoredLogEvent {
  return {
    id: row.id,
    streamKey: row.stream_key,
    streamName: row.stream_name,
    timestamp: row.ts,
    ingestionTime: row.ingestion_time,
    sealed: row.sealed,
  };
}

/** The sort key of LastEventTime ordering: a stream without events sorts as time 0. */
export const STREAM_TIME = 'COALESCE(last_event_timestamp, 0)';

/**
 * The WHERE tail and ORDER BY of a stream listing, with `p(value)` rendering one placeholder per value (the
 * engines spell placeholders differently; the shape is the same).
 */
export function streamListSql(q: StreamListQuery, p: (value: unknown) => string): string {
  const parts = [`group_key = ${p(q.groupKey)}`];
  if (q.prefix !== undefined) parts.push(`substr(name, 1, ${p(q.prefix.length)}) = ${p(q.prefix)}`);
  const cmp = q.descending ? '<' : '>';
  const dir = q.descending ? 'DESC' : 'ASC';
  let order: string;
  if (q.orderBy === 'LogStreamName') {
    if (q.after !== undefined) parts.push(`name ${cmp} ${p(q.after.name)}`);
    order = `name ${dir}`;
  } else {
    if (q.after !== undefined) parts.push(`(${STREAM_TIME}, name) ${cmp} (${p(q.after.lastEventTime)}, ${p(q.after.name)})`);
    order = `${STREAM_TIME} ${dir}, name ${dir}`;
  }
  return `${parts.join(' AND ')} ORDER BY ${order} LIMIT ${p(q.limit)}`;
}

/**
 * The time conditions of an event read: the range, narrowed to the cursor. The cursor's timestamp becomes the
 * range's own bound, so each page's index range starts where the last page ended (a row-value comparison
 * beside `ts >= start` would let SQLite start every page at `start`, making a scan quadratic); the id only
 * breaks ties within that one timestamp.
 */
export function timeBounds(
  q: EventRange & { readonly after?: EventCursor; readonly before?: EventCursor },
  p: (value: unknown) => string,
): string[] {
  const start = q.after === undefined ? q.startTime : Math.max(q.startTime, q.after.timestamp);
  const end = q.before === undefined ? q.endTime : Math.min(q.endTime, q.before.timestamp + 1);
  // Placeholders are rendered in text order: SQLite binds its `?`s by position.
  const parts = [`e.ts >= ${p(start)}`, `e.ts < ${p(end)}`];
  if (q.after !== undefined) parts.push(`(e.ts > ${p(q.after.timestamp)} OR e.id > ${p(q.after.id)})`);
  if (q.before !== undefined) parts.push(`(e.ts < ${p(q.before.timestamp)} OR e.id < ${p(q.before.id)})`);
  return parts;
}
