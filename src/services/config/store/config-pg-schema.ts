/**
 * The configuration history's schema on PostgreSQL: the columns of the SQLite migrations (config-schema.ts).
 * Keys are COLLATE "C" so resources list byte-wise, as SQLite's BINARY does, whatever the database's
 * locale. Never edit a shipped migration: append a new one.
 */
export const CONFIG_PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE config_items (
    -- As SQLite's AUTOINCREMENT: a number is never handed out twice, so seq order is insertion order.
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    region TEXT COLLATE "C" NOT NULL,
    resource_type TEXT COLLATE "C" NOT NULL,
    resource_id TEXT COLLATE "C" NOT NULL,
    resource_name TEXT NOT NULL,
    arn TEXT NOT NULL,
    lookup_key TEXT COLLATE "C" NOT NULL,
    capture_time BIGINT NOT NULL,
    status TEXT NOT NULL,
    state_id TEXT NOT NULL,
    item TEXT NOT NULL
  );
  CREATE INDEX config_items_resource ON config_items(account_id, region, resource_type, resource_id, seq);
  CREATE INDEX config_items_lookup ON config_items(account_id, region, resource_type, lookup_key, seq);
  CREATE VIEW config_resources AS
    SELECT i.* FROM config_items i
    WHERE i.seq = (SELECT max(j.seq) FROM config_items j
                   WHERE j.account_id = i.account_id AND j.region = i.region
                     AND j.resource_type = i.resource_type AND j.resource_id = i.resource_id);
  `,
];
