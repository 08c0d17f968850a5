/** Functions and their versions on PostgreSQL: the port of sqlite/functions-sql.ts. */
import type { FunctionsTx } from '../store.js';
import type { PgQueryable } from './pg-tables.js';
import { toPage } from '../sqlite/paging.js';
import { isUnsettled, toFunction, toVersion, versionNumber, type FunctionRow, type VersionRow } from '../function-rows.js';
import { integerAbove, pageLimit } from './pg-keyset.js';

export function functionsPg(db: PgQueryable): FunctionsTx {
  return {
    async getFunction(accountId, name) {
      const [row] = await db.query<FunctionRow>('SELECT * FROM functions WHERE account_id = $1 AND name = $2', [accountId, name]);
      return row && toFunction(row);
    },
    async putFunction(r) {
      await db.query(
        `INSERT INTO functions (account_id, name, created_at, tags, reserved_concurrency, last_version)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, name) DO UPDATE SET created_at = EXCLUDED.created_at, tags = EXCLUDED.tags,
           reserved_concurrency = EXCLUDED.reserved_concurrency, last_version = EXCLUDED.last_version`,
        [r.accountId, r.name, r.createdAt, JSON.stringify(r.tags), r.reservedConcurrency, r.lastVersion],
      );
    },
    async deleteFunction(accountId, name) {
      // The same order as SQLite; the triggers of PG_CORE_MIGRATIONS take the resource policies along.
      await db.query('DELETE FROM function_versions WHERE account_id = $1 AND function_name = $2', [accountId, name]);
      await db.query('DELETE FROM aliases WHERE account_id = $1 AND function_name = $2', [accountId, name]);
      await db.query('DELETE FROM event_invoke_configs WHERE account_id = $1 AND function_name = $2', [accountId, name]);
      await db.query('DELETE FROM functions WHERE account_id = $1 AND name = $2', [accountId, name]);
    },
    async countFunctions(accountId) {
      const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM functions WHERE account_id = $1', [accountId]);
      return row?.n ?? 0;
    },
    async totalReservedConcurrency(accountId) {
      const [row] = await db.query<{ n: number }>(
        'SELECT coalesce(sum(reserved_concurrency), 0) AS n FROM functions WHERE account_id = $1',
        [accountId],
      );
      return row?.n ?? 0;
    },
    async getVersion(accountId, functionName, version) {
      const num = versionNumber(version);
      if (!Number.isSafeInteger(num)) return undefined;
      const [row] = await db.query<VersionRow>(
        'SELECT * FROM function_versions WHERE account_id = $1 AND function_name = $2 AND version_num = $3',
        [accountId, functionName, num],
      );
      return row && toVersion(row);
    },
    async putVersion(r) {
      await db.query(
        `INSERT INTO function_versions
           (account_id, function_name, version_num, config, env_sealed, code_sha256, code_size, unzipped_size, unsettled)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (account_id, function_name, version_num) DO UPDATE SET config = EXCLUDED.config,
           env_sealed = EXCLUDED.env_sealed, code_sha256 = EXCLUDED.code_sha256, code_size = EXCLUDED.code_size,
           unzipped_size = EXCLUDED.unzipped_size, unsettled = EXCLUDED.unsettled`,
        [
          r.accountId,
          r.functionName,
          versionNumber(r.version),
          JSON.stringify(r.config),
          r.envSealed,
          r.codeSha256Hex,
          r.config.CodeSize,
          r.unzippedSize,
          isUnsettled(r.config) ? 1 : 0,
        ],
      );
    },
    async deleteVersion(accountId, functionName, version) {
      const num = versionNumber(version);
      // SQLite matches no row for a version that is no integer (NaN binds as NULL); a BIGINT parameter would refuse it.
      if (!Number.isSafeInteger(num)) return;
      await db.query('DELETE FROM function_versions WHERE account_id = $1 AND function_name = $2 AND version_num = $3', [
        accountId,
        functionName,
        num,
      ]);
    },
    async listVersions(accountId, functionName, after, limit) {
      const from = integerAbove(after === undefined ? -1 : Number(after));
      const rows = await db.query<VersionRow>(
        `SELECT * FROM function_versions WHERE account_id = $1 AND function_name = $2 AND version_num > $3
         ORDER BY version_num LIMIT $4`,
        [accountId, functionName, from, pageLimit(limit)],
      );
      return toPage(rows, limit, toVersion, (r) => String(r.version_num));
    },
    async listLatest(accountId, after, limit) {
      const rows = await db.query<VersionRow>(
        `SELECT * FROM function_versions WHERE account_id = $1 AND version_num = 0 AND function_name > $2
         ORDER BY function_name LIMIT $3`,
        [accountId, after ?? '', pageLimit(limit)],
      );
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
      const rows = await db.query<VersionRow>(
        `SELECT * FROM function_versions WHERE account_id = $1
           AND (function_name > $2 OR (function_name = $2 AND version_num > $3))
         ORDER BY function_name, version_num LIMIT $4`,
        [accountId, name, integerAbove(Number(num)), pageLimit(limit)],
      );
      return toPage(rows, limit, toVersion, (r) => JSON.stringify([r.function_name, r.version_num]));
    },
    async totalCodeSize(accountId) {
      // Tombstoned layer versions no longer count against the account (as in SQLite), though their blobs stay.
      const [row] = await db.query<{ n: number }>(
        `SELECT (SELECT coalesce(sum(code_size), 0) FROM function_versions WHERE account_id = $1)
              + (SELECT coalesce(sum(code_size), 0) FROM layer_versions WHERE account_id = $1 AND deleted = 0) AS n`,
        [accountId],
      );
      return row?.n ?? 0;
    },
    async isBlobReferenced(sha256Hex) {
      const [row] = await db.query<{ n: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM function_versions WHERE code_sha256 = $1)
             OR EXISTS (SELECT 1 FROM layer_versions WHERE code_sha256 = $1) AS n`,
        [sha256Hex],
      );
      return row?.n === true;
    },
    async listUnsettledVersions() {
      // SQLite returns them in key order (its partial index holds the key); PostgreSQL needs the ORDER BY.
      const rows = await db.query<VersionRow>(
        'SELECT * FROM function_versions WHERE unsettled = 1 ORDER BY account_id, function_name, version_num',
      );
      return rows.map(toVersion);
    },
  };
}
