/** Layers and their versions (with tombstones) on PostgreSQL: the port of sqlite/layers-sql.ts. */
import type { LayersTx } from '../store.js';
import type { LayerVersionRecord } from '../records.js';
import type { PgQueryable } from './pg-tables.js';
import { toPage } from '../sqlite/paging.js';
import { integerBelow, pageLimit } from './pg-keyset.js';

type LayerVersionRow = {
  account_id: string;
  layer_name: string;
  version: number;
  doc: string;
};

type LayerVersionDoc = Omit<LayerVersionRecord, 'accountId' | 'layerName' | 'version'>;

function toRecord(row: LayerVersionRow): LayerVersionRecord {
  return {
    accountId: row.account_id,
    layerName: row.layer_name,
    version: row.version,
    ...(JSON.parse(row.doc) as LayerVersionDoc),
  };
}

/**
 * Functions store their layers as ARNs in the config JSON; the closing quote makes the match exact. SQLite's
 * LIKE, which decides this there, folds ASCII case only and escapes nothing: ILIKE under "C" with ESCAPE ''
 * is the same test (`_` in a layer name still matches any one character, so a tombstone is at worst kept).
 */
const PURGE = `
  WITH purged AS (
    DELETE FROM layer_versions lv
     WHERE lv.deleted = 1
       AND NOT EXISTS (
         SELECT 1 FROM function_versions fv
          WHERE fv.config COLLATE "C" ILIKE ('%:' || lv.account_id || ':layer:' || lv.layer_name || ':' || lv.version || '"%') ESCAPE ''
       )
    RETURNING 1
  )
  SELECT count(*) AS n FROM purged`;

// A version that is no integer matches no row in SQLite; a BIGINT parameter would refuse it, hence the guards.
export function layersPg(db: PgQueryable): LayersTx {
  return {
    async getLayer(accountId, name) {
      const [row] = await db.query<{ last_version: number }>('SELECT last_version FROM layers WHERE account_id = $1 AND name = $2', [
        accountId,
        name,
      ]);
      return row && { accountId, name, lastVersion: row.last_version };
    },
    async putLayer(r) {
      await db.query(
        `INSERT INTO layers (account_id, name, last_version) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, name) DO UPDATE SET last_version = EXCLUDED.last_version`,
        [r.accountId, r.name, r.lastVersion],
      );
    },
    async getLayerVersion(accountId, name, version) {
      if (!Number.isSafeInteger(version)) return undefined;
      const [row] = await db.query<LayerVersionRow>(
        'SELECT * FROM layer_versions WHERE account_id = $1 AND layer_name = $2 AND version = $3 AND deleted = 0',
        [accountId, name, version],
      );
      return row && toRecord(row);
    },
    async putLayerVersion(r) {
      const doc: LayerVersionDoc = {
        description: r.description,
        createdDate: r.createdDate,
        compatibleRuntimes: r.compatibleRuntimes,
        compatibleArchitectures: r.compatibleArchitectures,
        licenseInfo: r.licenseInfo,
        codeSha256Hex: r.codeSha256Hex,
        codeSize: r.codeSize,
        unzippedSize: r.unzippedSize,
      };
      // Putting a tombstoned version again revives it, as SQLite's REPLACE with deleted = 0 does.
      await db.query(
        `INSERT INTO layer_versions (account_id, layer_name, version, doc, code_sha256, code_size, deleted)
         VALUES ($1, $2, $3, $4, $5, $6, 0)
         ON CONFLICT (account_id, layer_name, version) DO UPDATE SET doc = EXCLUDED.doc, code_sha256 = EXCLUDED.code_sha256,
           code_size = EXCLUDED.code_size, deleted = 0`,
        [r.accountId, r.layerName, r.version, JSON.stringify(doc), r.codeSha256Hex, r.codeSize],
      );
    },
    async deleteLayerVersion(accountId, name, version) {
      if (!Number.isSafeInteger(version)) return;
      await db.query('UPDATE layer_versions SET deleted = 1 WHERE account_id = $1 AND layer_name = $2 AND version = $3', [
        accountId,
        name,
        version,
      ]);
    },
    async getLayerVersionIncludingDeleted(accountId, name, version) {
      if (!Number.isSafeInteger(version)) return undefined;
      const [row] = await db.query<LayerVersionRow>(
        'SELECT * FROM layer_versions WHERE account_id = $1 AND layer_name = $2 AND version = $3',
        [accountId, name, version],
      );
      return row && toRecord(row);
    },
    async purgeUnusedDeletedLayerVersions() {
      const [row] = await db.query<{ n: number }>(PURGE);
      return row?.n ?? 0;
    },
    async listLayerVersions(accountId, name, after, limit) {
      const below = integerBelow(after === undefined ? Number.MAX_SAFE_INTEGER : Number(after));
      const rows = await db.query<LayerVersionRow>(
        `SELECT * FROM layer_versions WHERE account_id = $1 AND layer_name = $2 AND version < $3 AND deleted = 0
         ORDER BY version DESC LIMIT $4`,
        [accountId, name, below, pageLimit(limit)],
      );
      return toPage(rows, limit, toRecord, (r) => String(r.version));
    },
    async listLayerNames(accountId, after, limit) {
      const rows = await db.query<{ layer_name: string }>(
        `SELECT DISTINCT layer_name FROM layer_versions WHERE account_id = $1 AND layer_name > $2 AND deleted = 0
         ORDER BY layer_name LIMIT $3`,
        [accountId, after ?? '', pageLimit(limit)],
      );
      return toPage(rows, limit, (r) => r.layer_name, (r) => r.layer_name);
    },
  };
}
