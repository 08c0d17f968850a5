/**
 * CloudTrail delivery's tables on SQLite: per-trail state (cursor, digest chain, status), the log files it
 * delivered (what digests list) and the digest signing keys. Never edit a shipped migration: append one.
 */
export const TRAIL_DELIVERY_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cloudtrail_delivery_trails (
    trail_arn TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL,
    logging_since INTEGER,
    last_digest_key TEXT,
    last_digest_bucket TEXT,
    last_digest_hash TEXT,
    last_digest_signature TEXT,
    last_digest_end INTEGER,
    digested_log_id INTEGER NOT NULL,
    latest_delivery_time INTEGER,
    latest_delivery_attempt_time INTEGER,
    latest_delivery_error TEXT,
    latest_digest_time INTEGER,
    latest_digest_error TEXT
  ) STRICT;
  CREATE TABLE cloudtrail_delivery_log_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trail_arn TEXT NOT NULL,
    bucket TEXT NOT NULL,
    object_key TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    oldest_event_time INTEGER NOT NULL,
    newest_event_time INTEGER NOT NULL,
    delivered_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX cloudtrail_delivery_log_files_trail ON cloudtrail_delivery_log_files(trail_arn, id);
  CREATE TABLE cloudtrail_delivery_keys (
    fingerprint TEXT PRIMARY KEY,
    public_key BLOB NOT NULL,
    sealed_private_key BLOB NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_to INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX cloudtrail_delivery_keys_from ON cloudtrail_delivery_keys(valid_from);
  `,
];
