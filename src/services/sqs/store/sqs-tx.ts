import type { Page, Store, StoreTx } from '../../../store/store.js';
import type { NewSqsMessage, SqsMessageCounts, SqsMessageRecord, SqsQueueRecord } from './sqs-records.js';

/** The SQS-compatible queue service's tables. Times of messages are epoch milliseconds. */
export interface SqsTx {
  getQueue(accountId: string, name: string): Promise<SqsQueueRecord | undefined>;
  putQueue(record: SqsQueueRecord): Promise<void>;
  /** Removes the queue with all its messages. */
  deleteQueue(accountId: string, name: string): Promise<void>;
  /** Queues whose name starts with `prefix`, by name. */
  listQueues(accountId: string, prefix: string, after: string | undefined, limit: number): Promise<Page<SqsQueueRecord>>;
  /** Every queue of every account (retention sweeps). */
  allQueues(): Promise<SqsQueueRecord[]>;
  /** Stores a message; returns its `seq`. */
  insertMessage(message: NewSqsMessage): Promise<number>;
  /** Up to `limit` messages visible at `now`, earliest visibility first. */
  visibleMessages(queueId: string, now: number, limit: number): Promise<SqsMessageRecord[]>;
  getMessage(queueId: string, seq: number): Promise<SqsMessageRecord | undefined>;
  /** Rewrites a message's queue, visibility and receive state (the body never changes). */
  updateMessage(message: SqsMessageRecord): Promise<void>;
  /** False when no such message was stored. */
  deleteMessage(queueId: string, seq: number): Promise<boolean>;
  purgeMessages(queueId: string): Promise<number>;
  deleteMessagesSentBefore(queueId: string, sentAtOrBefore: number): Promise<number>;
  countMessages(queueId: string, now: number): Promise<SqsMessageCounts>;
  /** The earliest time after `now` at which a delayed or in-flight message becomes visible. */
  nextVisibleAt(queueId: string, now: number): Promise<number | undefined>;
}

/** What SQS's code opens transactions on: the core's tables (accounts, resource tags) and its own. */
export type SqsStoreTx = StoreTx & SqsTx;
export type SqsStore = Store<SqsStoreTx>;
