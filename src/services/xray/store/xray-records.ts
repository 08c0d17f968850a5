/** What the X-Ray tables keep of one segment document. Times are epoch seconds (as documents carry them), `receivedAt` epoch ms. */
export interface SegmentRecord {
  readonly accountId: string;
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
  /** The epoch second the trace id carries (TimeRangeType TraceId). */
  readonly traceTime: number;
  /** When it was stored; the retention sweep deletes by it. */
  readonly receivedAt: number;
  /** The document, sealed with the key service (segment-seal.ts). */
  readonly sealed: Buffer;
}

export type TimeRangeKind = 'TraceId' | 'Event';

/** Trace ids of one account with a segment in [start, end] (epoch seconds), by id, after `after`, at most `limit`. */
export interface TraceIdQuery {
  readonly accountId: string;
  readonly by: TimeRangeKind;
  readonly start: number;
  readonly end: number;
  readonly after?: string;
  readonly limit: number;
}
