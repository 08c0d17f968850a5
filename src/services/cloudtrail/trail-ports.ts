/**
 * What the parts of the CloudTrail service offer each other, so each can be built and tested alone:
 * trails and their selectors (operations/), the event store (store/), and delivery of log files and signed
 * digests (delivery/). The composition root wires one to the other.
 */
import type { StoredTrailEvent } from './store/trail-event-records.js';
import type { TrailRecord } from './store/cloudtrail-records.js';

/** Where a trail delivers: what delivery needs of a trail (its stored record's members). */
export type TrailTarget = Pick<
  TrailRecord,
  'accountId' | 'homeRegion' | 'name' | 'arn' | 's3BucketName' | 's3KeyPrefix' | 'logFileValidationEnabled' | 'isMultiRegionTrail'
>;

/** A trail that is logging, with its event selectors applied. */
export interface LoggingTrail extends TrailTarget {
  /** True when the trail's (basic or advanced) event selectors and region scope take this event. */
  selects(event: StoredTrailEvent): boolean;
}

/** Implemented by the trail operations over the store. */
export interface LoggingTrails {
  loggingTrails(): Promise<readonly LoggingTrail[]>;
}

/** Implemented by the event store: events in insertion order, across all accounts. */
export interface TrailEventSource {
  eventsAfter(afterSeq: number, limit: number): Promise<readonly StoredTrailEvent[]>;
}

/**
 * Whether any logging trail wants Lambda's Invoke data events for a function. Synchronous, from a cache the
 * trail operations keep current, so the invoke hot path pays nothing when no trail asks for data events.
 */
export interface DataEventInterest {
  wantsInvokeEvents(accountId: string, region: string, functionArn: string): boolean;
}

/** GetTrailStatus's delivery members. */
export interface TrailDeliveryStatus {
  readonly latestDeliveryTime?: Date;
  readonly latestDeliveryAttemptTime?: Date;
  readonly latestDeliveryError?: string;
  readonly latestDigestDeliveryTime?: Date;
  readonly latestDigestDeliveryError?: string;
}

/** One signing key as ListPublicKeys returns it. */
export interface TrailPublicKey {
  /** DER-encoded PKCS#1 RSA public key. */
  readonly value: Buffer;
  readonly validityStartTime: Date;
  readonly validityEndTime: Date;
  /** Hex, as digests name it in `digestPublicKeyFingerprint`. */
  readonly fingerprint: string;
}

/** Implemented by delivery; called by the trail operations. */
export interface TrailDeliveryPort {
  status(trail: TrailTarget): Promise<TrailDeliveryStatus>;
  /** StartLogging: a digest chain (re)starts. */
  startedLogging(trail: TrailTarget, at: Date): Promise<void>;
  /**
   * StopLogging or DeleteTrail: delivers what is pending and a final digest. The trail comes with its
   * selectors, since it is no longer listed as logging when this is called.
   */
  stoppedLogging(trail: LoggingTrail, at: Date): Promise<void>;
  /** Keys whose validity overlaps [start, end]. */
  publicKeys(start: Date, end: Date): Promise<readonly TrailPublicKey[]>;
}
