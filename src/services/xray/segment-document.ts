/**
 * One segment document checked as X-Ray checks what PutTraceSegments and the daemon hand it
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html): a JSON object of at most
 * 64 KB with `name`, `id`, `trace_id`, `start_time` and `end_time` or `in_progress`; a subsegment sent on its
 * own (`type: "subsegment"`) also needs `parent_id`. A bad one is refused with an ErrorCode as AWS spells its
 * UnprocessedTraceSegments (`MissingId`, `InvalidName`, …, message `Invalid segment. ErrorCode: <code>`).
 */
import { SEGMENT_ID, traceIdTime } from './trace-id.js';

/** AWS's limit on one segment document. */
export const MAX_SEGMENT_DOCUMENT_BYTES = 64 * 1024;
/** Segment names: up to 200 characters of letters, numbers, whitespace and `_ . : / % & # = + \ - @`. */
const NAME = /^[\p{L}\p{N}\s_.:/%&#=+\\\-@]{1,200}$/u;
/** How far ahead of this server's clock a trace id's time may be (clock skew between hosts). */
const FUTURE_SKEW_SECONDS = 60 * 60;
/** AWS keeps traces 30 days; a trace id older than that names a trace already gone. */
export const RETENTION_SECONDS = 30 * 24 * 60 * 60;

export type SegmentDocumentErrorCode =
  | 'ParseError'
  | 'SegmentTooLarge'
  | 'MissingId'
  | 'InvalidId'
  | 'MissingTraceId'
  | 'InvalidTraceId'
  | 'MissingName'
  | 'InvalidName'
  | 'MissingStartTime'
  | 'InvalidStartTime'
  | 'MissingEndTime'
  | 'InvalidEndTime'
  | 'MissingParentId'
  | 'InvalidParentId';

/** What the tables keep in the clear of a valid document (the document itself is sealed). */
export interface SegmentFacts {
  readonly traceId: string;
  readonly segmentId: string;
  readonly parentId?: string;
  readonly name: string;
  readonly startTime: number;
  readonly endTime?: number;
  readonly inProgress: boolean;
  readonly error: boolean;
  readonly fault: boolean;
  readonly throttle: boolean;
  readonly httpStatus?: number;
  readonly origin?: string;
  readonly traceTime: number;
}

export type CheckedSegment =
  | { readonly ok: true; readonly facts: SegmentFacts }
  | { readonly ok: false; readonly id?: string; readonly errorCode: SegmentDocumentErrorCode; readonly message: string };

type Doc = Readonly<Record<string, unknown>>;

function refuse(code: SegmentDocumentErrorCode, doc: Doc | undefined): CheckedSegment {
  const kind = doc?.['type'] === 'subsegment' ? 'subsegment' : 'segment';
  const id = typeof doc?.['id'] === 'string' ? doc['id'] : undefined;
  return { ok: false, ...(id === undefined ? {} : { id }), errorCode: code, message: `Invalid ${kind}. ErrorCode: ${code}` };
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `nowSeconds`: this server's clock, for the trace id's time window. */
export function checkSegmentDocument(text: string, nowSeconds: number): CheckedSegment {
  if (Buffer.byteLength(text, 'utf8') > MAX_SEGMENT_DOCUMENT_BYTES) return refuse('SegmentTooLarge', undefined);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuse('ParseError', undefined);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refuse('ParseError', undefined);
  const doc = parsed as Doc;
  const { id, trace_id: traceId, name, start_time: start, end_time: end, in_progress: inProgress, parent_id: parentId } = doc;
  if (id === undefined) return refuse('MissingId', doc);
  if (typeof id !== 'string' || !SEGMENT_ID.test(id)) return refuse('InvalidId', doc);
  if (traceId === undefined) return refuse('MissingTraceId', doc);
  const traceTime = typeof traceId === 'string' ? traceIdTime(traceId) : undefined;
  if (typeof traceId !== 'string' || traceTime === undefined) return refuse('InvalidTraceId', doc);
  if (traceTime > nowSeconds + FUTURE_SKEW_SECONDS || traceTime < nowSeconds - RETENTION_SECONDS) return refuse('InvalidTraceId', doc);
  if (name === undefined) return refuse('MissingName', doc);
  if (typeof name !== 'string' || !NAME.test(name)) return refuse('InvalidName', doc);
  if (start === undefined) return refuse('MissingStartTime', doc);
  if (!finite(start) || start <= 0) return refuse('InvalidStartTime', doc);
  const open = inProgress === true;
  if (end === undefined && !open) return refuse('MissingEndTime', doc);
  if (end !== undefined && (!finite(end) || end < start)) return refuse('InvalidEndTime', doc);
  if (parentId === undefined && doc['type'] === 'subsegment') return refuse('MissingParentId', doc);
  if (parentId !== undefined && (typeof parentId !== 'string' || !SEGMENT_ID.test(parentId))) return refuse('InvalidParentId', doc);
  const http = doc['http'];
  const response = typeof http === 'object' && http !== null ? (http as Doc)['response'] : undefined;
  const status = typeof response === 'object' && response !== null ? (response as Doc)['status'] : undefined;
  const origin = doc['origin'];
  return {
    ok: true,
    facts: {
      traceId,
      segmentId: id,
      ...(typeof parentId === 'string' ? { parentId } : {}),
      name,
      startTime: start,
      // An in-progress segment has no end yet, whatever else it says; its complete one replaces it.
      ...(end === undefined || open ? {} : { endTime: end as number }),
      inProgress: open,
      error: doc['error'] === true,
      fault: doc['fault'] === true,
      throttle: doc['throttle'] === true,
      ...(typeof status === 'number' && Number.isInteger(status) ? { httpStatus: status } : {}),
      ...(typeof origin === 'string' ? { origin } : {}),
      traceTime,
    },
  };
}
