/**
 * The configuration tables' statements on PostgreSQL, the counterpart of config-sql.ts. The recorder's
 * read-compare-append runs in one SERIALIZABLE transaction, so two nodes recording the same resource at
 * once are ordered (one of them is retried and compares against the other's item).
 */
import type { ConfigTx } from './config-tx.js';
import type { ConfigItemRow } from './config-rows.js';
import { INSERT_COLUMNS, itemValues, toConfigItem } from './config-rows.js';
import type { PgQueryable, PgRow } from '../../../store/postgres/pg-tables.js';
import { toPage } from '../../../store/sqlite/paging.js';
import { InvariantError } from '../../../shared/errors/lambdabox-error.js';

type ItemRowPg = ConfigItemRow & PgRow;

const RESOURCE = 'account_id = $1 AND region = $2 AND resource_type = $3 AND resource_id = $4';

const INSERT = `INSERT INTO config_items (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq`;

// NULL bounds and cursors mean "none", so one statement per direction serves every query.
const FORWARD = `SELECT * FROM config_items WHERE ${RESOURCE}
    AND ($5::bigint IS NULL OR capture_time >= $5) AND ($6::bigint IS NULL OR capture_time <= $6)
    AND ($7::bigint IS NULL OR seq > $7)
  ORDER BY seq LIMIT $8`;
const REVERSE = `SELECT * FROM config_items WHERE ${RESOURCE}
    AND ($5::bigint IS NULL OR capture_time >= $5) AND ($6::bigint IS NULL OR capture_time <= $6)
    AND ($7::bigint IS NULL OR seq < $7)
  ORDER BY seq DESC LIMIT $8`;

const DISCOVERED = `SELECT * FROM config_resources
  WHERE account_id = $1 AND region = $2 AND resource_type = $3 AND resource_id > $4
    AND ($5::text[] IS NULL OR resource_id = ANY($5::text[]))
    AND ($6::text IS NULL OR resource_name = $6)
    AND ($7::boolean OR status <> 'ResourceDeleted')
  ORDER BY resource_id LIMIT $8`;

export function configPg(db: PgQueryable): ConfigTx {
  return {
    async insertConfigItem(item) {
      const [row] = await db.query<{ seq: number }>(INSERT, itemValues(item));
      if (row === undefined) throw new InvariantError('INSERT … RETURNING seq returned no row');
      return Number(row.seq);
    },
    async latestConfigItem(k) {
      const [row] = await db.query<ItemRowPg>(`SELECT * FROM config_items WHERE ${RESOURCE} ORDER BY seq DESC LIMIT 1`, [
        k.accountId,
        k.region,
        k.resourceType,
        k.resourceId,
      ]);
      return row && toConfigItem(row);
    },
    async latestConfigItemByLookupKey(accountId, region, resourceType, lookupKey) {
      const [row] = await db.query<ItemRowPg>(
        'SELECT * FROM config_items WHERE account_id = $1 AND region = $2 AND resource_type = $3 AND lookup_key = $4 ORDER BY seq DESC LIMIT 1',
        [accountId, region, resourceType, lookupKey],
      );
      return row && toConfigItem(row);
    },
    async configHistory(q) {
      const rows = await db.query<ItemRowPg>(q.forward ? FORWARD : REVERSE, [
        q.accountId,
        q.region,
        q.resourceType,
        q.resourceId,
        q.earliest ?? null,
        q.latest ?? null,
        q.afterSeq ?? null,
        q.limit,
      ]);
      return rows.map(toConfigItem);
    },
    async discoveredResources(q) {
      const rows = await db.query<ItemRowPg>(DISCOVERED, [
        q.accountId,
        q.region,
        q.resourceType,
        q.afterId ?? '',
        q.resourceIds === undefined ? null : [...q.resourceIds],
        q.resourceName ?? null,
        q.includeDeleted,
        q.limit + 1,
      ]);
      return toPage(rows, q.limit, toConfigItem, (r) => r.resource_id);
    },
  };
}
