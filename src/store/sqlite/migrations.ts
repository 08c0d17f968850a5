/**
 * The core's schema migrations (accounts, IAM, Lambda's functions, layers, async queue, resource policies),
 * applied in order inside one transaction each (schema.ts records how many ran). Never edit a shipped
 * migration: append a new one.
 */
export const CORE_MIGRATIONS: readonly string[] = [
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
  // IAM entities (issue 4). Names are unique per account case-insensitively: name_key is the lower-case
  // name, doc the record as JSON. Memberships and attachments refer to principals by name_key.
  `
  CREATE TABLE iam_users (
    account_id TEXT NOT NULL,
    name_key TEXT NOT NULL,
    path TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, name_key)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE iam_roles (
    account_id TEXT NOT NULL,
    name_key TEXT NOT NULL,
    path TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, name_key)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE iam_groups (
    account_id TEXT NOT NULL,
    name_key TEXT NOT NULL,
    path TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, name_key)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE iam_group_members (
    account_id TEXT NOT NULL,
    group_key TEXT NOT NULL,
    user_key TEXT NOT NULL,
    PRIMARY KEY (account_id, group_key, user_key)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX iam_group_members_user ON iam_group_members(account_id, user_key);
  CREATE TABLE iam_policies (
    arn TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    name_key TEXT NOT NULL,
    path TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account_id, name_key)
  ) STRICT;
  CREATE TABLE iam_policy_versions (
    policy_arn TEXT NOT NULL REFERENCES iam_policies(arn) ON DELETE CASCADE,
    version_num INTEGER NOT NULL,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (policy_arn, version_num)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE iam_attachments (
    account_id TEXT NOT NULL,
    principal_type TEXT NOT NULL,
    principal_key TEXT NOT NULL,
    policy_arn TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (account_id, principal_type, principal_key, policy_arn)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX iam_attachments_policy ON iam_attachments(account_id, policy_arn);
  CREATE TABLE iam_inline_policies (
    account_id TEXT NOT NULL,
    principal_type TEXT NOT NULL,
    principal_key TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    principal_name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (account_id, principal_type, principal_key, policy_name)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX access_keys_principal ON access_keys(principal_arn);
  `,
  // The durable asynchronous-invocation queue (issue 6): an event leaves only when its outcome is committed.
  `
  CREATE TABLE async_events (
    request_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    function_name TEXT NOT NULL,
    qualifier TEXT,
    payload_sealed BLOB NOT NULL,
    enqueued_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    backoffs INTEGER NOT NULL,
    visible_at INTEGER NOT NULL,
    lease_owner TEXT,
    phase TEXT NOT NULL,
    outcome_sealed BLOB
  ) STRICT;
  CREATE INDEX async_events_visible ON async_events(visible_at);
  `,
  // Resource-based policies (function permissions, layer version permissions); they disappear with
  // what they belong to.
  `
  CREATE TABLE resource_policies (
    account_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    qualifier TEXT NOT NULL,
    policy TEXT NOT NULL,
    revision_id TEXT NOT NULL,
    PRIMARY KEY (account_id, kind, name, qualifier)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER resource_policies_function_gone AFTER DELETE ON functions BEGIN
    DELETE FROM resource_policies WHERE account_id = OLD.account_id AND kind = 'function' AND name = OLD.name;
  END;
  CREATE TRIGGER resource_policies_version_gone AFTER DELETE ON function_versions BEGIN
    DELETE FROM resource_policies
     WHERE account_id = OLD.account_id AND kind = 'function' AND name = OLD.function_name
       AND qualifier = CAST(OLD.version_num AS TEXT) AND OLD.version_num > 0;
  END;
  CREATE TRIGGER resource_policies_alias_gone AFTER DELETE ON aliases BEGIN
    DELETE FROM resource_policies
     WHERE account_id = OLD.account_id AND kind = 'function' AND name = OLD.function_name AND qualifier = OLD.name;
  END;
  CREATE TRIGGER resource_policies_layer_version_gone AFTER DELETE ON layer_versions BEGIN
    DELETE FROM resource_policies
     WHERE account_id = OLD.account_id AND kind = 'layer-version' AND name = OLD.layer_name
       AND qualifier = CAST(OLD.version AS TEXT);
  END;
  `,
  // The cluster's shared state (cluster-records.ts): the nodes' leases, the executions running on each
  // (counted per function and per account's unreserved pool), the master-key check. Slots go with their
  // node when it is reaped, and so do its async-event leases (hence the index on lease_owner).
  `
  CREATE TABLE cluster_nodes (
    node_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    in_flight INTEGER NOT NULL,
    warm TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE cluster_slots (
    slot_id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    function_name TEXT NOT NULL,
    reserved INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX cluster_slots_function ON cluster_slots(account_id, function_name);
  CREATE INDEX cluster_slots_unreserved ON cluster_slots(account_id) WHERE reserved = 0;
  CREATE INDEX cluster_slots_node ON cluster_slots(node_id);
  CREATE TABLE cluster_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX async_events_lease_owner ON async_events(lease_owner) WHERE lease_owner IS NOT NULL;
  `,
  // X-Ray: the trace header an Event invoke arrived with (or was given), carried to every attempt and destination.
  `ALTER TABLE async_events ADD COLUMN trace_header TEXT;`,
];
