/** The configuration tables' statements on SQLite; config-pg-sql.ts is the PostgreSQL counterpart. */
import type Database from 'better-sqlite3';
import type { ConfigTx } from './config-tx.js';
import type { ConfigItemRow } from './config-rows.js';
import { INSERT_COLUMNS, itemValues, toConfigItem } from './config-rows.js';
import { toPage } from '../../../store/sqlite/paging.js';

/** Bounds that let one statement serve queries with and without a time range or a cursor. */
const NO_EARLIER = -Number.MAX_SAFE_INTEGER;
const NO_LATER = Number.MAX_SAFE_INTEGER;

const RESOURCE = 'account_id = ? AND region = ? AND resource_type = ? AND resource_id = ?';
const IN_RANGE = 'capture_time >= ? AND capture_time <= ?';

export function configSql(db: Database.Database): ConfigTx {
  const insert = db.prepare(`INSERT INTO config_items (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const latest = db.prepare<unknown[], ConfigItemRow>(`SELECT * FROM config_items WHERE ${RESOURCE} ORDER BY seq DESC LIMIT 1`);
  const byKey = db.prepare<unknown[], ConfigItemRow>(
    'SELECT * FROM config_items WHERE account_id = ? AND region = ? AND resource_type = ? AND lookup_key = ? ORDER BY seq DESC LIMIT 1',
  );
  const forward = db.prepare<unknown[], ConfigItemRow>(
    `SELECT * FROM config_items WHERE ${RESOURCE} AND ${IN_RANGE} AND seq > ? ORDER BY seq LIMIT ?`,
  );
  const reverse = db.prepare<unknown[], ConfigItemRow>(
    `SELECT * FROM config_items WHERE ${RESOURCE} AND ${IN_RANGE} AND seq < ? ORDER BY seq DESC LIMIT ?`,
  );
  const discovered = db.prepare<unknown[], ConfigItemRow>(
    `SELECT * FROM config_resources
     WHERE account_id = ? AND region = ? AND resource_type = ? AND resource_id > ?
       AND (? IS NULL OR resource_id IN (SELECT value FROM json_each(?)))
       AND (? IS NULL OR resource_name = ?)
       AND (? = 1 OR status <> 'ResourceDeleted')
     ORDER BY resource_id LIMIT ?`,
  );
  return {
    async insertConfigItem(item) {
      return Number(insert.run(...itemValues(item)).lastInsertRowid);
    },
    async latestConfigItem(k) {
      const row = latest.get(k.accountId, k.region, k.resourceType, k.resourceId);
      return row && toConfigItem(row);
    },
    async latestConfigItemByLookupKey(accountId, region, resourceType, lookupKey) {
      const row = byKey.get(accountId, region, resourceType, lookupKey);
      return row && toConfigItem(row);
    },
    async configHistory(q) {
      const statement = q.forward ? forward : reverse;
      const after = q.afterSeq ?? (q.forward ? 0 : NO_LATER);
      const rows = statement.all(q.accountId, q.region, q.resourceType, q.resourceId, q.earliest ?? NO_EARLIER, q.latest ?? NO_LATER, after, q.limit);
      return rows.map(toConfigItem);
    },
    async discoveredResources(q) {
      const ids = q.resourceIds === undefined ? null : JSON.stringify(q.resourceIds);
      const name = q.resourceName ?? null;
      const rows = discovered.all(q.accountId, q.region, q.resourceType, q.afterId ?? '', ids, ids, name, name, q.includeDeleted ? 1 : 0, q.limit + 1);
      return toPage(rows, q.limit, toConfigItem, (r) => r.resource_id);
    },
  };
}
