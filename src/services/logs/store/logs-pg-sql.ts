/** CloudWatch Logs' statements on PostgreSQL, the counterpart of logs-sql.ts. */
import type { LogsTx } from './logs-tx.js';
import type { EventRow, GroupRow, StreamRow } from './logs-rows.js';
import { streamListSql, timeBounds, toEvent, toGroup, toStream } from './logs-rows.js';
import type { PgQueryable, PgRow } from '../../../store/postgres/pg-tables.js';

type GroupRowPg = GroupRow & PgRow;
type StreamRowPg = StreamRow & PgRow;
type EventRowPg = EventRow & PgRow;

const EVENT_SELECT = `SELECT e.id, e.stream_key, s.name AS stream_name, e.ts, e.ingestion_time, e.sealed
  FROM logs_events e JOIN logs_streams s ON s.stream_key = e.stream_key`;
/** Rows per multi-row INSERT: 5 parameters each, well under PostgreSQL's 65,535 parameters per statement. */
const INSERT_CHUNK = 1000;

/** Runs `build` with a placeholder renderer; returns the statement and its values. */
function bind(build: (p: (v: unknown) => string) => string): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = build((v) => `$${values.push(v)}`);
  return { text, values };
}

async function count(db: PgQueryable, text: string, values: readonly unknown[]): Promise<number> {
  const [row] = await db.query<{ n: number }>(`WITH gone AS (${text} RETURNING 1) SELECT count(*) AS n FROM gone`, values);
  return row?.n ?? 0;
}

