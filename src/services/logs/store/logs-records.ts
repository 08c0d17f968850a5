/**
 * Stored shapes of the CloudWatch Logs service: log groups, their streams and the events of each stream.
 * A group has an internal `groupKey` that is never reused (a recreated group gets a new one), events are
 * sealed bound to it, and `id` orders events of equal timestamp by arrival (tokens carry it).
 */

export interface LogGroupRecord {
  readonly accountId: string;
  readonly name: string;
  /** Internal, assigned by the store, never reused. */
  readonly groupKey: number;
  readonly arn: string;
  /** Epoch milliseconds. */
  readonly creationTime: number;
  /** Absent: events never expire. */
  readonly retentionInDays?: number;
  readonly kmsKeyId?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly logGroupClass: 'STANDARD';
}

export type NewLogGroup = Omit<LogGroupRecord, 'groupKey'>;

export interface LogStreamRecord {
  readonly groupKey: number;
  readonly name: string;
  /** Internal, assigned by the store. */
  readonly streamKey: number;
  readonly creationTime: number;
  readonly firstEventTimestamp?: number;
  readonly lastEventTimestamp?: number;
  readonly lastIngestionTime?: number;
  readonly storedBytes: number;
}

export interface NewLogEvent {
  readonly timestamp: number;
  /** The message sealed with event-seal.ts. */
  readonly sealed: Buffer;
  /** What the event counts for storedBytes: its message's UTF-8 length. */
  readonly size: number;
}

export interface StoredLogEvent {
  readonly id: number;
  readonly streamKey: number;
  readonly streamName: string;
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly sealed: Buffer;
}

/** A position in the (timestamp, id) order of events. */
export interface EventCursor {
  readonly timestamp: number;
  readonly id: number;
}

export interface EventRange {
  /** Inclusive, epoch milliseconds. */
  readonly startTime: number;
  /** Exclusive, epoch milliseconds. */
  readonly endTime: number;
}

/** GetLogEvents: one stream, ascending strictly after `after`, or descending strictly before `before`. */
export interface StreamEventQuery extends EventRange {
  readonly streamKey: number;
  readonly after?: EventCursor;
  readonly before?: EventCursor;
  readonly descending: boolean;
  readonly limit: number;
}

/** FilterLogEvents' scan: a group's events (of some streams) ascending strictly after `after`. */
export interface GroupEventQuery extends EventRange {
  readonly groupKey: number;
  /** Undefined: every stream of the group. */
  readonly streamKeys?: readonly number[];
  readonly after?: EventCursor;
  readonly limit: number;
}

export interface GroupListQuery {
  readonly accountId: string;
  readonly prefix?: string;
  /** Case-insensitive substring. */
  readonly contains?: string;
  /** Names strictly after this one. */
  readonly after?: string;
  readonly limit: number;
}

/** Where a page of DescribeLogStreams ended: the last stream's sort value and name. */
export interface StreamCursor {
  readonly lastEventTime: number;
  readonly name: string;
}

export interface StreamListQuery {
  readonly groupKey: number;
  readonly prefix?: string;
  readonly orderBy: 'LogStreamName' | 'LastEventTime';
  readonly descending: boolean;
  readonly after?: StreamCursor;
  readonly limit: number;
}
