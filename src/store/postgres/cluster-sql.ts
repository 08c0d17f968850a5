/**
 * PostgreSQL statements of the cluster's shared state (ClusterStore), the counterpart of
 * sqlite/cluster-sql.ts. Every operation is one autocommit statement on any pooled connection, outside the
 * store's serializable transactions: an admission is a call of `lbx_admit_execution` (migrations.ts), which
 * serializes the account's admissions from every node on an advisory lock; reaping a node is one statement
 * whose parts (the node's row, its slots, its leases) commit together or not at all.
 */
import { nodeFromRow } from '../cluster-rows.js';
import type { NodeRow as ClusterNodeRow } from '../cluster-rows.js';
import type { ClusterStore, NodeRecord, NodeReaping, SlotAdmission } from '../cluster-records.js';
import type { PgQueryable, PgRow } from './pg-tables.js';
import { releaseLeasesSql } from './async-queue-sql.js';
import { InvariantError } from '../../shared/errors/lambdabox-error.js';

export interface PgClusterConnection {
  /** One statement on its own (autocommit) on any pooled connection. */
  query<R extends PgRow = PgRow>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** Statements on one pooled connection, inside a READ COMMITTED transaction. */
  readCommitted<T>(fn: (db: PgQueryable) => Promise<T>): Promise<T>;
}

type NodeRow = ClusterNodeRow<Record<string, number>>;

interface ReapingRow {
  [column: string]: unknown;
  nodes: number;
  slots: number;
  events: number;
}

/** lbx_admit_execution's refusal when the session's transactions are not READ COMMITTED. */
const NEEDS_READ_COMMITTED = 'LBX01';
const KEY_CHECK = 'key_check';

const UPSERT_NODE = `INSERT INTO cluster_nodes (node_id, url, started_at, heartbeat_at, expires_at, in_flight, warm)
  VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
  ON CONFLICT (node_id) DO UPDATE SET url = EXCLUDED.url, started_at = EXCLUDED.started_at,
    heartbeat_at = EXCLUDED.heartbeat_at, expires_at = EXCLUDED.expires_at, in_flight = EXCLUDED.in_flight,
    warm = EXCLUDED.warm`;

/**
 * $1 now, $2 node id. The slots and leases go only if the node's row did (`gone`); a heartbeat that renewed
 * the lease first leaves the row out of the DELETE (READ COMMITTED re-checks it once the heartbeat commits).
 */
const REAP = `WITH gone AS (DELETE FROM cluster_nodes WHERE node_id = $2 AND expires_at < $1 RETURNING 1),
  slots AS (DELETE FROM cluster_slots WHERE node_id = $2 AND EXISTS (SELECT 1 FROM gone) RETURNING 1),
  events AS (${releaseLeasesSql('lease_owner = $2 AND EXISTS (SELECT 1 FROM gone)')} RETURNING 1)
  SELECT (SELECT count(*) FROM gone) AS nodes, (SELECT count(*) FROM slots) AS slots, (SELECT count(*) FROM events) AS events`;

/** As REAP, whatever the node's lease says. */
const RESET = `WITH gone AS (DELETE FROM cluster_nodes WHERE node_id = $2 RETURNING 1),
  slots AS (DELETE FROM cluster_slots WHERE node_id = $2 RETURNING 1),
  events AS (${releaseLeasesSql('lease_owner = $2')} RETURNING 1)
  SELECT (SELECT count(*) FROM gone) AS nodes, (SELECT count(*) FROM slots) AS slots, (SELECT count(*) FROM events) AS events`;

const ADMIT = 'SELECT lbx_admit_execution($1, $2, $3, $4, $5, $6, $7, $8) AS admission';

function toNode(row: NodeRow): NodeRecord {
  return nodeFromRow(row, (w) => w);
}

function toReaping(row: ReapingRow | undefined): NodeReaping {
  const releasedSlots = row?.slots ?? 0;
  const releasedEvents = row?.events ?? 0;
  return { reaped: (row?.nodes ?? 0) > 0 || releasedSlots > 0 || releasedEvents > 0, releasedEvents, releasedSlots };
}

function admission(rows: ReadonlyArray<{ admission: SlotAdmission }>): SlotAdmission {
  const [row] = rows;
  if (row === undefined) throw new InvariantError('lbx_admit_execution returned no row');
  return row.admission;
}

function sqlState(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

export function clusterPg(db: PgClusterConnection): ClusterStore {
  /** Set once the server turned out to run sessions at another isolation level than READ COMMITTED. */
  let explicitReadCommitted = false;
  return {
    async heartbeat(n) {
      await db.query(UPSERT_NODE, [n.nodeId, n.url, n.startedAt, n.heartbeatAt, n.expiresAt, n.inFlight, JSON.stringify(n.warm)]);
    },
    async listNodes() {
      const rows = await db.query<NodeRow>(
        'SELECT node_id, url, started_at, heartbeat_at, expires_at, in_flight, warm FROM cluster_nodes ORDER BY node_id',
      );
      return rows.map(toNode);
    },
    async reapNode(nodeId, now) {
      const [row] = await db.query<ReapingRow>(REAP, [now, nodeId]);
      return toReaping(row);
    },
    async resetNode(nodeId, now) {
      const [row] = await db.query<ReapingRow>(RESET, [now, nodeId]);
      return toReaping(row);
    },
    async admitExecution(r) {
      const values = [r.slotId, r.nodeId, r.accountId, r.functionName, r.reserved, r.totalReserved, r.accountLimit, r.acquiredAt];
      if (!explicitReadCommitted) {
        try {
          return admission(await db.query<{ admission: SlotAdmission }>(ADMIT, values));
        } catch (err) {
          if (sqlState(err) !== NEEDS_READ_COMMITTED) throw err;
          explicitReadCommitted = true;
        }
      }
      return db.readCommitted(async (tx) => admission(await tx.query<{ admission: SlotAdmission }>(ADMIT, values)));
    },
    async releaseExecution(slotId) {
      await db.query('DELETE FROM cluster_slots WHERE slot_id = $1', [slotId]);
    },
    async countExecutions(accountId, functionName) {
      const [row] =
        functionName === undefined
          ? await db.query<{ n: number }>('SELECT count(*) AS n FROM cluster_slots WHERE account_id = $1 AND NOT reserved', [accountId])
          : await db.query<{ n: number }>('SELECT count(*) AS n FROM cluster_slots WHERE account_id = $1 AND function_name = $2', [
              accountId,
              functionName,
            ]);
      return row?.n ?? 0;
    },
    async claimKeyCheck(value) {
      // Two statements: the SELECT's snapshot must come after the INSERT, which waits out a concurrent claim.
      await db.query('INSERT INTO cluster_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [KEY_CHECK, value]);
      const [row] = await db.query<{ value: string }>('SELECT value FROM cluster_meta WHERE key = $1', [KEY_CHECK]);
      return row?.value ?? value;
    },
  };
}
