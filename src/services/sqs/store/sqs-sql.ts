import type Database from 'better-sqlite3';
import type { SqsTx } from './sqs-tx.js';
import type { NewSqsMessage } from './sqs-records.js';
import type { MessageRow, QueueRow } from './sqs-rows.js';
import { queueDoc, toMessage, toQueue } from './sqs-rows.js';
import { toPage } from '../../../store/sqlite/paging.js';

export function sqsSql(db: Database.Database): SqsTx {
  const getQueue = db.prepare<[string, string], QueueRow>('SELECT * FROM sqs_queues WHERE account_id = ? AND name = ?');
  const putQueue = db.prepare('INSERT OR REPLACE INTO sqs_queues (account_id, name, queue_id, doc) VALUES (?, ?, ?, ?)');
  const delQueue = db.prepare('DELETE FROM sqs_queues WHERE account_id = ? AND name = ?');
  const listQueues = db.prepare<[string, string, string, string, number], QueueRow>(
    `SELECT * FROM sqs_queues WHERE account_id = ? AND name > ? AND substr(name, 1, length(?)) = ? ORDER BY name LIMIT ?`,
  );
  const allQueues = db.prepare<[], QueueRow>('SELECT * FROM sqs_queues');
  const insert = db.prepare(
    `INSERT INTO sqs_messages (queue_id, message_id, sealed, md5_body, md5_attributes, sender_id, sent_at, visible_at,
       receive_count, first_received_at, receipt_token, dead_letter_source_arn)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const visible = db.prepare<[string, number, number], MessageRow>(
    'SELECT * FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?',
  );
  const getMessage = db.prepare<[string, number], MessageRow>('SELECT * FROM sqs_messages WHERE queue_id = ? AND seq = ?');
  const update = db.prepare(
    `UPDATE sqs_messages SET queue_id = ?, visible_at = ?, receive_count = ?, first_received_at = ?, receipt_token = ?,
       dead_letter_source_arn = ? WHERE seq = ?`,
  );
  const delMessage = db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND seq = ?');
  const delAll = db.prepare('DELETE FROM sqs_messages WHERE queue_id = ?');
  const delExpired = db.prepare('DELETE FROM sqs_messages WHERE queue_id = ? AND sent_at <= ?');
  const counts = db.prepare<[number, number, number, string], { visible: number | null; not_visible: number | null; delayed: number | null }>(
    `SELECT sum(visible_at <= ?) AS visible,
            sum(visible_at > ? AND receive_count > 0) AS not_visible,
            sum(visible_at > ? AND receive_count = 0) AS delayed
     FROM sqs_messages WHERE queue_id = ?`,
  );
  const nextVisible = db.prepare<[string, number], { at: number | null }>(
    'SELECT min(visible_at) AS at FROM sqs_messages WHERE queue_id = ? AND visible_at > ?',
  );
  return {
    async getQueue(accountId, name) {
      const row = getQueue.get(accountId, name);
      return row && toQueue(row);
    },
    async putQueue(r) {
      putQueue.run(r.accountId, r.name, r.queueId, queueDoc(r));
    },
    async deleteQueue(accountId, name) {
      const row = getQueue.get(accountId, name);
      if (row === undefined) return;
      delAll.run(row.queue_id);
      delQueue.run(accountId, name);
    },
    async listQueues(accountId, prefix, after, limit) {
      const rows = listQueues.all(accountId, after ?? '', prefix, prefix, limit + 1);
      return toPage(rows, limit, toQueue, (r) => r.name);
    },
    async allQueues() {
      return allQueues.all().map(toQueue);
    },
    async insertMessage(m: NewSqsMessage) {
      const info = insert.run(
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
      );
      return Number(info.lastInsertRowid);
    },
    async visibleMessages(queueId, now, limit) {
      return visible.all(queueId, now, limit).map(toMessage);
    },
    async getMessage(queueId, seq) {
      const row = getMessage.get(queueId, seq);
      return row && toMessage(row);
    },
    async updateMessage(m) {
      update.run(
        m.queueId,
        m.visibleAt,
        m.receiveCount,
        m.firstReceivedAt ?? null,
        m.receiptToken ?? null,
        m.deadLetterSourceArn ?? null,
        m.seq,
      );
    },
    async deleteMessage(queueId, seq) {
      return delMessage.run(queueId, seq).changes > 0;
    },
    async purgeMessages(queueId) {
      return delAll.run(queueId).changes;
    },
    async deleteMessagesSentBefore(queueId, sentAtOrBefore) {
      return delExpired.run(queueId, sentAtOrBefore).changes;
    },
    async countMessages(queueId, now) {
      const row = counts.get(now, now, now, queueId);
      return { visible: row?.visible ?? 0, notVisible: row?.not_visible ?? 0, delayed: row?.delayed ?? 0 };
    },
    async nextVisibleAt(queueId, now) {
      return nextVisible.get(queueId, now)?.at ?? undefined;
    },
  };
}
