/**
 * The configuration history's schema: one append-only table of configuration items and a view of the latest
 * item of each resource (the discovered resources, deleted ones included). Never edit a shipped migration:
 * append a new one.
 */
export const CONFIG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE config_items (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    resource_name TEXT NOT NULL,
    arn TEXT NOT NULL,
    lookup_key TEXT NOT NULL,
    capture_time INTEGER NOT NULL,
    status TEXT NOT NULL,
    state_id TEXT NOT NULL,
    item TEXT NOT NULL
  ) STRICT;
  CREATE INDEX config_items_resource ON config_items(account_id, region, resource_type, resource_id, seq);
  CREATE INDEX config_items_lookup ON config_items(account_id, region, resource_type, lookup_key, seq);
  CREATE VIEW config_resources AS
    SELECT i.* FROM config_items i
    WHERE i.seq = (SELECT max(j.seq) FROM config_items j
                   WHERE j.account_id = i.account_id AND j.region = i.region
                     AND j.resource_type = i.resource_type AND j.resource_id = i.resource_id);
  `,
];
