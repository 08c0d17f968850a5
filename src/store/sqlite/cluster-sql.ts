/**
 * SQLite statements of the cluster's shared state (ClusterStore). One process owns the file, so a plain
 * IMMEDIATE transaction makes each operation atomic; the store runs every call under its transaction
 * mutex (sqlite-store.ts), so none lands inside another caller's open transaction on the connection.
 */
import { nodeFromRow } from '../cluster-rows.js';
import type { NodeRow as ClusterNodeRow } from '../cluster-rows.js';
import type Database from 'better-sqlite3';
import type { ClusterStore, NodeRecord, NodeReaping, SlotAdmission } from '../cluster-records.js';
import { RELEASE_OWNER_LEASES } from './async-queue-sql.js';

type NodeRow = ClusterNodeRow<string>;

const KEY_CHECK = 'key_check';

function toNode(row: NodeRow): NodeRecord {
  return nodeFromRow(row, (w) => JSON.parse(w) as Record<string, number>);
}

export function clusterSql(db: Database.Database): ClusterStore {
  const upsertNode = db.prepare(
    `INSERT INTO cluster_nodes (node_id, url, started_at, heartbeat_at, expires_at, in_flight, warm)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (node_id) DO UPDATE SET url = excluded.url, started_at = excluded.started_at,
       heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at, in_flight = excluded.in_flight,
       warm = excluded.warm`,
  );
  const nodes = db.prepare<[], NodeRow>('SELECT * FROM cluster_nodes ORDER BY node_id');
  const deleteExpired = db.prepare<[string, number]>('DELETE FROM cluster_nodes WHERE node_id = ? AND expires_at < ?');
  const deleteNode = db.prepare<[string]>('DELETE FROM cluster_nodes WHERE node_id = ?');
  const deleteNodeSlots = db.prepare<[string]>('DELETE FROM cluster_slots WHERE node_id = ?');
  const releaseLeases = db.prepare<[number, string]>(RELEASE_OWNER_LEASES);
  const countFunction = db.prepare<[string, string], { n: number }>(
    'SELECT COUNT(*) AS n FROM cluster_slots WHERE account_id = ? AND function_name = ?',
  );
  const countUnreserved = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM cluster_slots WHERE account_id = ? AND reserved = 0');
  const insertSlot = db.prepare(
    `INSERT INTO cluster_slots (slot_id, node_id, account_id, function_name, reserved, acquired_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const deleteSlot = db.prepare<[string]>('DELETE FROM cluster_slots WHERE slot_id = ?');
  const insertMeta = db.prepare<[string, string]>('INSERT INTO cluster_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  const readMeta = db.prepare<[string], { value: string }>('SELECT value FROM cluster_meta WHERE key = ?');

  /** Frees what the node held; `removed` says whether its row went (or the caller keeps it). */
  const release = (nodeId: string, now: number, removed: boolean): NodeReaping => {
    const releasedSlots = deleteNodeSlots.run(nodeId).changes;
    const releasedEvents = releaseLeases.run(now, nodeId).changes;
    return { reaped: removed || releasedSlots > 0 || releasedEvents > 0, releasedEvents, releasedSlots };
  };
  const reap = db.transaction((nodeId: string, now: number): NodeReaping => {
    if (deleteExpired.run(nodeId, now).changes === 0) return { reaped: false, releasedEvents: 0, releasedSlots: 0 };
    return release(nodeId, now, true);
  });
  const reset = db.transaction((nodeId: string, now: number): NodeReaping => release(nodeId, now, deleteNode.run(nodeId).changes > 0));
  const admit = db.transaction((r: Parameters<ClusterStore['admitExecution']>[0]): SlotAdmission => {
    if (r.reserved !== null) {
      if ((countFunction.get(r.accountId, r.functionName)?.n ?? 0) >= r.reserved) return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    } else if ((countUnreserved.get(r.accountId)?.n ?? 0) >= r.accountLimit - r.totalReserved) {
      return 'ConcurrentInvocationLimitExceeded';
    }
    insertSlot.run(r.slotId, r.nodeId, r.accountId, r.functionName, r.reserved === null ? 0 : 1, r.acquiredAt);
    return 'admitted';
  });

  return {
    async heartbeat(n) {
      upsertNode.run(n.nodeId, n.url, n.startedAt, n.heartbeatAt, n.expiresAt, n.inFlight, JSON.stringify(n.warm));
    },
    async listNodes() {
      return nodes.all().map(toNode);
    },
    async reapNode(nodeId, now) {
      return reap.immediate(nodeId, now);
    },
    async resetNode(nodeId, now) {
      return reset.immediate(nodeId, now);
    },
    async admitExecution(request) {
      return admit.immediate(request);
    },
    async releaseExecution(slotId) {
      deleteSlot.run(slotId);
    },
    async countExecutions(accountId, functionName) {
      return (functionName === undefined ? countUnreserved.get(accountId) : countFunction.get(accountId, functionName))?.n ?? 0;
    },
    async claimKeyCheck(value) {
      insertMeta.run(KEY_CHECK, value);
      return readMeta.get(KEY_CHECK)?.value ?? value;
    },
  };
}
