/** CloudTrail's statements on PostgreSQL, the counterpart of cloudtrail-sql.ts. */
import type { CloudTrailTx } from './cloudtrail-tx.js';
import type { EventLookup } from './cloudtrail-records.js';
import type { EventRow, TrailRow } from './cloudtrail-rows.js';
import { ATTRIBUTE_COLUMNS, EVENT_COLUMNS, TRAIL_COLUMNS, readOnlyFlag, toEvent, toTrail, trailValues } from './cloudtrail-rows.js';
import type { PgQueryable, PgRow } from '../../../store/postgres/pg-tables.js';

type EventRowPg = EventRow & PgRow;
type TrailRowPg = TrailRow & PgRow;

const INSERT = `INSERT INTO cloudtrail_events (${EVENT_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (account_id, event_id) DO NOTHING`;

const PUT_TRAIL = `INSERT INTO cloudtrail_trails (${TRAIL_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
  ON CONFLICT (account_id, name) DO UPDATE SET home_region = EXCLUDED.home_region, arn = EXCLUDED.arn,
    s3_bucket_name = EXCLUDED.s3_bucket_name, s3_key_prefix = EXCLUDED.s3_key_prefix,
    sns_topic_name = EXCLUDED.sns_topic_name, include_global_service_events = EXCLUDED.include_global_service_events,
    is_multi_region_trail = EXCLUDED.is_multi_region_trail, log_file_validation_enabled = EXCLUDED.log_file_validation_enabled,
    is_logging = EXCLUDED.is_logging, start_logging_time = EXCLUDED.start_logging_time,
    stop_logging_time = EXCLUDED.stop_logging_time, created_at = EXCLUDED.created_at,
    event_selectors = EXCLUDED.event_selectors, advanced_event_selectors = EXCLUDED.advanced_event_selectors,
    tags = EXCLUDED.tags`;

function lookupWhere(q: EventLookup): { sql: string; values: unknown[] } {
  const values: unknown[] = [q.accountId, q.startTime, q.endTime];
  const param = (v: unknown): string => `$${values.push(v)}`;
  const parts = ['account_id = $1', 'management', 'event_time >= $2', 'event_time <= $3'];
  const a = q.attribute;
  if (a !== undefined) {
    if (a.key === 'ResourceType' || a.key === 'ResourceName') {
      // The same test as SQLite's json_each: some element of the array has this member equal to the value.
      const member = a.key === 'ResourceType' ? 'type' : 'name';
      parts.push(`resources::jsonb @> jsonb_build_array(jsonb_build_object('${member}', ${param(a.value)}::text))`);
    } else if (a.key === 'ReadOnly') {
      // NULL compares equal to nothing: a value other than true/false finds no event, as on SQLite.
      parts.push(`read_only = ${param(readOnlyFlag(a.value) ?? null)}::boolean`);
    } else {
      parts.push(`${ATTRIBUTE_COLUMNS[a.key]} = ${param(a.value)}`);
    }
  }
  if (q.after !== undefined) {
    const t = param(q.after.eventTime);
    parts.push(`(event_time < ${t} OR (event_time = ${t} AND seq < ${param(q.after.seq)}))`);
  }
  return { sql: `${parts.join(' AND ')} ORDER BY event_time DESC, seq DESC LIMIT ${param(q.limit)}`, values };
}

export function cloudTrailPg(db: PgQueryable): CloudTrailTx {
  return {
    async insertTrailEvents(events) {
      for (const e of events) {
        await db.query(INSERT, [
          e.accountId,
          e.region,
          e.eventId,
          e.eventTime,
          e.eventSource,
          e.eventName,
          e.readOnly,
          e.management,
          e.username ?? null,
          e.accessKeyId ?? null,
          JSON.stringify(e.resources),
          e.record,
          e.decisions ?? null,
        ]);
      }
    },
    async lookupEvents(q) {
      const where = lookupWhere(q);
      return (await db.query<EventRowPg>(`SELECT * FROM cloudtrail_events WHERE ${where.sql}`, where.values)).map(toEvent);
    },
    async eventsAfter(afterSeq, limit) {
      return (await db.query<EventRowPg>('SELECT * FROM cloudtrail_events WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit])).map(toEvent);
    },
    async decisionsOf(accountId, eventId) {
      const [row] = await db.query<{ decisions: string | null }>(
        'SELECT decisions FROM cloudtrail_events WHERE account_id = $1 AND event_id = $2',
        [accountId, eventId],
      );
      return row?.decisions ?? undefined;
    },
    async deleteEventsBefore(eventTimeBefore) {
      const [row] = await db.query<{ n: number }>(
        'WITH gone AS (DELETE FROM cloudtrail_events WHERE event_time < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
        [eventTimeBefore],
      );
      return row?.n ?? 0;
    },
    async getTrail(accountId, name) {
      const [row] = await db.query<TrailRowPg>('SELECT * FROM cloudtrail_trails WHERE account_id = $1 AND name = $2', [accountId, name]);
      return row && toTrail(row);
    },
    async putTrail(r) {
      await db.query(PUT_TRAIL, trailValues(r, (b) => b));
    },
    async deleteTrail(accountId, name) {
      const [row] = await db.query<{ n: number }>(
        'WITH gone AS (DELETE FROM cloudtrail_trails WHERE account_id = $1 AND name = $2 RETURNING 1) SELECT count(*) AS n FROM gone',
        [accountId, name],
      );
      return (row?.n ?? 0) > 0;
    },
    async listTrails(accountId) {
      return (await db.query<TrailRowPg>('SELECT * FROM cloudtrail_trails WHERE account_id = $1 ORDER BY name', [accountId])).map(toTrail);
    },
    async loggingTrails() {
      return (await db.query<TrailRowPg>('SELECT * FROM cloudtrail_trails WHERE is_logging ORDER BY account_id, name')).map(toTrail);
    },
  };
}