export function logsPg(db: PgQueryable): LogsTx {
  return {
    async getLogGroup(accountId, name) {
      const [row] = await db.query<GroupRowPg>('SELECT * FROM logs_groups WHERE account_id = $1 AND name = $2', [accountId, name]);
      return row && toGroup(row);
    },
    async insertLogGroup(g) {
      const [row] = await db.query<{ group_key: number }>(
        `INSERT INTO logs_groups (account_id, name, arn, creation_time, retention_days, kms_key_id, tags, log_group_class)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (account_id, name) DO NOTHING RETURNING group_key`,
        [g.accountId, g.name, g.arn, g.creationTime, g.retentionInDays ?? null, g.kmsKeyId ?? null, JSON.stringify(g.tags), g.logGroupClass],
      );
      return row === undefined ? undefined : { ...g, groupKey: row.group_key };
    },
    async updateLogGroup(g) {
      await db.query('UPDATE logs_groups SET retention_days = $1, kms_key_id = $2, tags = $3 WHERE group_key = $4', [
        g.retentionInDays ?? null,
        g.kmsKeyId ?? null,
        JSON.stringify(g.tags),
        g.groupKey,
      ]);
    },
    async deleteLogGroup(accountId, name) {
      const [row] = await db.query<{ group_key: number }>('SELECT group_key FROM logs_groups WHERE account_id = $1 AND name = $2', [accountId, name]);
      if (row === undefined) return false;
      await db.query('DELETE FROM logs_events WHERE group_key = $1', [row.group_key]);
      await db.query('DELETE FROM logs_streams WHERE group_key = $1', [row.group_key]);
      await db.query('DELETE FROM logs_groups WHERE group_key = $1', [row.group_key]);
      return true;
    },
    async listLogGroups(q) {
      const { text, values } = bind((p) => {
        const parts = [`account_id = ${p(q.accountId)}`];
        if (q.prefix !== undefined) parts.push(`substr(name, 1, ${p(q.prefix.length)}::int) = ${p(q.prefix)}`);
        if (q.contains !== undefined) parts.push(`strpos(lower(name), lower(${p(q.contains)}::text)) > 0`);
        if (q.after !== undefined) parts.push(`name > ${p(q.after)}`);
        return `SELECT * FROM logs_groups WHERE ${parts.join(' AND ')} ORDER BY name LIMIT ${p(q.limit)}`;
      });
      return (await db.query<GroupRowPg>(text, values)).map(toGroup);
    },
    async groupStoredBytes(groupKey) {
      const [row] = await db.query<{ n: number | null }>('SELECT SUM(stored_bytes) AS n FROM logs_streams WHERE group_key = $1', [groupKey]);
      return row?.n ?? 0;
    },
    async groupsWithRetention() {
      return (await db.query<GroupRowPg>('SELECT * FROM logs_groups WHERE retention_days IS NOT NULL')).map(toGroup);
    },
    async getLogStream(groupKey, name) {
      const [row] = await db.query<StreamRowPg>('SELECT * FROM logs_streams WHERE group_key = $1 AND name = $2', [groupKey, name]);
      return row && toStream(row);
    },
    async insertLogStream(groupKey, name, creationTime) {
      const [row] = await db.query<{ stream_key: number }>(
        `INSERT INTO logs_streams (group_key, name, creation_time, stored_bytes) VALUES ($1, $2, $3, 0)
         ON CONFLICT (group_key, name) DO NOTHING RETURNING stream_key`,
        [groupKey, name, creationTime],
      );
      return row === undefined ? undefined : { groupKey, name, streamKey: row.stream_key, creationTime, storedBytes: 0 };
    },
    async deleteLogStream(groupKey, name) {
      const [row] = await db.query<{ stream_key: number }>('SELECT stream_key FROM logs_streams WHERE group_key = $1 AND name = $2', [groupKey, name]);
      if (row === undefined) return false;
      await db.query('DELETE FROM logs_events WHERE stream_key = $1', [row.stream_key]);
      await db.query('DELETE FROM logs_streams WHERE stream_key = $1', [row.stream_key]);
      return true;
    },
    async listLogStreams(q) {
      const { text, values } = bind((p) => `SELECT * FROM logs_streams WHERE ${streamListSql(q, p)}`);
      return (await db.query<StreamRowPg>(text, values)).map(toStream);
    },
    async streamsNamed(groupKey, names) {
      return (
        await db.query<StreamRowPg>('SELECT * FROM logs_streams WHERE group_key = $1 AND name = ANY($2::text[]) ORDER BY name', [groupKey, names])
      ).map(toStream);
    },
    async appendLogEvents(groupKey, streamKey, ingestionTime, events) {
      if (events.length === 0) return;
      let first = Infinity;
      let last = -Infinity;
      let bytes = 0;
      for (let i = 0; i < events.length; i += INSERT_CHUNK) {
        const chunk = events.slice(i, i + INSERT_CHUNK);
        const { text, values } = bind(
          (p) =>
            `INSERT INTO logs_events (group_key, stream_key, ts, ingestion_time, sealed) VALUES ${chunk
              .map((e) => `(${p(groupKey)}, ${p(streamKey)}, ${p(e.timestamp)}, ${p(ingestionTime)}, ${p(e.sealed)})`)
              .join(', ')}`,
        );
        await db.query(text, values);
      }
      for (const e of events) {
        first = Math.min(first, e.timestamp);
        last = Math.max(last, e.timestamp);
        bytes += e.size;
      }
      await db.query(
        `UPDATE logs_streams SET
           first_event_timestamp = LEAST(COALESCE(first_event_timestamp, $1), $1),
           last_event_timestamp = GREATEST(COALESCE(last_event_timestamp, $2), $2),
           last_ingestion_time = $3,
           stored_bytes = stored_bytes + $4
         WHERE stream_key = $5`,
        [first, last, ingestionTime, bytes, streamKey],
      );
    },
    async readStreamEvents(q) {
      const { text, values } = bind((p) => {
        const parts = [`e.stream_key = ${p(q.streamKey)}`, ...timeBounds(q, p)];
        const dir = q.descending ? 'DESC' : 'ASC';
        return `${EVENT_SELECT} WHERE ${parts.join(' AND ')} ORDER BY e.ts ${dir}, e.id ${dir} LIMIT ${p(q.limit)}`;
      });
      return (await db.query<EventRowPg>(text, values)).map(toEvent);
    },
    async scanGroupEvents(q) {
      const { text, values } = bind((p) => {
        const parts = [`e.group_key = ${p(q.groupKey)}`, ...timeBounds(q, p)];
        if (q.streamKeys !== undefined) parts.push(`e.stream_key = ANY(${p(q.streamKeys)}::bigint[])`);
        return `${EVENT_SELECT} WHERE ${parts.join(' AND ')} ORDER BY e.ts, e.id LIMIT ${p(q.limit)}`;
      });
      return (await db.query<EventRowPg>(text, values)).map(toEvent);
    },
    async deleteLogEventsBefore(groupKey, before) {
      return count(db, 'DELETE FROM logs_events WHERE group_key = $1 AND ts < $2', [groupKey, before]);
    },
  };
}
