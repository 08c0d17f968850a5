/**
 * The metrics and alarms schema on PostgreSQL: the columns of the SQLite migrations (monitoring-schema.ts).
 * Keys are COLLATE "C" so metrics and alarms list byte-wise, as SQLite's BINARY does. Never edit a shipped
 * migration: append a new one.
 */
export const MONITORING_PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE monitoring_metrics (
    account_id TEXT COLLATE "C" NOT NULL,
    metric_key TEXT COLLATE "C" NOT NULL,
    namespace TEXT COLLATE "C" NOT NULL,
    metric_name TEXT COLLATE "C" NOT NULL,
    dimensions TEXT NOT NULL,
    last_put BIGINT NOT NULL,
    PRIMARY KEY (account_id, metric_key)
  );
  CREATE INDEX monitoring_metrics_active ON monitoring_metrics(last_put);
  CREATE TABLE monitoring_datapoints (
    account_id TEXT COLLATE "C" NOT NULL,
    metric_key TEXT COLLATE "C" NOT NULL,
    ts BIGINT NOT NULL,
    unit TEXT COLLATE "C" NOT NULL,
    resolution INTEGER NOT NULL,
    sample_count DOUBLE PRECISION NOT NULL,
    sum DOUBLE PRECISION NOT NULL,
    minimum DOUBLE PRECISION NOT NULL,
    maximum DOUBLE PRECISION NOT NULL,
    distribution TEXT NOT NULL,
    PRIMARY KEY (account_id, metric_key, ts, unit, resolution)
  );
  CREATE INDEX monitoring_datapoints_age ON monitoring_datapoints(resolution, ts);
  CREATE TABLE monitoring_alarms (
    account_id TEXT COLLATE "C" NOT NULL,
    alarm_name TEXT COLLATE "C" NOT NULL,
    state_value TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (account_id, alarm_name)
  );
  CREATE TABLE monitoring_alarm_history (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    alarm_name TEXT COLLATE "C" NOT NULL,
    alarm_type TEXT NOT NULL,
    ts BIGINT NOT NULL,
    item_type TEXT NOT NULL,
    summary TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX monitoring_alarm_history_alarm ON monitoring_alarm_history(account_id, alarm_name, seq);
  CREATE INDEX monitoring_alarm_history_age ON monitoring_alarm_history(ts);
  `,
];
