/**
 * The core's schema on PostgreSQL: the same tables, columns and cascades as the SQLite migrations
 * (sqlite/migrations.ts), as one first migration, since no PostgreSQL store predates it. Keys and ordered
 * columns are COLLATE "C" so listings sort byte-wise, as SQLite's BINARY does, whatever the database's
 * locale. Times and sizes are BIGINT; sealed values BYTEA. Never edit a shipped migration: append one.
 */
export const PG_CORE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE accounts (
    account_id TEXT COLLATE "C" PRIMARY KEY,
    created_at TEXT NOT NULL
  );
  CREATE TABLE access_keys (
    access_key_id TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts(account_id),
    secret_sealed BYTEA NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    principal_arn TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX access_keys_principal ON access_keys(principal_arn);

  CREATE TABLE functions (
    account_id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    created_at TEXT NOT NULL,
    tags TEXT NOT NULL,
    reserved_concurrency BIGINT,
    last_version BIGINT NOT NULL,
    PRIMARY KEY (account_id, name)
  );
  CREATE TABLE function_versions (
    account_id TEXT COLLATE "C" NOT NULL,
    function_name TEXT COLLATE "C" NOT NULL,
    version_num BIGINT NOT NULL,
    config TEXT NOT NULL,
    env_sealed BYTEA,
    code_sha256 TEXT COLLATE "C" NOT NULL,
    code_size BIGINT NOT NULL,
    unzipped_size BIGINT NOT NULL,
    unsettled INTEGER NOT NULL,
    PRIMARY KEY (account_id, function_name, version_num)
  );
  CREATE INDEX function_versions_code ON function_versions(code_sha256);
  CREATE INDEX function_versions_unsettled ON function_versions(unsettled) WHERE unsettled = 1;
  CREATE TABLE aliases (
    account_id TEXT COLLATE "C" NOT NULL,
    function_name TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, function_name, name)
  );
  CREATE TABLE layers (
    account_id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    last_version BIGINT NOT NULL,
    PRIMARY KEY (account_id, name)
  );
  CREATE TABLE layer_versions (
    account_id TEXT COLLATE "C" NOT NULL,
    layer_name TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL,
    doc TEXT NOT NULL,
    code_sha256 TEXT COLLATE "C" NOT NULL,
    code_size BIGINT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, layer_name, version)
  );
  CREATE INDEX layer_versions_code ON layer_versions(code_sha256);
  CREATE TABLE event_invoke_configs (
    account_id TEXT COLLATE "C" NOT NULL,
    function_name TEXT COLLATE "C" NOT NULL,
    qualifier TEXT COLLATE "C" NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, function_name, qualifier)
  );

  CREATE TABLE iam_users (
    account_id TEXT COLLATE "C" NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, name_key)
  );
  CREATE TABLE iam_roles (
    account_id TEXT COLLATE "C" NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, name_key)
  );
  CREATE TABLE iam_groups (
    account_id TEXT COLLATE "C" NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, name_key)
  );
  CREATE TABLE iam_group_members (
    account_id TEXT COLLATE "C" NOT NULL,
    group_key TEXT COLLATE "C" NOT NULL,
    user_key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (account_id, group_key, user_key)
  );
  CREATE INDEX iam_group_members_user ON iam_group_members(account_id, user_key);
  CREATE TABLE iam_policies (
    arn TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account_id, name_key)
  );
  CREATE TABLE iam_policy_versions (
    policy_arn TEXT COLLATE "C" NOT NULL REFERENCES iam_policies(arn) ON DELETE CASCADE,
    version_num BIGINT NOT NULL,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (policy_arn, version_num)
  );
  CREATE TABLE iam_attachments (
    account_id TEXT COLLATE "C" NOT NULL,
    principal_type TEXT COLLATE "C" NOT NULL,
    principal_key TEXT COLLATE "C" NOT NULL,
    policy_arn TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (account_id, principal_type, principal_key, policy_arn)
  );
  CREATE INDEX iam_attachments_policy ON iam_attachments(account_id, policy_arn);
  CREATE TABLE iam_inline_policies (
    account_id TEXT COLLATE "C" NOT NULL,
    principal_type TEXT COLLATE "C" NOT NULL,
    principal_key TEXT COLLATE "C" NOT NULL,
    policy_name TEXT COLLATE "C" NOT NULL,
    principal_name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (account_id, principal_type, principal_key, policy_name)
  );

  CREATE TABLE async_events (
    request_id TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    function_name TEXT COLLATE "C" NOT NULL,
    qualifier TEXT,
    payload_sealed BYTEA NOT NULL,
    enqueued_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    backoffs BIGINT NOT NULL,
    visible_at BIGINT NOT NULL,
    lease_owner TEXT,
    phase TEXT NOT NULL,
    outcome_sealed BYTEA,
    -- Insertion order, SQLite's rowid: events due at the same time are leased first in, first out.
    seq BIGINT GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX async_events_visible ON async_events(visible_at, seq);

  CREATE TABLE resource_policies (
    account_id TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    qualifier TEXT COLLATE "C" NOT NULL,
    policy TEXT NOT NULL,
    revision_id TEXT NOT NULL,
    PRIMARY KEY (account_id, kind, name, qualifier)
  );
  -- Resource policies go away with what they belong to, as SQLite's triggers do it.
  CREATE FUNCTION resource_policies_function_gone() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM resource_policies WHERE account_id = OLD.account_id AND kind = 'function' AND name = OLD.name;
    RETURN NULL;
  END $$;
  CREATE TRIGGER resource_policies_function_gone AFTER DELETE ON functions
    FOR EACH ROW EXECUTE FUNCTION resource_policies_function_gone();
  CREATE FUNCTION resource_policies_version_gone() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM resource_policies
     WHERE account_id = OLD.account_id AND kind = 'function' AND name = OLD.function_name
       AND qualifier = OLD.version_num::text AND OLD.version_num > 0;
    RETURN NULL;
  END $$;
  CREATE TRIGGER resource_policies_version_gone AFTER DELETE ON function_versions
    FOR EACH ROW EXECUTE FUNCTION resource_policies_version_gone();
  CREATE FUNCTION resource_policies_alias_gone() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM resource_policies
     WHERE account_id = OLD.account_id AND kind = 'function' AND name = OLD.function_name AND qualifier = OLD.name;
    RETURN NULL;
  END $$;
  CREATE TRIGGER resource_policies_alias_gone AFTER DELETE ON aliases
    FOR EACH ROW EXECUTE FUNCTION resource_policies_alias_gone();
  CREATE FUNCTION resource_policies_layer_version_gone() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM resource_policies
     WHERE account_id = OLD.account_id AND kind = 'layer-version' AND name = OLD.layer_name
       AND qualifier = OLD.version::text;
    RETURN NULL;
  END $$;
  CREATE TRIGGER resource_policies_layer_version_gone AFTER DELETE ON layer_versions
    FOR EACH ROW EXECUTE FUNCTION resource_policies_layer_version_gone();
  `,
  // The cluster's shared state (cluster-records.ts), as in the SQLite migration of the same tables. None is
  // cached, so none has a change trigger (pg-schema.ts): heartbeats and admissions notify nobody.
  // lbx_admit_execution counts and takes a slot in one autocommit statement (postgres/cluster-sql.ts):
  // the admissions of one account, from every node, take turns on a transaction-scoped advisory lock, and
  // each count runs under a snapshot taken after the lock, so it sees every slot committed before. Slots
  // are fleeting (a crash of the server loses at most the last few), so their commits do not wait for
  // the WAL flush while the account's lock is held.
  `
  CREATE TABLE cluster_nodes (
    node_id TEXT COLLATE "C" PRIMARY KEY,
    url TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    in_flight BIGINT NOT NULL,
    warm JSONB NOT NULL
  );
  CREATE TABLE cluster_slots (
    slot_id TEXT COLLATE "C" PRIMARY KEY,
    node_id TEXT COLLATE "C" NOT NULL,
    account_id TEXT COLLATE "C" NOT NULL,
    function_name TEXT COLLATE "C" NOT NULL,
    reserved BOOLEAN NOT NULL,
    acquired_at BIGINT NOT NULL
  );
  CREATE INDEX cluster_slots_function ON cluster_slots(account_id, function_name);
  CREATE INDEX cluster_slots_unreserved ON cluster_slots(account_id) WHERE NOT reserved;
  CREATE INDEX cluster_slots_node ON cluster_slots(node_id);
  CREATE TABLE cluster_meta (
    key TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE INDEX async_events_lease_owner ON async_events(lease_owner) WHERE lease_owner IS NOT NULL;

  CREATE FUNCTION lbx_admit_execution(
    p_slot_id TEXT, p_node_id TEXT, p_account_id TEXT, p_function_name TEXT,
    p_reserved BIGINT, p_total_reserved BIGINT, p_account_limit BIGINT, p_acquired_at BIGINT
  ) RETURNS TEXT LANGUAGE plpgsql VOLATILE AS $$
  DECLARE
    used BIGINT;
  BEGIN
    -- Under REPEATABLE READ or SERIALIZABLE the count would read the statement's snapshot, taken before
    -- the lock: two admissions could both see room. The caller then runs this in a READ COMMITTED transaction.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
      RAISE EXCEPTION 'lbx_admit_execution needs READ COMMITTED, not %', current_setting('transaction_isolation')
        USING ERRCODE = 'LBX01';
    END IF;
    -- (class, account): the two-key form never meets the migration's one-key lock.
    PERFORM pg_advisory_xact_lock(1818851169, hashtext(p_account_id));
    PERFORM set_config('synchronous_commit', 'off', true);
    IF p_reserved IS NOT NULL THEN
      SELECT count(*) INTO used FROM cluster_slots WHERE account_id = p_account_id AND function_name = p_function_name;
      IF used >= p_reserved THEN
        RETURN 'ReservedFunctionConcurrentInvocationLimitExceeded';
      END IF;
    ELSE
      SELECT count(*) INTO used FROM cluster_slots WHERE account_id = p_account_id AND NOT reserved;
      IF used >= p_account_limit - p_total_reserved THEN
        RETURN 'ConcurrentInvocationLimitExceeded';
      END IF;
    END IF;
    INSERT INTO cluster_slots (slot_id, node_id, account_id, function_name, reserved, acquired_at)
      VALUES (p_slot_id, p_node_id, p_account_id, p_function_name, p_reserved IS NOT NULL, p_acquired_at);
    RETURN 'admitted';
  END $$;
  `,
  // X-Ray: the trace header an Event invoke arrived with (or was given), carried to every attempt and destination.
  `ALTER TABLE async_events ADD COLUMN trace_header TEXT;`,
];
