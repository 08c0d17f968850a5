import type { Store, StoreTx } from '../../../store/store.js';
import type { SegmentRecord, TraceIdQuery } from './xray-records.js';

/** The X-Ray service's tables: segment documents by (account, trace, segment id). */
export interface XrayTx {
  /**
   * Stores the segments; one whose (account, trace, segment id) is stored already replaces it, as AWS lets a
   * complete segment overwrite its in-progress one.
   */
  putSegments(records: readonly SegmentRecord[]): Promise<void>;
  /** Every stored segment of these traces of one account, by trace then start time. */
  traceSegments(accountId: string, traceIds: readonly string[]): Promise<SegmentRecord[]>;
  /**
   * Trace ids in a time range: by the trace id's own time (`TraceId`) or by a segment's event time, its end
   * time or, in progress, its start time (`Event`). Ascending, after `after`, at most `limit`.
   */
  traceIdsBetween(query: TraceIdQuery): Promise<string[]>;
  /** The retention sweep: deletes segments received before `receivedBefore` (epoch ms); returns how many. */
  deleteSegmentsReceivedBefore(receivedBefore: number): Promise<number>;
}

export type XrayStoreTx = StoreTx & XrayTx;
export type XrayStore = Store<XrayStoreTx>;
