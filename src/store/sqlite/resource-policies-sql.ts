import type Database from 'better-sqlite3';
import type { ResourcePoliciesTx } from '../store.js';
import type { ResourcePolicyKind, ResourcePolicyRecord } from '../policy-records.js';

interface Row {
  account_id: string;
  kind: string;
  name: string;
  qualifier: string;
  policy: string;
  revision_id: string;
}

export function resourcePoliciesSql(db: Database.Database): ResourcePoliciesTx {
  const get = db.prepare<[string, string, string, string], Row>(
    'SELECT * FROM resource_policies WHERE account_id = ? AND kind = ? AND name = ? AND qualifier = ?',
  );
  const put = db.prepare(
    `INSERT OR REPLACE INTO resource_policies (account_id, kind, name, qualifier, policy, revision_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const del = db.prepare('DELETE FROM resource_policies WHERE account_id = ? AND kind = ? AND name = ? AND qualifier = ?');
  return {
    async getResourcePolicy(accountId: string, kind: ResourcePolicyKind, name: string, qualifier: string): Promise<ResourcePolicyRecord | undefined> {
      const row = get.get(accountId, kind, name, qualifier);
      return (
        row && {
          accountId: row.account_id,
          kind: row.kind === 'layer-version' ? 'layer-version' : 'function',
          name: row.name,
          qualifier: row.qualifier,
          policy: row.policy,
          revisionId: row.revision_id,
        }
      );
    },
    async putResourcePolicy(r: ResourcePolicyRecord): Promise<void> {
      put.run(r.accountId, r.kind, r.name, r.qualifier, r.policy, r.revisionId);
    },
    async deleteResourcePolicy(accountId: string, kind: ResourcePolicyKind, name: string, qualifier: string): Promise<void> {
      del.run(accountId, kind, name, qualifier);
    },
  };
}
