/** CloudTrail's statements on SQLite, the counterpart of cloudtrail-pg-sql.ts. */
import type Database from 'better-sqlite3';
import type { CloudTrailTx } from './cloudtrail-tx.js';
import type { EventLookup } from './cloudtrail-records.js';
import type { EventRow, TrailRow } from './cloudtrail-rows.js';
import { ATTRIBUTE_COLUMNS, EVENT_COLUMNS, TRAIL_COLUMNS, readOnlyFlag, toEvent, toTrail, trailValues } from './cloudtrail-rows.js';

const flag = (b: boolean): number => (b ? 1 : 0);

/** The WHERE clause of a lookup with one placeholder per value, and those values. */
function lookupWhere(q: EventLookup): { sql: string; values: unknown[] } {
  const parts = ['account_id = ?', 'management = 1', 'event_time >= ?', 'event_time <= ?'];
  const values: unknown[] = [q.accountId, q.startTime, q.endTime];
  const a = q.attribute;
  if (a !== undefined) {
    if (a.key === 'ResourceType' || a.key === 'ResourceName') {
      const member = a.key === 'ResourceType' ? '$.type' : '$.name';
      parts.push(`EXISTS (SELECT 1 FROM json_each(resources) WHERE json_extract(value, '${member}') = ?)`);
      values.push(a.value);
    } else if (a.key === 'ReadOnly') {
      const ro = readOnlyFlag(a.value);
      parts.push('read_only = ?');
      values.push(ro === undefined ? -1 : flag(ro));
    } else {
      parts.push(`${ATTRIBUTE_COLUMNS[a.key]} = ?`);
      values.push(a.value);
    }
  }
  if (q.after !== undefined) {
    parts.push('(event_time < ? OR (event_time = ? AND seq < ?))');
    values.push(q.after.eventTime, q.after.eventTime, q.after.seq);
  }
  return { sql: parts.join(' AND '), values };
}

export function cloudTrailSql(db: Database.Database): CloudTrailTx {
  const insert = db.prepare(
    `INSERT INTO cloudtrail_events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id, event_id) DO NOTHING`,
  );
  const after = db.prepare<[number, number], EventRow>('SELECT * FROM cloudtrail_events WHERE seq > ? ORDER BY seq LIMIT ?');
  const decisions = db.prepare<[string, string], { decisions: string | null }>(
    'SELECT decisions FROM cloudtrail_events WHERE account_id = ? AND event_id = ?',
  );
  const sweep = db.prepare('DELETE FROM cloudtrail_events WHERE event_time < ?');
  const getTrail = db.prepare<[string, string], TrailRow>('SELECT * FROM cloudtrail_trails WHERE account_id = ? AND name = ?');
  const putTrail = db.prepare(
    `INSERT OR REPLACE INTO cloudtrail_trails (${TRAIL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const delTrail = db.prepare('DELETE FROM cloudtrail_trails WHERE account_id = ? AND name = ?');
  const listTrails = db.prepare<[string], TrailRow>('SELECT * FROM cloudtrail_trails WHERE account_id = ? ORDER BY name');
  const logging = db.prepare<[], TrailRow>('SELECT * FROM cloudtrail_trails WHERE is_logging = 1 ORDER BY account_id, name');
  // A lookup's statement depends only on which filters it has: a handful of shapes, each prepared once.
  const lookups = new Map<string, Database.Statement<unknown[], EventRow>>();
  return {
    async insertTrailEvents(events) {
      for (const e of events) {
        insert.run(
          e.accountId,
          e.region,
          e.eventId,
          e.eventTime,
          e.eventSource,
          e.eventName,
          flag(e.readOnly),
          flag(e.management),
          e.username ?? null,
          e.accessKeyId ?? null,
          JSON.stringify(e.resources),
          e.record,
          e.decisions ?? null,
        );
      }
    },
    async lookupEvents(q) {
      const where = lookupWhere(q);
      const sql = `SELECT * FROM cloudtrail_events WHERE ${where.sql} ORDER BY event_time DESC, seq DESC LIMIT ?`;
      let stmt = lookups.get(sql);
      if (stmt === undefined) {
        stmt = db.prepare<unknown[], EventRow>(sql);
        lookups.set(sql, stmt);
      }
      return stmt.all(...where.values, q.limit).map(toEvent);
    },
    async eventsAfter(afterSeq, limit) {
      return after.all(afterSeq, limit).map(toEvent);
    },
    async decisionsOf(accountId, eventId) {
      return decisions.get(accountId, eventId)?.decisions ?? undefined;
    },
    async deleteEventsBefore(eventTimeBefore) {
      return sweep.run(eventTimeBefore).changes;
    },
    async getTrail(accountId, name) {
      const row = getTrail.get(accountId, name);
      return row && toTrail(row);
    },
    async putTrail(r) {
      putTrail.run(...trailValues(r, flag));
    },
    async deleteTrail(accountId, name) {
      return delTrail.run(accountId, name).changes > 0;
    },
    async listTrails(accountId) {
      return listTrails.all(accountId).map(toTrail);
    },
    async loggingTrails() {
      return logging.all().map(toTrail);
    },
  };
}
