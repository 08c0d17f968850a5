/** Event-invoke configs on PostgreSQL: the port of sqlite/event-invoke-configs-sql.ts. */
import type { EventInvokeConfigsTx } from '../store.js';
import type { EventInvokeConfigRecord } from '../records.js';
import type { PgQueryable } from './pg-tables.js';
import { toPage } from '../sqlite/paging.js';
import { pageLimit } from './pg-keyset.js';

type Row = {
  account_id: string;
  function_name: string;
  qualifier: string;
  doc: string;
};

type Doc = Omit<EventInvokeConfigRecord, 'accountId' | 'functionName' | 'qualifier'>;

function toRecord(row: Row): EventInvokeConfigRecord {
  return {
    accountId: row.account_id,
    functionName: row.function_name,
    qualifier: row.qualifier,
    ...(JSON.parse(row.doc) as Doc),
  };
}

export function eventInvokeConfigsPg(db: PgQueryable): EventInvokeConfigsTx {
  return {
    async getEventInvokeConfig(accountId, functionName, qualifier) {
      const [row] = await db.query<Row>(
        'SELECT * FROM event_invoke_configs WHERE account_id = $1 AND function_name = $2 AND qualifier = $3',
        [accountId, functionName, qualifier],
      );
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
      await db.query(
        `INSERT INTO event_invoke_configs (account_id, function_name, qualifier, doc) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id, function_name, qualifier) DO UPDATE SET doc = EXCLUDED.doc`,
        [r.accountId, r.functionName, r.qualifier, JSON.stringify(doc)],
      );
    },
    async deleteEventInvokeConfig(accountId, functionName, qualifier) {
      await db.query('DELETE FROM event_invoke_configs WHERE account_id = $1 AND function_name = $2 AND qualifier = $3', [
        accountId,
        functionName,
        qualifier,
      ]);
    },
    async listEventInvokeConfigs(accountId, functionName, after, limit) {
      const rows = await db.query<Row>(
        `SELECT * FROM event_invoke_configs WHERE account_id = $1 AND function_name = $2 AND qualifier > $3
         ORDER BY qualifier LIMIT $4`,
        [accountId, functionName, after ?? '', pageLimit(limit)],
      );
      return toPage(rows, limit, toRecord, (r) => r.qualifier);
    },
  };
}
