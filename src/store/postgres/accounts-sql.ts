/** Accounts and access keys on PostgreSQL: the port of sqlite/accounts-sql.ts. */
import type { AccountsTx } from '../store.js';
import type { AccessKeyRecord } from '../records.js';
import type { PgQueryable } from './pg-tables.js';

type AccessKeyRow = {
  access_key_id: string;
  account_id: string;
  secret_sealed: Buffer;
  status: string;
  created_at: string;
  principal_arn: string;
};

function toAccessKey(row: AccessKeyRow): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    secretSealed: row.secret_sealed,
    status: row.status === 'Inactive' ? 'Inactive' : 'Active',
    createdAt: row.created_at,
    principalArn: row.principal_arn,
  };
}

export function accountsPg(db: PgQueryable): AccountsTx {
  return {
    async getAccount(accountId) {
      const [row] = await db.query<{ account_id: string; created_at: string }>(
        'SELECT account_id, created_at FROM accounts WHERE account_id = $1',
        [accountId],
      );
      return row && { accountId: row.account_id, createdAt: row.created_at };
    },
    async putAccount(r) {
      // An update in place, never delete-and-insert: the account's access keys refer to it.
      await db.query(
        `INSERT INTO accounts (account_id, created_at) VALUES ($1, $2)
         ON CONFLICT (account_id) DO UPDATE SET created_at = EXCLUDED.created_at`,
        [r.accountId, r.createdAt],
      );
    },
    async getAccessKey(accessKeyId) {
      const [row] = await db.query<AccessKeyRow>('SELECT * FROM access_keys WHERE access_key_id = $1', [accessKeyId]);
      return row && toAccessKey(row);
    },
    async putAccessKey(r) {
      await db.query(
        `INSERT INTO access_keys (access_key_id, account_id, secret_sealed, status, created_at, principal_arn)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (access_key_id) DO UPDATE SET account_id = EXCLUDED.account_id, secret_sealed = EXCLUDED.secret_sealed,
           status = EXCLUDED.status, created_at = EXCLUDED.created_at, principal_arn = EXCLUDED.principal_arn`,
        [r.accessKeyId, r.accountId, r.secretSealed, r.status, r.createdAt, r.principalArn],
      );
    },
    async listAccessKeysFor(principalArn) {
      const rows = await db.query<AccessKeyRow>(
        'SELECT * FROM access_keys WHERE principal_arn = $1 ORDER BY created_at, access_key_id',
        [principalArn],
      );
      return rows.map(toAccessKey);
    },
    async deleteAccessKey(accessKeyId) {
      await db.query('DELETE FROM access_keys WHERE access_key_id = $1', [accessKeyId]);
    },
  };
}
