/** Rows of xray_segments on either engine and the records they hold. */
import type { SegmentRecord } from './xray-records.js';

export interface SegmentRow {
  account_id: string;
  trace_id: string;
  segment_id: string;
  parent_id: string | null;
  name: string;
  start_time: number;
  end_time: number | null;
  in_progress: number | boolean;
  error: number | boolean;
  fault: number | boolean;
  throttle: number | boolean;
  http_status: number | null;
  origin: string | null;
  trace_time: number | string;
  received_at: number | string;
  sealed: Buffer;
}

export const SEGMENT_COLUMNS =
  'account_id, trace_id, segment_id, parent_id, name, start_time, end_time, in_progress, error, fault, throttle, http_status, origin, trace_time, event_time, received_at, sealed';

/** The event time a segment is found by (TimeRangeType Event): its end, or its start while in progress. */
export function eventTime(r: SegmentRecord): number {
  return r.endTime ?? r.startTime;
}

/** Values in SEGMENT_COLUMNS order; flags as `flag` renders them for the engine. */
export function segmentValues(r: SegmentRecord, flag: (b: boolean) => number | boolean): unknown[] {
  return [
    r.accountId,
    r.traceId,
    r.segmentId,
    r.parentId ?? null,
    r.name,
    r.startTime,
    r.endTime ?? null,
    flag(r.inProgress),
    flag(r.error),
    flag(r.fault),
    flag(r.throttle),
    r.httpStatus ?? null,
    r.origin ?? null,
    r.traceTime,
    eventTime(r),
    r.receivedAt,
    r.sealed,
  ];
}

export function toSegment(row: SegmentRow): SegmentRecord {
  return {
    accountId: row.account_id,
    traceId: row.trace_id,
    segmentId: row.segment_id,
    ...(row.parent_id === null ? {} : { parentId: row.parent_id }),
    name: row.name,
    startTime: Number(row.start_time),
    ...(row.end_time === null ? {} : { endTime: Number(row.end_time) }),
    inProgress: Boolean(row.in_progress),
    error: Boolean(row.error),
    fault: Boolean(row.fault),
    throttle: Boolean(row.throttle),
    ...(row.http_status === null ? {} : { httpStatus: Number(row.http_status) }),
    ...(row.origin === null ? {} : { origin: row.origin }),
    traceTime: Number(row.trace_time),
    receivedAt: Number(row.received_at),
    sealed: Buffer.from(row.sealed),
  };
}
