import type Database from 'better-sqlite3';
import type { AliasesTx } from '../store.js';
import type { AliasRecord } from '../records.js';
import { toPage } from './paging.js';

interface AliasRow {
  name: string;
  doc: string;
}

type AliasDoc = Omit<AliasRecord, 'accountId' | 'functionName' | 'name'>;

export function aliasesSql(db: Database.Database): AliasesTx {
  const get = db.prepare<[string, string, string], AliasRow>(
    'SELECT name, doc FROM aliases WHERE account_id = ? AND function_name = ? AND name = ?',
  );
  const put = db.prepare('INSERT OR REPLACE INTO aliases (account_id, function_name, name, doc) VALUES (?, ?, ?, ?)');
  const del = db.prepare('DELETE FROM aliases WHERE account_id = ? AND function_name = ? AND name = ?');
  const list = db.prepare<[string, string, string, number], AliasRow>(
    'SELECT name, doc FROM aliases WHERE account_id = ? AND function_name = ? AND name > ? ORDER BY name LIMIT ?',
  );
  const count = db.prepare<[string, string], { n: number }>(
    'SELECT count(*) AS n FROM aliases WHERE account_id = ? AND function_name = ?',
  );
  const toRecord =
    (accountId: string, functionName: string) =>
    (row: AliasRow): AliasRecord => ({ accountId, functionName, name: row.name, ...(JSON.parse(row.doc) as AliasDoc) });
  return {
    async getAlias(accountId, functionName, name) {
      const row = get.get(accountId, functionName, name);
      return row && toRecord(accountId, functionName)(row);
    },
    async putAlias(r) {
      const doc: AliasDoc = {
        functionVersion: r.functionVersion,
        description: r.description,
        additionalVersionWeights: r.additionalVersionWeights,
        revisionId: r.revisionId,
      };
      put.run(r.accountId, r.functionName, r.name, JSON.stringify(doc));
    },
    async deleteAlias(accountId, functionName, name) {
      del.run(accountId, functionName, name);
    },
    async listAliases(accountId, functionName, after, limit) {
      const rows = list.all(accountId, functionName, after ?? '', limit + 1);
      return toPage(rows, limit, toRecord(accountId, functionName), (r) => r.name);
    },
    async countAliases(accountId, functionName) {
      return count.get(accountId, functionName)?.n ?? 0;
    },
  };
}
