import type Database from 'better-sqlite3';
import type { EventInvokeConfigsTx } from '../store.js';
import type { EventInvokeConfigRecord } from '../records.js';
import { toPage } from './paging.js';

interface Row {
  account_id: string;
  function_name: string;
  qualifier: string;
  doc: string;
}

type Doc = Omit<EventInvokeConfigRecord, 'accountId' | 'functionName' | 'qualifier'>;

function toRecord(row: Row): EventInvokeConfigRecord {
  return {
    accountId: row.account_id,
    functionName: row.function_name,
    qualifier: row.qualifier,
    ...(JSON.parse(row.doc) as Doc),
  };
}

export function eventInvokeConfigsSql(db: Database.Database): EventInvokeConfigsTx {
  const get = db.prepare<[string, string, string], Row>(
    'SELECT * FROM event_invoke_configs WHERE account_id = ? AND function_name = ? AND qualifier = ?',
  );
  const put = db.prepare(
    'INSERT OR REPLACE INTO event_invoke_configs (account_id, function_name, qualifier, doc) VALUES (?, ?, ?, ?)',
  );
  const del = db.prepare('DELETE FROM event_invoke_configs WHERE account_id = ? AND function_name = ? AND qualifier = ?');
  const list = db.prepare<[string, string, string, number], Row>(
    `SELECT * FROM event_invoke_configs WHERE account_id = ? AND function_name = ? AND qualifier > ?
     ORDER BY qualifier LIMIT ?`,
  );
  return {
    async getEventInvokeConfig(accountId, functionName, qualifier) {
      const row = get.get(accountId, functionName, qualifier);
      return row && toRecord(row);
    },
    async putEventInvokeConfig(r) {
      const doc: Doc = {
        maximumRetryAttempts: r.maximumRetryAttempts,
        maximumEventAgeInSeconds: r.maximumEventAgeInSeconds,
        onSuccess: r.onSuccess,
        onFailure: r.onFailure,
        lastModified: r.lastModified,
      };
      put.run(r.accountId, r.functionName, r.qualifier, JSON.stringify(doc));
    },
    async deleteEventInvokeConfig(accountId, functionName, qualifier) {
      del.run(accountId, functionName, qualifier);
    },
    async listEventInvokeConfigs(accountId, functionName, after, limit) {
      const rows = list.all(accountId, functionName, after ?? '', limit + 1);
      return toPage(rows, limit, toRecord, (r) => r.qualifier);
    },
  };
}
