/**
 * SQS's schema on PostgreSQL: the columns of the SQLite migrations (sqs-schema.ts), as one first migration
 * since no PostgreSQL store predates it. Keys and ordered columns are COLLATE "C" so ListQueues sorts
 * byte-wise, as SQLite's BINARY does, whatever the database's locale. Times are BIGINT, sealed values
 * BYTEA. Never edit a shipped migration: append a new one.
 */
export const SQS_PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sqs_queues (
    account_id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    queue_id TEXT COLLATE "C" NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
  );
  CREATE TABLE sqs_messages (
    -- A sequence never hands a number out twice, as SQLite's AUTOINCREMENT (numbers of rolled back
    -- inserts are skipped, not reused).
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue_id TEXT COLLATE "C" NOT NULL,
    message_id TEXT NOT NULL,
    sealed BYTEA NOT NULL,
    md5_body TEXT NOT NULL,
    md5_attributes TEXT,
    sender_id TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    visible_at BIGINT NOT NULL,
    receive_count BIGINT NOT NULL,
    first_received_at BIGINT,
    receipt_token TEXT,
    dead_letter_source_arn TEXT
  );
  CREATE INDEX sqs_messages_visible ON sqs_messages(queue_id, visible_at, seq);
  CREATE INDEX sqs_messages_sent ON sqs_messages(queue_id, sent_at);
  `,
];
