/**
 * SQS's schema migrations: queues, and messages whose body and attributes are sealed. Never edit a shipped
 * migration: append a new one.
 */
export const SQS_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sqs_queues (
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    queue_id TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
  ) STRICT;
  CREATE TABLE sqs_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sealed BLOB NOT NULL,
    md5_body TEXT NOT NULL,
    md5_attributes TEXT,
    sender_id TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    visible_at INTEGER NOT NULL,
    receive_count INTEGER NOT NULL,
    first_received_at INTEGER,
    receipt_token TEXT,
    dead_letter_source_arn TEXT
  ) STRICT;
  CREATE INDEX sqs_messages_visible ON sqs_messages(queue_id, visible_at, seq);
  CREATE INDEX sqs_messages_sent ON sqs_messages(queue_id, sent_at);
  `,
];

/** Before tables came in modules, SQS's first migration was the sixth of the one list (`user_version` 6). */
export const SQS_LEGACY_POSITIONS: readonly number[] = [5];
