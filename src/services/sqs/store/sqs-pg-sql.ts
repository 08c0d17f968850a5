/**
 * SQS's statements on PostgreSQL, the counterpart of sqs-sql.ts. Several nodes may receive from one queue:
 * the messages a receive takes are locked, and those another node's open transaction holds are skipped,
 * so no message goes to two receivers at once.
 */
import type { SqsTx } from './sqs-tx.js';
import type { NewSqsMessage } from './sqs-records.js';
import type { MessageRow, QueueRow } from './sqs-rows.js';
import { queueDoc, toMessage, toQueue } from './sqs-rows.js';
import type { PgQueryable, PgRow } from '../../../store/postgres/pg-tables.js';
import { toPage } from '../../../store/sqlite/paging.js';
import { InvariantError } from '../../../shared/errors/lambdabox-error.js';

type QueueRowPg = QueueRow & PgRow;
type MessageRowPg = MessageRow & PgRow;

// INSERT OR REPLACE drops every row the new one collides with, on the key or on the unique queue_id;
// ON CONFLICT names one constraint, so the other collision is deleted first.
const DROP_SAME_ID = 'DELETE FROM sqs_queues WHERE queue_id = $3 AND (account_id <> $1 OR name <> $2)';
const PUT_QUEUE = `INSERT INTO sqs_queues (account_id, name, queue_id, doc) VALUES ($1, $2, $3, $4)
  ON CONFLICT (account_id, name) DO UPDATE SET queue_id = EXCLUDED.queue_id, doc = EXCLUDED.doc`;

// SQLite's substr(name, 1, length(?)) = ? is an exact, case-sensitive prefix test (no LIKE wildcards).
const LIST_QUEUES = `SELECT * FROM sqs_queues WHERE account_id = $1 AND name > $2 AND starts_with(name, $3)
  ORDER BY name LIMIT $4`;

const INSERT = `INSERT INTO sqs_messages (queue_id, message_id, sealed, md5_body, md5_attributes, sender_id, sent_at,
    visible_at, receive_count, first_received_at, receipt_token, dead_letter_source_arn)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  RETURNING seq`;

const VISIBLE = `SELECT * FROM sqs_messages WHERE queue_id = $1 AND visible_at <= $2 ORDER BY visible_at, seq LIMIT $3
  FOR UPDATE SKIP LOCKED`;

const UPDATE = `UPDATE sqs_messages SET queue_id = $1, visible_at = $2, receive_count = $3, first_received_at = $4,
    receipt_token = $5, dead_letter_source_arn = $6
  WHERE seq = $7`;

const COUNTS = `SELECT count(*) FILTER (WHERE visible_at <= $2) AS visible,
    count(*) FILTER (WHERE visible_at > $2 AND receive_count > 0) AS not_visible,
    count(*) FILTER (WHERE visible_at > $2 AND receive_count = 0) AS delayed
  FROM sqs_messages WHERE queue_id = $1`;

/** `DELETE … RETURNING` counted: what SQLite's `.changes` gives. */
function deleteCounting(where: string): string {
  return `WITH gone AS (DELETE FROM sqs_messages WHERE ${where} RETURNING 1) SELECT count(*) AS n FROM gone`;
}

/** SQLite reads a negative LIMIT as "no limit"; PostgreSQL refuses one but reads NULL so. */
function sqlLimit(limit: number): number | null {
  return limit < 0 ? null : limit;
}

export function sqsPg(db: PgQueryable): SqsTx {
  const getQueue = async (accountId: string, name: string): Promise<QueueRow | undefined> =>
    (await db.query<QueueRowPg>('SELECT * FROM sqs_queues WHERE account_id = $1 AND name = $2', [accountId, name]))[0];
  const count = async (sql: string, values: readonly unknown[]): Promise<number> =>
    (await db.query<{ n: number }>(sql, values))[0]?.n ?? 0;
  return {
    async getQueue(accountId, name) {
      const row = await getQueue(accountId, name);
      return row && toQueue(row);
    },
    async putQueue(r) {
      await db.query(DROP_SAME_ID, [r.accountId, r.name, r.queueId]);
      await db.query(PUT_QUEUE, [r.accountId, r.name, r.queueId, queueDoc(r)]);
    },
    async deleteQueue(accountId, name) {
      const row = await getQueue(accountId, name);
      if (row === undefined) return;
      await db.query('DELETE FROM sqs_messages WHERE queue_id = $1', [row.queue_id]);
      await db.query('DELETE FROM sqs_queues WHERE account_id = $1 AND name = $2', [accountId, name]);
    },
    async listQueues(accountId, prefix, after, limit) {
      const rows = await db.query<QueueRowPg>(LIST_QUEUES, [accountId, after ?? '', prefix, sqlLimit(limit + 1)]);
      return toPage(rows, limit, toQueue, (r) => r.name);
    },
    async allQueues() {
      // SQLite answers in insertion order, which nothing relies on; a key order is at least stable.
      return (await db.query<QueueRowPg>('SELECT * FROM sqs_queues ORDER BY account_id, name')).map(toQueue);
    },
    async insertMessage(m: NewSqsMessage) {
      const [row] = await db.query<{ seq: number }>(INSERT, [
        m.queueId,
        m.messageId,
        m.sealed,
        m.md5OfBody,
        m.md5OfMessageAttributes ?? null,
        m.senderId,
        m.sentAt,
        m.visibleAt,
        m.receiveCount,
        m.firstReceivedAt ?? null,
        m.receiptToken ?? null,
        m.deadLetterSourceArn ?? null,
      ]);
      if (row === undefined) throw new InvariantError('INSERT … RETURNING seq returned no row');
      return row.seq;
    },
    async visibleMessages(queueId, now, limit) {
      return (await db.query<MessageRowPg>(VISIBLE, [queueId, now, sqlLimit(limit)])).map(toMessage);
    },
    async getMessage(queueId, seq) {
      const [row] = await db.query<MessageRowPg>('SELECT * FROM sqs_messages WHERE queue_id = $1 AND seq = $2', [queueId, seq]);
      return row && toMessage(row);
    },
    async updateMessage(m) {
      await db.query(UPDATE, [
        m.queueId,
        m.visibleAt,
        m.receiveCount,
        m.firstReceivedAt ?? null,
        m.receiptToken ?? null,
        m.deadLetterSourceArn ?? null,
        m.seq,
      ]);
    },
    async deleteMessage(queueId, seq) {
      return (await count(deleteCounting('queue_id = $1 AND seq = $2'), [queueId, seq])) > 0;
    },
    async purgeMessages(queueId) {
      return count(deleteCounting('queue_id = $1'), [queueId]);
    },
    async deleteMessagesSentBefore(queueId, sentAtOrBefore) {
      return count(deleteCounting('queue_id = $1 AND sent_at <= $2'), [queueId, sentAtOrBefore]);
    },
    async countMessages(queueId, now) {
      const [row] = await db.query<{ visible: number; not_visible: number; delayed: number }>(COUNTS, [queueId, now]);
      return { visible: row?.visible ?? 0, notVisible: row?.not_visible ?? 0, delayed: row?.delayed ?? 0 };
    },
    async nextVisibleAt(queueId, now) {
      const [row] = await db.query<{ at: number | null }>(
        'SELECT min(visible_at) AS at FROM sqs_messages WHERE queue_id = $1 AND visible_at > $2',
        [queueId, now],
      );
      return row?.at ?? undefined;
    },
  };
}
