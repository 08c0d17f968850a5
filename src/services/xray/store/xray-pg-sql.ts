/** X-Ray's statements on PostgreSQL, the counterpart of xray-sql.ts. */
import type { XrayTx } from './xray-tx.js';
import type { SegmentRow } from './xray-rows.js';
import { SEGMENT_COLUMNS, segmentValues, toSegment } from './xray-rows.js';
import type { PgQueryable, PgRow } from '../../../store/postgres/pg-tables.js';

type SegmentRowPg = SegmentRow & PgRow;

const UPDATABLE = SEGMENT_COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => !['account_id', 'trace_id', 'segment_id'].includes(c));

const PUT = `INSERT INTO xray_segments (${SEGMENT_COLUMNS})
  VALUES (${SEGMENT_COLUMNS.split(',').map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (account_id, trace_id, segment_id) DO UPDATE SET ${UPDATABLE.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;

export function xrayPg(db: PgQueryable): XrayTx {
  return {
    async putSegments(records) {
      for (const r of records) await db.query(PUT, segmentValues(r, (b) => b));
    },
    async traceSegments(accountId, traceIds) {
      if (traceIds.length === 0) return [];
      const rows = await db.query<SegmentRowPg>(
        'SELECT * FROM xray_segments WHERE account_id = $1 AND trace_id = ANY($2::text[]) ORDER BY trace_id, start_time, segment_id',
        [accountId, [...traceIds]],
      );
      // In the order asked, as on SQLite.
      const all = rows.map(toSegment);
      return traceIds.flatMap((id) => all.filter((s) => s.traceId === id));
    },
    async traceIdsBetween(q) {
      const column = q.by === 'TraceId' ? 'trace_time' : 'event_time';
      const start = q.by === 'TraceId' ? Math.floor(q.start) : q.start;
      const rows = await db.query<{ trace_id: string } & PgRow>(
        `SELECT DISTINCT trace_id FROM xray_segments WHERE account_id = $1 AND ${column} >= $2::double precision AND ${column} <= $3::double precision AND trace_id > $4
         ORDER BY trace_id LIMIT $5`,
        [q.accountId, start, q.end, q.after ?? '', q.limit],
      );
      return rows.map((r) => r.trace_id);
    },
    async deleteSegmentsReceivedBefore(receivedBefore) {
      const [row] = await db.query<{ n: number | string }>(
        'WITH gone AS (DELETE FROM xray_segments WHERE received_at < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
        [receivedBefore],
      );
      return Number(row?.n ?? 0);
    },
  };
}
