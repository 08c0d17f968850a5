/** X-Ray's schema on SQLite. Documents are sealed; the columns are what queries select by. Never edit a shipped migration: append one. */
export const XRAY_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE xray_segments (
    account_id TEXT NOT NULL,
    trace_id TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    parent_id TEXT,
    name TEXT NOT NULL,
    start_time REAL NOT NULL,
    end_time REAL,
    in_progress INTEGER NOT NULL,
    error INTEGER NOT NULL,
    fault INTEGER NOT NULL,
    throttle INTEGER NOT NULL,
    http_status INTEGER,
    origin TEXT,
    trace_time INTEGER NOT NULL,
    event_time REAL NOT NULL,
    received_at INTEGER NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (account_id, trace_id, segment_id)
  ) STRICT;
  CREATE INDEX xray_segments_trace_time ON xray_segments(account_id, trace_time, trace_id);
  CREATE INDEX xray_segments_event_time ON xray_segments(account_id, event_time);
  CREATE INDEX xray_segments_received ON xray_segments(received_at);
  `,
];
