/** Rows of SQS's tables and the records they map to, the same on SQLite (sqs-sql.ts) and PostgreSQL (sqs-pg-sql.ts). */
import type { SqsMessageRecord, SqsQueueRecord } from './sqs-records.js';

export interface QueueRow {
  account_id: string;
  name: string;
  queue_id: string;
  doc: string;
}

export interface MessageRow {
  seq: number;
  queue_id: string;
  message_id: string;
  sealed: Buffer;
  md5_body: string;
  md5_attributes: string | null;
  sender_id: string;
  sent_at: number;
  visible_at: number;
  receive_count: number;
  first_received_at: number | null;
  receipt_token: string | null;
  dead_letter_source_arn: string | null;
}

type QueueDoc = Omit<SqsQueueRecord, 'accountId' | 'name' | 'queueId'>;

export function toQueue(row: QueueRow): SqsQueueRecord {
  return { accountId: row.account_id, name: row.name, queueId: row.queue_id, ...(JSON.parse(row.doc) as QueueDoc) };
}

/** The `doc` column: what of a queue is no key. */
export function queueDoc(r: SqsQueueRecord): string {
  const doc: QueueDoc = {
    createdAt: r.createdAt,
    lastModifiedAt: r.lastModifiedAt,
    attributes: r.attributes,
    tags: r.tags,
    ...(r.lastPurgedAt === undefined ? {} : { lastPurgedAt: r.lastPurgedAt }),
  };
  return JSON.stringify(doc);
}

export function toMessage(row: MessageRow): SqsMessageRecord {
  return {
    seq: row.seq,
    queueId: row.queue_id,
    messageId: row.message_id,
    sealed: row.sealed,
    md5OfBody: row.md5_body,
    ...(row.md5_attributes === null ? {} : { md5OfMessageAttributes: row.md5_attributes }),
    senderId: row.sender_id,
    sentAt: row.sent_at,
    visibleAt: row.visible_at,
    receiveCount: row.receive_count,
    ...(row.first_received_at === null ? {} : { firstReceivedAt: row.first_received_at }),
    ...(row.receipt_token === null ? {} : { receiptToken: row.receipt_token }),
    ...(row.dead_letter_source_arn === null ? {} : { deadLetterSourceArn: row.dead_letter_source_arn }),
  };
}
