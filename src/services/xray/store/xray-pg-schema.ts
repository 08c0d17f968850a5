/** X-Ray's schema on PostgreSQL: the columns of xray-schema.ts; ids COLLATE "C" so trace ids sort byte-wise as on SQLite. */
export const XRAY_PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE xray_segments (
    account_id TEXT COLLATE "C" NOT NULL,
    trace_id TEXT COLLATE "C" NOT NULL,
    segment_id TEXT COLLATE "C" NOT NULL,
    parent_id TEXT,
    name TEXT NOT NULL,
    start_time DOUBLE PRECISION NOT NULL,
    end_time DOUBLE PRECISION,
    in_progress BOOLEAN NOT NULL,
    error BOOLEAN NOT NULL,
    fault BOOLEAN NOT NULL,
    throttle BOOLEAN NOT NULL,
    http_status INTEGER,
    origin TEXT,
    trace_time BIGINT NOT NULL,
    event_time DOUBLE PRECISION NOT NULL,
    received_at BIGINT NOT NULL,
    sealed BYTEA NOT NULL,
    PRIMARY KEY (account_id, trace_id, segment_id)
  );
  CREATE INDEX xray_segments_trace_time ON xray_segments(account_id, trace_time, trace_id);
  CREATE INDEX xray_segments_event_time ON xray_segments(account_id, event_time);
  CREATE INDEX xray_segments_received ON xray_segments(received_at);
  `,
];
