/**
 * CloudWatch Logs' schema on PostgreSQL: the columns and indexes of the SQLite migrations (logs-schema.ts).
 * Names are COLLATE "C" so groups and streams list byte-wise as SQLite's BINARY does; sealed messages are BYTEA.
 * Never edit a shipped migration: append a new one.
 */
export const LOGS_PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE logs_groups (
    -- Sequences never hand a number out twice, as SQLite's AUTOINCREMENT: a recreated group gets a new key.
    group_key BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    arn TEXT NOT NULL,
    creation_time BIGINT NOT NULL,
    retention_days BIGINT,
    kms_key_id TEXT,
    tags TEXT NOT NULL,
    log_group_class TEXT NOT NULL,
    UNIQUE (account_id, name)
  );
  CREATE TABLE logs_streams (
    stream_key BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_key BIGINT NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    creation_time BIGINT NOT NULL,
    first_event_timestamp BIGINT,
    last_event_timestamp BIGINT,
    last_ingestion_time BIGINT,
    stored_bytes BIGINT NOT NULL,
    UNIQUE (group_key, name)
  );
  CREATE TABLE logs_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    group_key BIGINT NOT NULL,
    stream_key BIGINT NOT NULL,
    ts BIGINT NOT NULL,
    ingestion_time BIGINT NOT NULL,
    sealed BYTEA NOT NULL
  );
  CREATE INDEX logs_events_stream ON logs_events(stream_key, ts, id);
  CREATE INDEX logs_events_group ON logs_events(group_key, ts, id);
  `,
];
