/**
 * Stored shapes of the CloudTrail service besides events (trail-event-records.ts): trails with their event
 * selectors as PutEventSelectors took them (AWS's member names, so GetEventSelectors returns them unchanged),
 * and the query LookupEvents runs on the event table.
 */

/** A basic event selector (AWS's `EventSelector`). */
export interface EventSelector {
  readonly ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All';
  readonly IncludeManagementEvents?: boolean;
  readonly DataResources?: ReadonlyArray<{ readonly Type?: string; readonly Values?: readonly string[] }>;
  readonly ExcludeManagementEventSources?: readonly string[];
}

/** One condition of an advanced event selector (AWS's `AdvancedFieldSelector`). */
export interface AdvancedFieldSelector {
  readonly Field: string;
  readonly Equals?: readonly string[];
  readonly StartsWith?: readonly string[];
  readonly EndsWith?: readonly string[];
  readonly NotEquals?: readonly string[];
  readonly NotStartsWith?: readonly string[];
  readonly NotEndsWith?: readonly string[];
}

export interface AdvancedEventSelector {
  readonly Name?: string;
  readonly FieldSelectors: readonly AdvancedFieldSelector[];
}

export interface TrailRecord {
  readonly accountId: string;
  /** The region the trail was created in. */
  readonly homeRegion: string;
  readonly name: string;
  readonly arn: string;
  readonly s3BucketName: string;
  readonly s3KeyPrefix?: string;
  readonly snsTopicName?: string;
  readonly includeGlobalServiceEvents: boolean;
  readonly isMultiRegionTrail: boolean;
  readonly logFileValidationEnabled: boolean;
  readonly isLogging: boolean;
  /** Epoch milliseconds of the latest StartLogging / StopLogging. */
  readonly startLoggingTime?: number;
  readonly stopLoggingTime?: number;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Set by PutEventSelectors; absent: AWS's default (all management events, no data events). */
  readonly eventSelectors?: readonly EventSelector[];
  /** Set by PutEventSelectors with advanced selectors; replaces `eventSelectors`. */
  readonly advancedEventSelectors?: readonly AdvancedEventSelector[];
  readonly tags: Readonly<Record<string, string>>;
}

/** LookupEvents' attribute keys, exactly AWS's `LookupAttributeKey` enum. */
export type LookupAttributeKey = 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId';

/** Where a page of LookupEvents ends: events are ordered newest first, ties by insertion order. */
export interface EventCursor {
  readonly eventTime: number;
  readonly seq: number;
}

export interface EventLookup {
  readonly accountId: string;
  readonly attribute?: { readonly key: LookupAttributeKey; readonly value: string };
  /** Epoch milliseconds, both inclusive. */
  readonly startTime: number;
  readonly endTime: number;
  /** Events strictly after this one in the order (the previous page's last). */
  readonly after?: EventCursor;
  readonly limit: number;
}
