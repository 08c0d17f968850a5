/**
 * The metrics and alarms schema on SQLite. Datapoints are stored aggregated per period (1 s for high
 * resolution, 60 s otherwise), never as raw values. Never edit a shipped migration: append a new one.
 */
export const MONITORING_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE monitoring_metrics (
    account_id TEXT NOT NULL,
    metric_key TEXT NOT NULL,
    namespace TEXT NOT NULL,
    metric_name TEXT NOT NULL,
    dimensions TEXT NOT NULL,
    last_put INTEGER NOT NULL,
    PRIMARY KEY (account_id, metric_key)
  ) STRICT;
  CREATE INDEX monitoring_metrics_active ON monitoring_metrics(last_put);
  CREATE TABLE monitoring_datapoints (
    account_id TEXT NOT NULL,
    metric_key TEXT NOT NULL,
    ts INTEGER NOT NULL,
    unit TEXT NOT NULL,
    resolution INTEGER NOT NULL,
    sample_count REAL NOT NULL,
    sum REAL NOT NULL,
    minimum REAL NOT NULL,
    maximum REAL NOT NULL,
    distribution TEXT NOT NULL,
    PRIMARY KEY (account_id, metric_key, ts, unit, resolution)
  ) STRICT;
  CREATE INDEX monitoring_datapoints_age ON monitoring_datapoints(resolution, ts);
  CREATE TABLE monitoring_alarms (
    account_id TEXT NOT NULL,
    alarm_name TEXT NOT NULL,
    state_value TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (account_id, alarm_name)
  ) STRICT;
  CREATE TABLE monitoring_alarm_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    alarm_name TEXT NOT NULL,
    alarm_type TEXT NOT NULL,
    ts INTEGER NOT NULL,
    item_type TEXT NOT NULL,
    summary TEXT NOT NULL,
    data TEXT NOT NULL
  ) STRICT;
  CREATE INDEX monitoring_alarm_history_alarm ON monitoring_alarm_history(account_id, alarm_name, seq);
  CREATE INDEX monitoring_alarm_history_age ON monitoring_alarm_history(ts);
  `,
];
