/** The node row both engines store (cluster-records.ts); they differ only in how `warm` is kept (JSON text, jsonb). */
import type { NodeRecord } from './cluster-records.js';

export interface NodeRow<Warm> {
  [column: string]: unknown;
  node_id: string;
  url: string;
  started_at: number;
  heartbeat_at: number;
  expires_at: number;
  in_flight: number;
  warm: Warm;
}

export function nodeFromRow<Warm>(row: NodeRow<Warm>, warm: (stored: Warm) => Record<string, number>): NodeRecord {
  return {
    nodeId: row.node_id,
    url: row.url,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    expiresAt: row.expires_at,
    inFlight: row.in_flight,
    warm: warm(row.warm),
  };
}
