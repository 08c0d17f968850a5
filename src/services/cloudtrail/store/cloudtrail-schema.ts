/**
 * CloudTrail's schema migrations on SQLite: the event store (one row per event and account, the delivered
 * record kept verbatim beside the columns LookupEvents filters on) and trails. Never edit a shipped migration:
 * append a new one.
 */
export const CLOUDTRAIL_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cloudtrail_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_time INTEGER NOT NULL,
    event_source TEXT NOT NULL,
    event_name TEXT NOT NULL,
    read_only INTEGER NOT NULL,
    management INTEGER NOT NULL,
    username TEXT,
    access_key_id TEXT,
    resources TEXT NOT NULL,
    record TEXT NOT NULL,
    decisions TEXT,
    UNIQUE (account_id, event_id)
  ) STRICT;
  CREATE INDEX cloudtrail_events_time ON cloudtrail_events(account_id, event_time, seq);
  CREATE INDEX cloudtrail_events_retention ON cloudtrail_events(event_time);
  CREATE TABLE cloudtrail_trails (
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    home_region TEXT NOT NULL,
    arn TEXT NOT NULL,
    s3_bucket_name TEXT NOT NULL,
    s3_key_prefix TEXT,
    sns_topic_name TEXT,
    include_global_service_events INTEGER NOT NULL,
    is_multi_region_trail INTEGER NOT NULL,
    log_file_validation_enabled INTEGER NOT NULL,
    is_logging INTEGER NOT NULL,
    start_logging_time INTEGER,
    stop_logging_time INTEGER,
    created_at INTEGER NOT NULL,
    event_selectors TEXT,
    advanced_event_selectors TEXT,
    tags TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
  ) STRICT;
  `,
];
