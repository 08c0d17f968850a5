/**
 * CloudWatch Logs' schema migrations on SQLite. Events carry their group's key beside their stream's so that
 * FilterLogEvents (a time-ordered scan of one group) and GetLogEvents (of one stream) each read one index range
 * in (timestamp, id) order, and the retention sweep deletes by (group, timestamp). Messages are sealed per event
 * (event-seal.ts). Never edit a shipped migration: append a new one.
 */
export const LOGS_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE logs_groups (
    group_key INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    arn TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    retention_days INTEGER,
    kms_key_id TEXT,
    tags TEXT NOT NULL,
    log_group_class TEXT NOT NULL,
    UNIQUE (account_id, name)
  ) STRICT;
  CREATE TABLE logs_streams (
    stream_key INTEGER PRIMARY KEY AUTOINCREMENT,
    group_key INTEGER NOT NULL,
    name TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    first_event_timestamp INTEGER,
    last_event_timestamp INTEGER,
    last_ingestion_time INTEGER,
    stored_bytes INTEGER NOT NULL,
    UNIQUE (group_key, name)
  ) STRICT;
  CREATE TABLE logs_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_key INTEGER NOT NULL,
    stream_key INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    ingestion_time INTEGER NOT NULL,
    sealed BLOB NOT NULL
  ) STRICT;
  CREATE INDEX logs_events_stream ON logs_events(stream_key, ts, id);
  CREATE INDEX logs_events_group ON logs_events(group_key, ts, id);
  `,
];
