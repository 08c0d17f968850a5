/** Stored shapes of the SQS-compatible queue service (issue 6). */

export interface SqsQueueRecord {
  readonly accountId: string;
  readonly name: string;
  /** Random id: a queue deleted and created again under the same name never sees the old messages. */
  readonly queueId: string;
  /** Epoch seconds, as SQS reports CreatedTimestamp / LastModifiedTimestamp. */
  readonly createdAt: number;
  readonly lastModifiedAt: number;
  /** Settable attributes as SQS returns them (all values are strings). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Epoch milliseconds of the last PurgeQueue (one per 60 s, as AWS). */
  readonly lastPurgedAt?: number;
}

export interface SqsMessageRecord {
  /** Insertion order; assigned by the store. */
  readonly seq: number;
  readonly queueId: string;
  readonly messageId: string;
  /** Body and message attributes, sealed with the key service (context: account and message id). */
  readonly sealed: Buffer;
  readonly md5OfBody: string;
  readonly md5OfMessageAttributes?: string;
  readonly senderId: string;
  /** Epoch milliseconds; retention counts from here, also after a move to a dead-letter queue. */
  readonly sentAt: number;
  /** Epoch milliseconds before which the message is delayed or in flight. */
  readonly visibleAt: number;
  readonly receiveCount: number;
  readonly firstReceivedAt?: number;
  /** Random token of the latest receive; receipt handles carry it. */
  readonly receiptToken?: string;
  /** Set once a redrive moved the message to a dead-letter queue. */
  readonly deadLetterSourceArn?: string;
}

export type NewSqsMessage = Omit<SqsMessageRecord, 'seq'>;

export interface SqsMessageCounts {
  readonly visible: number;
  readonly notVisible: number;
  readonly delayed: number;
}
