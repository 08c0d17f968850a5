/** IAM customer managed policies with their versions, attachments and inline policies. */
import type Database from 'better-sqlite3';
import type { IamPoliciesTx } from '../store.js';
import type { InlinePolicyRecord, ManagedPolicyRecord, PolicyVersionRecord } from '../iam-records.js';

interface DocRow {
  doc: string;
}

interface VersionRow {
  policy_arn: string;
  version_num: number;
  document: string;
  created_at: string;
}

interface InlineRow {
  account_id: string;
  principal_type: string;
  principal_name: string;
  policy_name: string;
  document: string;
}

function versionNumber(versionId: string): number {
  const match = /^v([1-9]\d*)$/.exec(versionId);
  return match?.[1] === undefined ? -1 : Number(match[1]);
}

function toVersion(row: VersionRow): PolicyVersionRecord {
  return { policyArn: row.policy_arn, versionId: `v${row.version_num}`, document: row.document, createdAt: row.created_at };
}

function toInline(row: InlineRow): InlinePolicyRecord {
  return {
    accountId: row.account_id,
    principalType: row.principal_type === 'role' ? 'role' : row.principal_type === 'group' ? 'group' : 'user',
    principalName: row.principal_name,
    policyName: row.policy_name,
    document: row.document,
  };
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function iamPoliciesSql(db: Database.Database): IamPoliciesTx {
  const getPolicy = db.prepare<[string], DocRow>('SELECT doc FROM iam_policies WHERE arn = ?');
  const getPolicyByName = db.prepare<[string, string], DocRow>('SELECT doc FROM iam_policies WHERE account_id = ? AND name_key = ?');
  const putPolicy = db.prepare('INSERT OR REPLACE INTO iam_policies (arn, account_id, name_key, path, doc) VALUES (?, ?, ?, ?, ?)');
  const updatePolicy = db.prepare('UPDATE iam_policies SET doc = ? WHERE arn = ?');
  const delVersions = db.prepare('DELETE FROM iam_policy_versions WHERE policy_arn = ?');
  const delPolicy = db.prepare('DELETE FROM iam_policies WHERE arn = ?');
  const listPolicies = db.prepare<[string, string], DocRow>(
    `SELECT doc FROM iam_policies WHERE account_id = ? AND path LIKE ? ESCAPE '\\' ORDER BY name_key`,
  );
  const getVersion = db.prepare<[string, number], VersionRow>('SELECT * FROM iam_policy_versions WHERE policy_arn = ? AND version_num = ?');
  const putVersion = db.prepare(
    'INSERT OR REPLACE INTO iam_policy_versions (policy_arn, version_num, document, created_at) VALUES (?, ?, ?, ?)',
  );
  const delVersion = db.prepare('DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_num = ?');
  const listVersions = db.prepare<[string], VersionRow>('SELECT * FROM iam_policy_versions WHERE policy_arn = ? ORDER BY version_num DESC');
  const nextSeq = db.prepare<[], { n: number }>('SELECT coalesce(max(seq), 0) + 1 AS n FROM iam_attachments');
  const attach = db.prepare(
    'INSERT OR IGNORE INTO iam_attachments (account_id, principal_type, principal_key, policy_arn, seq) VALUES (?, ?, ?, ?, ?)',
  );
  const detach = db.prepare('DELETE FROM iam_attachments WHERE account_id = ? AND principal_type = ? AND principal_key = ? AND policy_arn = ?');
  const attached = db.prepare<[string, string, string], { policy_arn: string }>(
    'SELECT policy_arn FROM iam_attachments WHERE account_id = ? AND principal_type = ? AND principal_key = ? ORDER BY seq',
  );
  const countAttached = db.prepare<[string, string], { n: number }>(
    'SELECT count(*) AS n FROM iam_attachments WHERE account_id = ? AND policy_arn = ?',
  );
  const allAttached = db.prepare<[string], { policy_arn: string }>(
    'SELECT DISTINCT policy_arn FROM iam_attachments WHERE account_id = ? ORDER BY policy_arn',
  );
  const getInline = db.prepare<[string, string, string, string], InlineRow>(
    'SELECT * FROM iam_inline_policies WHERE account_id = ? AND principal_type = ? AND principal_key = ? AND policy_name = ?',
  );
  const putInline = db.prepare(
    `INSERT OR REPLACE INTO iam_inline_policies (account_id, principal_type, principal_key, policy_name, principal_name, document)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const delInline = db.prepare(
    'DELETE FROM iam_inline_policies WHERE account_id = ? AND principal_type = ? AND principal_key = ? AND policy_name = ?',
  );
  const listInline = db.prepare<[string, string, string], InlineRow>(
    'SELECT * FROM iam_inline_policies WHERE account_id = ? AND principal_type = ? AND principal_key = ? ORDER BY policy_name',
  );

  return {
    async getManagedPolicy(arn) {
      const row = getPolicy.get(arn);
      return row && (JSON.parse(row.doc) as ManagedPolicyRecord);
    },
    async getManagedPolicyByName(accountId, policyName) {
      const row = getPolicyByName.get(accountId, policyName.toLowerCase());
      return row && (JSON.parse(row.doc) as ManagedPolicyRecord);
    },
    async putManagedPolicy(r) {
      // Replacing the row in place keeps its versions (a REPLACE would cascade-delete them).
      if (getPolicy.get(r.arn) !== undefined) updatePolicy.run(JSON.stringify(r), r.arn);
      else putPolicy.run(r.arn, r.accountId, r.name.toLowerCase(), r.path, JSON.stringify(r));
    },
    async deleteManagedPolicy(arn) {
      delVersions.run(arn);
      delPolicy.run(arn);
    },
    listManagedPolicies: async (accountId, pathPrefix) =>
      listPolicies.all(accountId, likePrefix(pathPrefix)).map((r) => JSON.parse(r.doc) as ManagedPolicyRecord),
    async getPolicyVersion(arn, versionId) {
      const row = getVersion.get(arn, versionNumber(versionId));
      return row && toVersion(row);
    },
    async putPolicyVersion(r) {
      putVersion.run(r.policyArn, versionNumber(r.versionId), r.document, r.createdAt);
    },
    async deletePolicyVersion(arn, versionId) {
      delVersion.run(arn, versionNumber(versionId));
    },
    listPolicyVersions: async (arn) => listVersions.all(arn).map(toVersion),
    async attachPolicy(accountId, type, name, arn) {
      attach.run(accountId, type, name.toLowerCase(), arn, nextSeq.get()?.n ?? 1);
    },
    async detachPolicy(accountId, type, name, arn) {
      detach.run(accountId, type, name.toLowerCase(), arn);
    },
    listAttachedPolicies: async (accountId, type, name) => attached.all(accountId, type, name.toLowerCase()).map((r) => r.policy_arn),
    countPolicyAttachments: async (accountId, arn) => countAttached.get(accountId, arn)?.n ?? 0,
    listAttachedPolicyArns: async (accountId) => allAttached.all(accountId).map((r) => r.policy_arn),
    async getInlinePolicy(accountId, type, name, policyName) {
      const row = getInline.get(accountId, type, name.toLowerCase(), policyName);
      return row && toInline(row);
    },
    async putInlinePolicy(r) {
      putInline.run(r.accountId, r.principalType, r.principalName.toLowerCase(), r.policyName, r.principalName, r.document);
    },
    async deleteInlinePolicy(accountId, type, name, policyName) {
      delInline.run(accountId, type, name.toLowerCase(), policyName);
    },
    listInlinePolicies: async (accountId, type, name) => listInline.all(accountId, type, name.toLowerCase()).map(toInline),
  };
}
