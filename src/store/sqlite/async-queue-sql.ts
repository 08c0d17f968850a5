/** SQLite statements of the durable async-invocation queue (AsyncQueueTx). */
import type Database from 'better-sqlite3';
import type { AsyncQueueTx } from '../store.js';
import type { AsyncEventPhase, AsyncEventRecord, LeasedAsyncEvent } from '../async-records.js';

interface Row {
  request_id: string;
  account_id: string;
  function_name: string;
  qualifier: string | null;
  payload_sealed: Buffer;
  enqueued_at: number;
  attempts: number;
  backoffs: number;
  visible_at: number;
  lease_owner: string | null;
  phase: string;
  outcome_sealed: Buffer | null;
  trace_header: string | null;
}

interface LeasedRow extends Row {
  reserved_concurrency: number | null;
}

function toRecord(row: Row): AsyncEventRecord {
  return {
    requestId: row.request_id,
    accountId: row.account_id,
    functionName: row.function_name,
    qualifier: row.qualifier,
    payloadSealed: row.payload_sealed,
    enqueuedAt: row.enqueued_at,
    attempts: row.attempts,
    backoffs: row.backoffs,
    visibleAt: row.visible_at,
    leaseOwner: row.lease_owner,
    phase: row.phase === 'deliver' ? 'deliver' : ('invoke' satisfies AsyncEventPhase),
    outcomeSealed: row.outcome_sealed,
    traceHeader: row.trace_header,
  };
}

/** Ends every lease; the events are visible by `now`, never later than their lease would have let them be. */
export const RELEASE_LEASES = 'UPDATE async_events SET lease_owner = NULL, visible_at = MIN(visible_at, ?) WHERE lease_owner IS NOT NULL';
/** The same for the leases of one owner (parameters: now, owner), e.g. a node that left or was reaped (cluster-sql.ts). */
export const RELEASE_OWNER_LEASES = 'UPDATE async_events SET lease_owner = NULL, visible_at = MIN(visible_at, ?) WHERE lease_owner = ?';

export function asyncQueueSql(db: Database.Database): AsyncQueueTx {
  const insert = db.prepare(
    `INSERT INTO async_events (request_id, account_id, function_name, qualifier, payload_sealed, enqueued_at,
       attempts, backoffs, visible_at, lease_owner, phase, outcome_sealed, trace_header)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The join brings the function's reserved concurrency along, so the poller can size its lanes.
  const due = db.prepare<[number, string, number], LeasedRow>(
    `SELECT e.*, f.reserved_concurrency FROM async_events e
       LEFT JOIN functions f ON f.account_id = e.account_id AND f.name = e.function_name
     WHERE e.visible_at <= ?
       AND (e.account_id || ':' || e.function_name) NOT IN (SELECT value FROM json_each(?))
     ORDER BY e.visible_at LIMIT ?`,
  );
  const lease = db.prepare('UPDATE async_events SET lease_owner = ?, visible_at = ? WHERE request_id = ?');
  const get = db.prepare<[string], Row>('SELECT * FROM async_events WHERE request_id = ?');
  const update = db.prepare(
    `UPDATE async_events SET attempts = ?, backoffs = ?, visible_at = ?, phase = ?, outcome_sealed = ?, lease_owner = NULL
     WHERE request_id = ?`,
  );
  const del = db.prepare('DELETE FROM async_events WHERE request_id = ?');
  const release = db.prepare<[number]>(RELEASE_LEASES);
  const releaseOwner = db.prepare<[number, string]>(RELEASE_OWNER_LEASES);
  const next = db.prepare<[], { at: number | null }>('SELECT MIN(visible_at) AS at FROM async_events');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM async_events');
  return {
    async insertAsyncEvents(records) {
      for (const r of records) {
        insert.run(
          r.requestId,
          r.accountId,
          r.functionName,
          r.qualifier,
          r.payloadSealed,
          r.enqueuedAt,
          r.attempts,
          r.backoffs,
          r.visibleAt,
          r.leaseOwner,
          r.phase,
          r.outcomeSealed,
          r.traceHeader,
        );
      }
    },
    async leaseAsyncEvents(request) {
      const rows = due.all(request.now, JSON.stringify(request.excludeFunctions), request.limit);
      const leased: LeasedAsyncEvent[] = [];
      for (const row of rows) {
        lease.run(request.owner, request.leaseUntil, row.request_id);
        leased.push({
          ...toRecord(row),
          leaseOwner: request.owner,
          visibleAt: request.leaseUntil,
          reservedConcurrency: row.reserved_concurrency,
        });
      }
      return leased;
    },
    async getAsyncEvent(requestId) {
      const row = get.get(requestId);
      return row && toRecord(row);
    },
    async updateAsyncEvent(requestId, u) {
      return update.run(u.attempts, u.backoffs, u.visibleAt, u.phase, u.outcomeSealed, requestId).changes > 0;
    },
    async deleteAsyncEvent(requestId) {
      del.run(requestId);
    },
    async releaseAsyncLeases(now, owner) {
      return (owner === undefined ? release.run(now) : releaseOwner.run(now, owner)).changes;
    },
    async nextAsyncVisibleAt() {
      return next.get()?.at ?? undefined;
    },
    async countAsyncEvents() {
      return count.get()?.n ?? 0;
    },
  };
}
