import type { Store, StoreTx } from '../../../store/store.js';
import type {
  GroupEventQuery,
  GroupListQuery,
  LogGroupRecord,
  LogStreamRecord,
  NewLogEvent,
  NewLogGroup,
  StoredLogEvent,
  StreamEventQuery,
  StreamListQuery,
} from './logs-records.js';

/** The CloudWatch Logs service's tables. Times are epoch milliseconds. */
export interface LogsTx {
  getLogGroup(accountId: string, name: string): Promise<LogGroupRecord | undefined>;
  /** Undefined when the group already exists (nothing is written). */
  insertLogGroup(group: NewLogGroup): Promise<LogGroupRecord | undefined>;
  /** Rewrites retention, KMS key and tags of an existing group. */
  updateLogGroup(group: LogGroupRecord): Promise<void>;
  /** Removes the group with its streams and events; false when there was none. */
  deleteLogGroup(accountId: string, name: string): Promise<boolean>;
  /** The account's groups by name, at most `limit`. */
  listLogGroups(query: GroupListQuery): Promise<LogGroupRecord[]>;
  /** Sum of the group's streams' storedBytes. */
  groupStoredBytes(groupKey: number): Promise<number>;
  /** Every group with a retention policy, of every account (the retention sweep). */
  groupsWithRetention(): Promise<LogGroupRecord[]>;

  getLogStream(groupKey: number, name: string): Promise<LogStreamRecord | undefined>;
  /** Undefined when the stream already exists. */
  insertLogStream(groupKey: number, name: string, creationTime: number): Promise<LogStreamRecord | undefined>;
  deleteLogStream(groupKey: number, name: string): Promise<boolean>;
  listLogStreams(query: StreamListQuery): Promise<LogStreamRecord[]>;
  /** The group's streams with these names (missing names are skipped). */
  streamsNamed(groupKey: number, names: readonly string[]): Promise<LogStreamRecord[]>;

  /** Stores the events and updates the stream's first/last event time, ingestion time and storedBytes. */
  appendLogEvents(groupKey: number, streamKey: number, ingestionTime: number, events: readonly NewLogEvent[]): Promise<void>;
  readStreamEvents(query: StreamEventQuery): Promise<StoredLogEvent[]>;
  /** Ascending by (timestamp, id). */
  scanGroupEvents(query: GroupEventQuery): Promise<StoredLogEvent[]>;
  /** The retention sweep: deletes the group's events with timestamp < `before`; returns how many. */
  deleteLogEventsBefore(groupKey: number, before: number): Promise<number>;
}

export type LogsStoreTx = StoreTx & LogsTx;
export type LogsStore = Store<LogsStoreTx>;
