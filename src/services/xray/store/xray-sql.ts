/** X-Ray's statements on SQLite. */
import type Database from 'better-sqlite3';
import type { XrayTx } from './xray-tx.js';
import type { SegmentRow } from './xray-rows.js';
import { SEGMENT_COLUMNS, segmentValues, toSegment } from './xray-rows.js';

export function xraySql(db: Database.Database): XrayTx {
  const put = db.prepare(`INSERT OR REPLACE INTO xray_segments (${SEGMENT_COLUMNS}) VALUES (${SEGMENT_COLUMNS.split(',').map(() => '?').join(', ')})`);
  const ofTrace = db.prepare<[string, string], SegmentRow>(
    'SELECT * FROM xray_segments WHERE account_id = ? AND trace_id = ? ORDER BY start_time, segment_id',
  );
  const byTraceTime = db.prepare<[string, number, number, string, number], { trace_id: string }>(
    `SELECT DISTINCT trace_id FROM xray_segments WHERE account_id = ? AND trace_time >= ? AND trace_time <= ? AND trace_id > ?
     ORDER BY trace_id LIMIT ?`,
  );
  const byEventTime = db.prepare<[string, number, number, string, number], { trace_id: string }>(
    `SELECT DISTINCT trace_id FROM xray_segments WHERE account_id = ? AND event_time >= ? AND event_time <= ? AND trace_id > ?
     ORDER BY trace_id LIMIT ?`,
  );
  const sweep = db.prepare('DELETE FROM xray_segments WHERE received_at < ?');
  return {
    async putSegments(records) {
      for (const r of records) put.run(...segmentValues(r, (b) => (b ? 1 : 0)));
    },
    async traceSegments(accountId, traceIds) {
      return traceIds.flatMap((id) => ofTrace.all(accountId, id).map(toSegment));
    },
    async traceIdsBetween(q) {
      // The trace id's time is whole seconds: a range starting mid-second still holds the traces of that second.
      const statement = q.by === 'TraceId' ? byTraceTime : byEventTime;
      const start = q.by === 'TraceId' ? Math.floor(q.start) : q.start;
      return statement.all(q.accountId, start, q.end, q.after ?? '', q.limit).map((r) => r.trace_id);
    },
    async deleteSegmentsReceivedBefore(receivedBefore) {
      return sweep.run(receivedBefore).changes;
    },
  };
}
