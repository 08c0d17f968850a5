/**
 * CloudTrail's schema on PostgreSQL: the columns of the SQLite migrations (cloudtrail-schema.ts). Keys are
 * COLLATE "C" so trails list byte-wise as SQLite's BINARY does; times are BIGINT, flags BOOLEAN, JSON columns
 * TEXT (the record must come back byte for byte as the recorder wrote it; jsonb would reformat it). Never edit
 * a shipped migration: append a new one.
 */
export const CLOUDTRAIL_PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cloudtrail_events (
    -- A sequence never hands a number out twice, as SQLite's AUTOINCREMENT: delivery reads by seq.
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    region TEXT NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL,
    event_time BIGINT NOT NULL,
    event_source TEXT COLLATE "C" NOT NULL,
    event_name TEXT COLLATE "C" NOT NULL,
    read_only BOOLEAN NOT NULL,
    management BOOLEAN NOT NULL,
    username TEXT COLLATE "C",
    access_key_id TEXT COLLATE "C",
    resources TEXT NOT NULL,
    record TEXT NOT NULL,
    decisions TEXT,
    UNIQUE (account_id, event_id)
  );
  CREATE INDEX cloudtrail_events_time ON cloudtrail_events(account_id, event_time, seq);
  CREATE INDEX cloudtrail_events_retention ON cloudtrail_events(event_time);
  CREATE TABLE cloudtrail_trails (
    account_id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    home_region TEXT NOT NULL,
    arn TEXT NOT NULL,
    s3_bucket_name TEXT NOT NULL,
    s3_key_prefix TEXT,
    sns_topic_name TEXT,
    include_global_service_events BOOLEAN NOT NULL,
    is_multi_region_trail BOOLEAN NOT NULL,
    log_file_validation_enabled BOOLEAN NOT NULL,
    is_logging BOOLEAN NOT NULL,
    start_logging_time BIGINT,
    stop_logging_time BIGINT,
    created_at BIGINT NOT NULL,
    event_selectors TEXT,
    advanced_event_selectors TEXT,
    tags TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
  );
  `,
];
