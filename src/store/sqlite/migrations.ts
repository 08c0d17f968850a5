/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` records
 * how many have run. Never edit a shipped migration: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE access_keys (
    access_key_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(account_id),
    secret_sealed BLOB NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    principal_arn TEXT NOT NULL
  ) STRICT;
  CREATE TABLE functions (
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    tags TEXT NOT NULL,
    reserved_concurrency INTEGER,
    last_version INTEGER NOT NULL,
    PRIMARY KEY (account_id, name)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE function_versions (
    account_id TEXT NOT NULL,
    function_name TEXT NOT NULL,
    version_num INTEGER NOT NULL,
    config TEXT NOT NULL,
    env_sealed BLOB,
    code_sha256 TEXT NOT NULL,
    code_size INTEGER NOT NULL,
    unzipped_size INTEGER NOT NULL,
    unsettled INTEGER NOT NULL,
    PRIMARY KEY (account_id, function_name, version_num)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX function_versions_code ON function_versions(code_sha256);
  CREATE INDEX function_versions_unsettled ON function_versions(unsettled) WHERE unsettled = 1;
  CREATE TABLE aliases (
    account_id TEXT NOT NULL,
    function_name TEXT NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, function_name, name)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE layers (
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    last_version INTEGER NOT NULL,
    PRIMARY KEY (account_id, name)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE layer_versions (
    account_id TEXT NOT NULL,
    layer_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    code_sha256 TEXT NOT NULL,
    code_size INTEGER NOT NULL,
    PRIMARY KEY (account_id, layer_name, version)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX layer_versions_code ON layer_versions(code_sha256);
  CREATE TABLE event_invoke_configs (
    account_id TEXT NOT NULL,
    function_name TEXT NOT NULL,
    qualifier TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, function_name, qualifier)
  ) STRICT, WITHOUT ROWID;
  `,
  // Deleted layer versions stay as tombstones while a function still uses them (as in Lambda,
  // functions keep working); the blob collector purges a tombstone once nothing references it.
  `
  ALTER TABLE layer_versions ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
  `,
];
