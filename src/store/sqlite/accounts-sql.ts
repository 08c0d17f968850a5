import type Database from 'better-sqlite3';
import type { AccountsTx } from '../store.js';
import type { AccessKeyRecord, AccountRecord } from '../records.js';

interface AccessKeyRow {
  access_key_id: string;
  account_id: string;
  secret_sealed: Buffer;
  status: string;
  created_at: string;
  principal_arn: string;
}

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

export function accountsSql(db: Database.Database): AccountsTx {
  const getAccount = db.prepare<[string], { account_id: string; created_at: string }>(
    'SELECT account_id, created_at FROM accounts WHERE account_id = ?',
  );
  const putAccount = db.prepare('INSERT OR REPLACE INTO accounts (account_id, created_at) VALUES (?, ?)');
  const getKey = db.prepare<[string], AccessKeyRow>('SELECT * FROM access_keys WHERE access_key_id = ?');
  const putKey = db.prepare(
    `INSERT OR REPLACE INTO access_keys (access_key_id, account_id, secret_sealed, status, created_at, principal_arn)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const keysFor = db.prepare<[string], AccessKeyRow>('SELECT * FROM access_keys WHERE principal_arn = ? ORDER BY created_at, access_key_id');
  const delKey = db.prepare('DELETE FROM access_keys WHERE access_key_id = ?');
  return {
    async getAccount(accountId: string): Promise<AccountRecord | undefined> {
      const row = getAccount.get(accountId);
      return row && { accountId: row.account_id, createdAt: row.created_at };
    },
    async putAccount(record: AccountRecord): Promise<void> {
      putAccount.run(record.accountId, record.createdAt);
    },
    async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
      const row = getKey.get(accessKeyId);
      return row && toAccessKey(row);
    },
    async putAccessKey(r: AccessKeyRecord): Promise<void> {
      putKey.run(r.accessKeyId, r.accountId, r.secretSealed, r.status, r.createdAt, r.principalArn);
    },
    listAccessKeysFor: async (principalArn: string): Promise<AccessKeyRecord[]> => keysFor.all(principalArn).map(toAccessKey),
    async deleteAccessKey(accessKeyId: string): Promise<void> {
      delKey.run(accessKeyId);
    },
  };
}
