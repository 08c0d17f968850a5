/** CloudWatch Logs' statements on SQLite, the counterpart of logs-pg-sql.ts. */
import type Database from 'better-sqlite3';
import type { LogsTx } from './logs-tx.js';
import type { EventRow, GroupRow, StreamRow } from './logs-rows.js';
import { streamListSql, timeBounds, toEvent, toGroup, toStream } from './logs-rows.js';

const EVENT_SELECT = `SELECT e.id, e.stream_key, s.name AS stream_name, e.ts, e.ingestion_time, e.sealed
  FROM logs_events e JOIN logs_streams s ON s.stream_key = e.stream_key`;

export function logsSql(db: Database.Database): LogsTx {
  const getGroup = db.prepare<[string, string], GroupRow>('SELECT * FROM logs_groups WHERE account_id = ? AND name = ?');
  const insertGroup = db.prepare(
    `INSERT INTO logs_groups (account_id, name, arn, creation_time, retention_days, kms_key_id, tags, log_group_class)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, name) DO NOTHING`,
  );
  const updateGroup = db.prepare('UPDATE logs_groups SET retention_days = ?, kms_key_id = ?, tags = ? WHERE group_key = ?');
  const deleteGroupEvents = db.prepare('DELETE FROM logs_events WHERE group_key = ?');
  const deleteGroupStreams = db.prepare('DELETE FROM logs_streams WHERE group_key = ?');
  const deleteGroup = db.prepare('DELETE FROM logs_groups WHERE group_key = ?');
  const storedBytes = db.prepare<[number], { n: number | null }>('SELECT SUM(stored_bytes) AS n FROM logs_streams WHERE group_key = ?');
  const withRetention = db.prepare<[], GroupRow>('SELECT * FROM logs_groups WHERE retention_days IS NOT NULL');
  const getStream = db.prepare<[number, string], StreamRow>('SELECT * FROM logs_streams WHERE group_key = ? AND name = ?');
  const insertStream = db.prepare(
    `INSERT INTO logs_streams (group_key, name, creation_time, stored_bytes) VALUES (?, ?, ?, 0)
     ON CONFLICT (group_key, name) DO NOTHING`,
  );
  const deleteStreamEvents = db.prepare('DELETE FROM logs_events WHERE stream_key = ?');
  const deleteStream = db.prepare('DELETE FROM logs_streams WHERE stream_key = ?');
  const streamsNamed = db.prepare<[number, string], StreamRow>(
    'SELECT * FROM logs_streams WHERE group_key = ? AND name IN (SELECT value FROM json_each(?)) ORDER BY name',
  );
  const insertEvent = db.prepare('INSERT INTO logs_events (group_key, stream_key, ts, ingestion_time, sealed) VALUES (?, ?, ?, ?, ?)');
  const touchStream = db.prepare(
    `UPDATE logs_streams SET
       first_event_timestamp = MIN(COALESCE(first_event_timestamp, @first), @first),
       last_event_timestamp = MAX(COALESCE(last_event_timestamp, @last), @last),
       last_ingestion_time = @ingestion,
       stored_bytes = stored_bytes + @bytes
     WHERE stream_key = @stream`,
  );
  const sweep = db.prepare('DELETE FROM logs_events WHERE group_key = ? AND ts < ?');
  // Listings and scans depend only on which filters they have: a handful of shapes, each prepared once.
  const shapes = new Map<string, Database.Statement<unknown[], unknown>>();
  const shaped = <R>(sql: string): Database.Statement<unknown[], R> => {
    let stmt = shapes.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare<unknown[], unknown>(sql);
      shapes.set(sql, stmt);
    }
    return stmt as Database.Statement<unknown[], R>;
  };
  const run = <R>(build: (p: (v: unknown) => string) => string): R[] => {
    const values: unknown[] = [];
    const sql = build((v) => (values.push(v), '?'));
    return shaped<R>(sql).all(...values);
  };

  return {
    async getLogGroup(accountId, name) {
      const row = getGroup.get(accountId, name);
      return row && toGroup(row);
    },
    async insertLogGroup(g) {
      const r = insertGroup.run(g.accountId, g.name, g.arn, g.creationTime, g.retentionInDays ?? null, g.kmsKeyId ?? null, JSON.stringify(g.tags), g.logGroupClass);
      if (r.changes === 0) return undefined;
      return { ...g, groupKey: Number(r.lastInsertRowid) };
    },
    async updateLogGroup(g) {
      updateGroup.run(g.retentionInDays ?? null, g.kmsKeyId ?? null, JSON.stringify(g.tags), g.groupKey);
    },
    async deleteLogGroup(accountId, name) {
      const row = getGroup.get(accountId, name);
      if (row === undefined) return false;
      deleteGroupEvents.run(row.group_key);
      deleteGroupStreams.run(row.group_key);
      deleteGroup.run(row.group_key);
      return true;
    },
    async listLogGroups(q) {
      return run<GroupRow>((p) => {
        const parts = [`account_id = ${p(q.accountId)}`];
        if (q.prefix !== undefined) parts.push(`substr(name, 1, ${p(q.prefix.length)}) = ${p(q.prefix)}`);
        if (q.contains !== undefined) parts.push(`instr(lower(name), lower(${p(q.contains)})) > 0`);
        if (q.after !== undefined) parts.push(`name > ${p(q.after)}`);
        return `SELECT * FROM logs_groups WHERE ${parts.join(' AND ')} ORDER BY name LIMIT ${p(q.limit)}`;
      }).map(toGroup);
    },
    async groupStoredBytes(groupKey) {
      return storedBytes.get(groupKey)?.n ?? 0;
    },
    async groupsWithRetention() {
      return withRetention.all().map(toGroup);
    },
    async getLogStream(groupKey, name) {
      const row = getStream.get(groupKey, name);
      return row && toStream(row);
    },
    async insertLogStream(groupKey, name, creationTime) {
      const r = insertStream.run(groupKey, name, creationTime);
      if (r.changes === 0) return undefined;
      return { groupKey, name, streamKey: Number(r.lastInsertRowid), creationTime, storedBytes: 0 };
    },
    async deleteLogStream(groupKey, name) {
      const row = getStream.get(groupKey, name);
      if (row === undefined) return false;
      deleteStreamEvents.run(row.stream_key);
      deleteStream.run(row.stream_key);
      return true;
    },
    async listLogStreams(q) {
      return run<StreamRow>((p) => `SELECT * FROM logs_streams WHERE ${streamListSql(q, p)}`).map(toStream);
    },
    async streamsNamed(groupKey, names) {
      return streamsNamed.all(groupKey, JSON.stringify(names)).map(toStream);
    },
    async appendLogEvents(groupKey, streamKey, ingestionTime, events) {
      if (events.length === 0) return;
      let first = Infinity;
      let last = -Infinity;
      let bytes = 0;
      for (const e of events) {
        insertEvent.run(groupKey, streamKey, e.timestamp, ingestionTime, e.sealed);
        first = Math.min(first, e.timestamp);
        last = Math.max(last, e.timestamp);
        bytes += e.size;
      }
      touchStream.run({ first, last, ingestion: ingestionTime, bytes, stream: streamKey });
    },
    async readStreamEvents(q) {
      return run<EventRow>((p) => {
        const parts = [`e.stream_key = ${p(q.streamKey)}`, ...timeBounds(q, p)];
        const dir = q.descending ? 'DESC' : 'ASC';
        return `${EVENT_SELECT} WHERE ${parts.join(' AND ')} ORDER BY e.ts ${dir}, e.id ${dir} LIMIT ${p(q.limit)}`;
      }).map(toEvent);
    },
    async scanGroupEvents(q) {
      return run<EventRow>((p) => {
        const parts = [`e.group_key = ${p(q.groupKey)}`, ...timeBounds(q, p)];
        if (q.streamKeys !== undefined) parts.push(`e.stream_key IN (SELECT value FROM json_each(${p(JSON.stringify(q.streamKeys))}))`);
        return `${EVENT_SELECT} WHERE ${parts.join(' AND ')} ORDER BY e.ts, e.id LIMIT ${p(q.limit)}`;
      }).map(toEvent);
    },
    async deleteLogEventsBefore(groupKey, before) {
      return sweep.run(groupKey, before).changes;
    },
  };
}
