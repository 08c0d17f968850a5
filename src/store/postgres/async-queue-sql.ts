/**
 * PostgreSQL statements of the durable async-invocation queue (AsyncQueueTx), the counterpart of
 * sqlite/async-queue-sql.ts. Several nodes may poll the one queue: a lease locks the rows it takes and
 * skips those another node's open transaction holds, so no event is ever leased twice.
 */
import type { AsyncQueueTx } from '../store.js';
import type { AsyncEventPhase, AsyncEventRecord, LeasedAsyncEvent } from '../async-records.js';
import type { PgQueryable } from './pg-tables.js';
import { hasNul } from './iam-principals-sql.js';

interface Row {
  [column: string]: unknown;
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

// Named, not `*`: `seq` is the table's own (insertion order), no part of the record.
const COLUMNS = `request_id, account_id, function_name, qualifier, payload_sealed, enqueued_at,
  attempts, backoffs, visible_at, lease_owner, phase, outcome_sealed, trace_header`;

/**
 * A refused insert must leave the transaction usable, as on SQLite, where a failed statement writes nothing
 * and the transaction goes on: the async event queue (src/invoke/async/event-queue.ts) inserts a batch's
 * events one by one in one transaction and fails only the event whose insert threw. On PostgreSQL a failed
 * statement aborts the whole transaction (25P02 for every later statement, COMMIT rolls back), so the
 * insert is written not to fail: a duplicate request id inserts nothing (ON CONFLICT) and is refused
 * here, and text PostgreSQL cannot hold (NUL) is refused before it is sent. A SAVEPOINT per event would do
 * the same at two more round trips per event, and a subtransaction each: batches of hundreds would
 * overflow PostgreSQL's 64 cached subtransaction ids, which slows every snapshot on the server.
 */
const INSERT = `INSERT INTO async_events (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (request_id) DO NOTHING
  RETURNING 1 AS inserted`;

/** An event whose request id is already queued: nothing was inserted (SQLite's PRIMARY KEY constraint error). */
export class AsyncEventExistsError extends Error {
  constructor(requestId: string) {
    super(`an async event with request id ${JSON.stringify(requestId)} is already queued`);
    this.name = 'AsyncEventExistsError';
  }
}

// Ties on visible_at go first in, first out, as SQLite's index hands them out (by rowid). `OF e`: the
// function's row is only read, and FOR UPDATE may not lock the nullable side of an outer join anyway.
const DUE = `SELECT e.request_id, e.account_id, e.function_name, e.qualifier, e.payload_sealed, e.enqueued_at,
    e.attempts, e.backoffs, e.visible_at, e.lease_owner, e.phase, e.outcome_sealed, e.trace_header, f.reserved_concurrency
  FROM async_events e
  LEFT JOIN functions f ON f.account_id = e.account_id AND f.name = e.function_name
  WHERE e.visible_at <= $1 AND (e.account_id || ':' || e.function_name) <> ALL ($2::text[])
  ORDER BY e.visible_at, e.seq
  LIMIT $3
  FOR UPDATE OF e SKIP LOCKED`;

const LEASE = 'UPDATE async_events SET lease_owner = $1, visible_at = $2 WHERE request_id = ANY ($3::text[])';

const UPDATE = `UPDATE async_events SET attempts = $1, backoffs = $2, visible_at = $3, phase = $4, outcome_sealed = $5,
    lease_owner = NULL
  WHERE request_id = $6
  RETURNING 1 AS updated`;

/**
 * Ends the leases `where` picks: the events are visible by `now` ($1), never later than their lease would
 * have let them be. Shared with the reaping of a node (cluster-sql.ts).
 */
export function releaseLeasesSql(where: string): string {
  return `UPDATE async_events SET lease_owner = NULL, visible_at = LEAST(visible_at, $1) WHERE ${where}`;
}

const RELEASE = `WITH released AS (${releaseLeasesSql('lease_owner IS NOT NULL')} RETURNING 1)
  SELECT count(*) AS n FROM released`;

const RELEASE_OWNER = `WITH released AS (${releaseLeasesSql('lease_owner = $2')} RETURNING 1)
  SELECT count(*) AS n FROM released`;

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

/** SQLite reads a negative LIMIT as "no limit"; PostgreSQL refuses one but reads NULL so. */
function sqlLimit(limit: number): number | null {
  return limit < 0 ? null : limit;
}

export function asyncQueuePg(db: PgQueryable): AsyncQueueTx {
  return {
    async insertAsyncEvents(records) {
      for (const r of records) {
        if (hasNul(r.requestId, r.accountId, r.functionName, r.qualifier ?? '', r.leaseOwner ?? '', r.phase)) {
          throw new TypeError('an async event field holds a NUL character, which PostgreSQL text cannot store');
        }
        const inserted = await db.query(INSERT, [
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
        ]);
        if (inserted.length === 0) throw new AsyncEventExistsError(r.requestId);
      }
    },
    async leaseAsyncEvents(request) {
      const rows = await db.query<LeasedRow>(DUE, [request.now, [...request.excludeFunctions], sqlLimit(request.limit)]);
      if (rows.length === 0) return [];
      await db.query(LEASE, [request.owner, request.leaseUntil, rows.map((row) => row.request_id)]);
      return rows.map(
        (row): LeasedAsyncEvent => ({
          ...toRecord(row),
          leaseOwner: request.owner,
          visibleAt: request.leaseUntil,
          reservedConcurrency: row.reserved_concurrency,
        }),
      );
    },
    async getAsyncEvent(requestId) {
      const [row] = await db.query<Row>(`SELECT ${COLUMNS} FROM async_events WHERE request_id = $1`, [requestId]);
      return row && toRecord(row);
    },
    async updateAsyncEvent(requestId, u) {
      const rows = await db.query(UPDATE, [u.attempts, u.backoffs, u.visibleAt, u.phase, u.outcomeSealed, requestId]);
      return rows.length > 0;
    },
    async deleteAsyncEvent(requestId) {
      await db.query('DELETE FROM async_events WHERE request_id = $1', [requestId]);
    },
    async releaseAsyncLeases(now, owner) {
      const [row] = owner === undefined ? await db.query<{ n: number }>(RELEASE, [now]) : await db.query<{ n: number }>(RELEASE_OWNER, [now, owner]);
      return row?.n ?? 0;
    },
    async nextAsyncVisibleAt() {
      // MIN over no rows is NULL, as in SQLite.
      const [row] = await db.query<{ at: number | null }>('SELECT MIN(visible_at) AS at FROM async_events');
      return row?.at ?? undefined;
    },
    async countAsyncEvents() {
      const [row] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM async_events');
      return row?.n ?? 0;
    },
  };
}
