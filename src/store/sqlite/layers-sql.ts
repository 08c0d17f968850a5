import type Database from 'better-sqlite3';
import type { LayersTx } from '../store.js';
import type { LayerVersionRecord } from '../records.js';
import { toPage } from './paging.js';

interface LayerVersionRow {
  account_id: string;
  layer_name: string;
  version: number;
  doc: string;
}

type LayerVersionDoc = Omit<LayerVersionRecord, 'accountId' | 'layerName' | 'version'>;

function toRecord(row: LayerVersionRow): LayerVersionRecord {
  return {
    accountId: row.account_id,
    layerName: row.layer_name,
    version: row.version,
    ...(JSON.parse(row.doc) as LayerVersionDoc),
  };
}

export function layersSql(db: Database.Database): LayersTx {
  const getLayer = db.prepare<[string, string], { last_version: number }>(
    'SELECT last_version FROM layers WHERE account_id = ? AND name = ?',
  );
  const putLayer = db.prepare('INSERT OR REPLACE INTO layers (account_id, name, last_version) VALUES (?, ?, ?)');
  const getVer = db.prepare<[string, string, number], LayerVersionRow>(
    'SELECT * FROM layer_versions WHERE account_id = ? AND layer_name = ? AND version = ? AND deleted = 0',
  );
  const getVerAny = db.prepare<[string, string, number], LayerVersionRow>(
    'SELECT * FROM layer_versions WHERE account_id = ? AND layer_name = ? AND version = ?',
  );
  const tombstones = db.prepare<[], LayerVersionRow>('SELECT * FROM layer_versions WHERE deleted = 1');
  const usedBy = db.prepare<[string], { n: number }>(
    'SELECT EXISTS (SELECT 1 FROM function_versions WHERE config LIKE ?) AS n',
  );
  const putVer = db.prepare(
    `INSERT OR REPLACE INTO layer_versions (account_id, layer_name, version, doc, code_sha256, code_size, deleted)
     VALUES (?, ?, ?, ?, ?, ?, 0)`,
  );
  const markDeleted = db.prepare(
    'UPDATE layer_versions SET deleted = 1 WHERE account_id = ? AND layer_name = ? AND version = ?',
  );
  const purge = db.prepare('DELETE FROM layer_versions WHERE account_id = ? AND layer_name = ? AND version = ? AND deleted = 1');
  const listVers = db.prepare<[string, string, number, number], LayerVersionRow>(
    `SELECT * FROM layer_versions WHERE account_id = ? AND layer_name = ? AND version < ? AND deleted = 0
     ORDER BY version DESC LIMIT ?`,
  );
  const listNames = db.prepare<[string, string, number], { layer_name: string }>(
    `SELECT DISTINCT layer_name FROM layer_versions WHERE account_id = ? AND layer_name > ? AND deleted = 0
     ORDER BY layer_name LIMIT ?`,
  );
  return {
    async getLayer(accountId, name) {
      const row = getLayer.get(accountId, name);
      return row && { accountId, name, lastVersion: row.last_version };
    },
    async putLayer(r) {
      putLayer.run(r.accountId, r.name, r.lastVersion);
    },
    async getLayerVersion(accountId, name, version) {
      const row = getVer.get(accountId, name, version);
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
      putVer.run(r.accountId, r.layerName, r.version, JSON.stringify(doc), r.codeSha256Hex, r.codeSize);
    },
    async deleteLayerVersion(accountId, name, version) {
      markDeleted.run(accountId, name, version);
    },
    async getLayerVersionIncludingDeleted(accountId, name, version) {
      const row = getVerAny.get(accountId, name, version);
      return row && toRecord(row);
    },
    async purgeUnusedDeletedLayerVersions() {
      let purged = 0;
      for (const row of tombstones.all()) {
        // Functions store their layers as ARNs; the closing quote makes the match exact.
        const pattern = `%:${row.account_id}:layer:${row.layer_name}:${row.version}"%`;
        if ((usedBy.get(pattern)?.n ?? 0) !== 0) continue;
        purge.run(row.account_id, row.layer_name, row.version);
        purged++;
      }
      return purged;
    },
    async listLayerVersions(accountId, name, after, limit) {
      const below = after === undefined ? Number.MAX_SAFE_INTEGER : Number(after);
      const rows = listVers.all(accountId, name, below, limit + 1);
      return toPage(rows, limit, toRecord, (r) => String(r.version));
    },
    async listLayerNames(accountId, after, limit) {
      const rows = listNames.all(accountId, after ?? '', limit + 1);
      return toPage(rows, limit, (r) => r.layer_name, (r) => r.layer_name);
    },
  };
}
