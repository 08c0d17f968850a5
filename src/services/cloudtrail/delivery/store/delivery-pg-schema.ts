/**
 * CloudTrail delivery's tables on PostgreSQL: the columns of delivery-schema.ts, times BIGINT, keys BYTEA,
 * text keys COLLATE "C" to order as SQLite's BINARY does. Never edit a shipped migration: append one.
 */
export const TRAIL_DELIVERY_PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cloudtrail_delivery_trails (
    trail_arn TEXT COLLATE "C" PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    logging_since BIGINT,
    last_digest_key TEXT,
    last_digest_bucket TEXT,
    last_digest_hash TEXT,
    last_digest_signature TEXT,
    last_digest_end BIGINT,
    digested_log_id BIGINT NOT NULL,
    latest_delivery_time BIGINT,
    latest_delivery_attempt_time BIGINT,
    latest_delivery_error TEXT,
    latest_digest_time BIGINT,
    latest_digest_error TEXT
  );
  CREATE TABLE cloudtrail_delivery_log_files (
    -- Never reused, as SQLite's AUTOINCREMENT: a digest lists the files after the last id it listed.
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trail_arn TEXT COLLATE "C" NOT NULL,
    bucket TEXT NOT NULL,
    object_key TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    oldest_event_time BIGINT NOT NULL,
    newest_event_time BIGINT NOT NULL,
    delivered_at BIGINT NOT NULL
  );
  CREATE INDEX cloudtrail_delivery_log_files_trail ON cloudtrail_delivery_log_files(trail_arn, id);
  CREATE TABLE cloudtrail_delivery_keys (
    fingerprint TEXT COLLATE "C" PRIMARY KEY,
    public_key BYTEA NOT NULL,
    sealed_private_key BYTEA NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_to BIGINT NOT NULL
  );
  CREATE INDEX cloudtrail_delivery_keys_from ON cloudtrail_delivery_keys(valid_from);
  `,
];
