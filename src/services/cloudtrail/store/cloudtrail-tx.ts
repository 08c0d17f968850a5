import type { Store, StoreTx } from '../../../store/store.js';
import type { NewTrailEvent, StoredTrailEvent } from './trail-event-records.js';
import type { EventLookup, TrailRecord } from './cloudtrail-records.js';

/** The CloudTrail service's tables: the event store and trails. Times are epoch milliseconds. */
export interface CloudTrailTx {
  /**
   * Stores the events in order. An event whose (account, eventId) is already stored is skipped, so a recorder
   * retrying a batch after an unknown outcome writes no duplicate.
   */
  insertTrailEvents(events: readonly NewTrailEvent[]): Promise<void>;
  /**
   * LookupEvents: management events of one account between the times, newest first (ties: later insertion
   * first), at most `limit`, after the cursor. One more than `limit` is never returned; the caller asks for
   * `limit + 1` to learn whether a page follows.
   */
  lookupEvents(query: EventLookup): Promise<StoredTrailEvent[]>;
  /** Every account's events with `seq > afterSeq`, in insertion order (trail delivery reads this). */
  eventsAfter(afterSeq: number, limit: number): Promise<StoredTrailEvent[]>;
  /** The internal decision stream of one event (JSON array), undefined when none was kept or no such event. */
  decisionsOf(accountId: string, eventId: string): Promise<string | undefined>;
  /** The 90-day retention sweep: deletes events older than `eventTimeBefore`; returns how many. */
  deleteEventsBefore(eventTimeBefore: number): Promise<number>;

  getTrail(accountId: string, name: string): Promise<TrailRecord | undefined>;
  /** Creates or replaces the trail (account, name). */
  putTrail(record: TrailRecord): Promise<void>;
  /** False when there was no such trail. */
  deleteTrail(accountId: string, name: string): Promise<boolean>;
  /** The account's trails by name. */
  listTrails(accountId: string): Promise<TrailRecord[]>;
  /** Trails that are logging, of every account (delivery and the data-event interest cache). */
  loggingTrails(): Promise<TrailRecord[]>;
}

/** What CloudTrail's code opens transactions on: the core's tables and its own. */
export type CloudTrailStoreTx = StoreTx & CloudTrailTx;
export type CloudTrailStore = Store<CloudTrailStoreTx>;
