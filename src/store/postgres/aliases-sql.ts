/** Aliases on PostgreSQL: the port of sqlite/aliases-sql.ts (the record as a JSON doc beside its key). */
import type { AliasesTx } from '../store.js';
import type { AliasRecord } from '../records.js';
import type { PgQueryable } from './pg-tables.js';
import { toPage } from '../sqlite/paging.js';
import { pageLimit } from './pg-keyset.js';

type AliasRow = {
  name: string;
  doc: string;
};

type AliasDoc = Omit<AliasRecord, 'accountId' | 'functionName' | 'name'>;

export function aliasesPg(db: PgQueryable): AliasesTx {
  const toRecord =
    (accountId: string, functionName: string) =>
    (row: AliasRow): AliasRecord => ({ accountId, functionName, name: row.name, ...(JSON.parse(row.doc) as AliasDoc) });
  return {
    async getAlias(accountId, functionName, name) {
      const [row] = await db.query<AliasRow>(
        'SELECT name, doc FROM aliases WHERE account_id = $1 AND function_name = $2 AND name = $3',
        [accountId, functionName, name],
      );
      return row && toRecord(accountId, functionName)(row);
    },
    async putAlias(r) {
      const doc: AliasDoc = {
        functionVersion: r.functionVersion,
        description: r.description,
        additionalVersionWeights: r.additionalVersionWeights,
        revisionId: r.revisionId,
      };
      // Updated in place: like SQLite's REPLACE (no recursive triggers), this keeps the alias's resource policy.
      await db.query(
        `INSERT INTO aliases (account_id, function_name, name, doc) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id, function_name, name) DO UPDATE SET doc = EXCLUDED.doc`,
        [r.accountId, r.functionName, r.name, JSON.stringify(doc)],
      );
    },
    async deleteAlias(accountId, functionName, name) {
      await db.query('DELETE FROM aliases WHERE account_id = $1 AND function_name = $2 AND name = $3', [accountId, functionName, name]);
    },
    async listAliases(accountId, functionName, after, limit) {
      const rows = await db.query<AliasRow>(
        `SELECT name, doc FROM aliases WHERE account_id = $1 AND function_name = $2 AND name > $3
         ORDER BY name LIMIT $4`,
        [accountId, functionName, after ?? '', pageLimit(limit)],
      );
      return toPage(rows, limit, toRecord(accountId, functionName), (r) => r.name);
    },
    async countAliases(accountId, functionName) {
      const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM aliases WHERE account_id = $1 AND function_name = $2', [
        accountId,
        functionName,
      ]);
      return row?.n ?? 0;
    },
  };
}
