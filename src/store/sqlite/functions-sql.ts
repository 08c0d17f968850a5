import type Database from 'better-sqlite3';
import type { FunctionsTx } from '../store.js';
import { toPage } from './paging.js';
import { isUnsettled, toFunction, toVersion, versionNumber, type FunctionRow, type VersionRow } from '../function-rows.js';

export function functionsSql(db: Database.Database): FunctionsTx {
  const getFn = db.prepare<[string, string], FunctionRow>('SELECT * FROM functions WHERE account_id = ? AND name = ?');
  const putFn = db.prepare(
    `INSERT OR REPLACE INTO functions (account_id, name, created_at, tags, reserved_concurrency, last_version)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const delFn = db.prepare('DELETE FROM functions WHERE account_id = ? AND name = ?');
  const delFnVersions = db.prepare('DELETE FROM function_versions WHERE account_id = ? AND function_name = ?');
  const delFnAliases = db.prepare('DELETE FROM aliases WHERE account_id = ? AND function_name = ?');
  const delFnEic = db.prepare('DELETE FROM event_invoke_configs WHERE account_id = ? AND function_name = ?');
  const countFns = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM functions WHERE account_id = ?');
  const sumReserved = db.prepare<[string], { n: number | null }>(
    'SELECT sum(reserved_concurrency) AS n FROM functions WHERE account_id = ?',
  );
  const getVer = db.prepare<[string, string, number], VersionRow>(
    'SELECT * FROM function_versions WHERE account_id = ? AND function_name = ? AND version_num = ?',
  );
  const putVer = db.prepare(
    `INSERT OR REPLACE INTO function_versions
       (account_id, function_name, version_num, config, env_sealed, code_sha256, code_size, unzipped_size, unsettled)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const delVer = db.prepare(
    'DELETE FROM function_versions WHERE account_id = ? AND function_name = ? AND version_num = ?',
  );
  const listVers = db.prepare<[string, string, number, number], VersionRow>(
    `SELECT * FROM function_versions WHERE account_id = ? AND function_name = ? AND version_num > ?
     ORDER BY version_num LIMIT ?`,
  );
  const listLatest = db.prepare<[string, string, number], VersionRow>(
    `SELECT * FROM function_versions WHERE account_id = ? AND version_num = 0 AND function_name > ?
     ORDER BY function_name LIMIT ?`,
  );
  const listAll = db.prepare<[string, string, string, number, number], VersionRow>(
    `SELECT * FROM function_versions WHERE account_id = ?
       AND (function_name > ? OR (function_name = ? AND version_num > ?))
     ORDER BY function_name, version_num LIMIT ?`,
  );
  const codeSize = db.prepare<[string, string], { n: number | null }>(
    `SELECT (SELECT coalesce(sum(code_size), 0) FROM function_versions WHERE account_id = ?)
          + (SELECT coalesce(sum(code_size), 0) FROM layer_versions WHERE account_id = ? AND deleted = 0) AS n`,
  );
  const blobRef = db.prepare<[string, string], { n: number }>(
    `SELECT EXISTS (SELECT 1 FROM function_versions WHERE code_sha256 = ?)
         OR EXISTS (SELECT 1 FROM layer_versions WHERE code_sha256 = ?) AS n`,
  );
  const unsettled = db.prepare<[], VersionRow>('SELECT * FROM function_versions WHERE unsettled = 1');

  return {
    async getFunction(accountId, name) {
      const row = getFn.get(accountId, name);
      return row && toFunction(row);
    },
    async putFunction(r) {
      putFn.run(r.accountId, r.name, r.createdAt, JSON.stringify(r.tags), r.reservedConcurrency, r.lastVersion);
    },
    async deleteFunction(accountId, name) {
      delFnVersions.run(accountId, name);
      delFnAliases.run(accountId, name);
      delFnEic.run(accountId, name);
      delFn.run(accountId, name);
    },
    async countFunctions(accountId) {
      return countFns.get(accountId)?.n ?? 0;
    },
    async totalReservedConcurrency(accountId) {
      return sumReserved.get(accountId)?.n ?? 0;
    },
    async getVersion(accountId, functionName, version) {
      const num = versionNumber(version);
      if (!Number.isSafeInteger(num)) return undefined;
      const row = getVer.get(accountId, functionName, num);
      return row && toVersion(row);
    },
    async putVersion(r) {
      putVer.run(
        r.accountId,
        r.functionName,
        versionNumber(r.version),
        JSON.stringify(r.config),
        r.envSealed,
        r.codeSha256Hex,
        r.config.CodeSize,
        r.unzippedSize,
        isUnsettled(r.config) ? 1 : 0,
      );
    },
    async deleteVersion(accountId, functionName, version) {
      delVer.run(accountId, functionName, versionNumber(version));
    },
    async listVersions(accountId, functionName, after, limit) {
      const from = after === undefined ? -1 : Number(after);
      const rows = listVers.all(accountId, functionName, from, limit + 1);
      return toPage(rows, limit, toVersion, (r) => String(r.version_num));
    },
    async listLatest(accountId, after, limit) {
      const rows = listLatest.all(accountId, after ?? '', limit + 1);
      return toPage(rows, limit, toVersion, (r) => r.function_name);
    },
    async listAllVersions(accountId, after, limit) {
      let name = '';
      let num = -1;
      if (after !== undefined) {
        const [n, v] = JSON.parse(after) as [string, number];
        name = n;
        num = v;
      }
      const rows = listAll.all(accountId, name, name, num, limit + 1);
      return toPage(rows, limit, toVersion, (r) => JSON.stringify([r.function_name, r.version_num]));
    },
    async totalCodeSize(accountId) {
      return codeSize.get(accountId, accountId)?.n ?? 0;
    },
    async isBlobReferenced(sha256Hex) {
      return (blobRef.get(sha256Hex, sha256Hex)?.n ?? 0) !== 0;
    },
    async listUnsettledVersions() {
      return unsettled.all().map(toVersion);
    },
  };
}
