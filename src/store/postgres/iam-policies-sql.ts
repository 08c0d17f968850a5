/**
 * IAM customer managed policies with their versions, attachments and inline policies on PostgreSQL, the
 * counterpart of sqlite/iam-policies-sql.ts.
 */
import type { IamPoliciesTx } from '../store.js';
import type { InlinePolicyRecord, ManagedPolicyRecord, PolicyVersionRecord } from '../iam-records.js';
import type { PgQueryable } from './pg-tables.js';
import { hasNul, likePrefix, pathLike } from './iam-principals-sql.js';

interface DocRow {
  [column: string]: unknown;
  doc: string;
}

interface VersionRow {
  [column: string]: unknown;
  policy_arn: string;
  version_num: number;
  document: string;
  created_at: string;
}

interface InlineRow {
  [column: string]: unknown;
  account_id: string;
  principal_type: string;
  principal_name: string;
  policy_name: string;
  document: string;
}

/** As in SQLite: an id that is not `v<n>` maps to -1, which no real version has. */
function versionNumber(versionId: string): number {
  const match = /^v([1-9]\d*)$/.exec(versionId);
  return match?.[1] === undefined ? -1 : Number(match[1]);
}

/**
 * The number to look a version up by: SQLite finds nothing for a number beyond INTEGER's range, where
 * PostgreSQL would fail the statement (BIGINT out of range), so such a number asks for no row at all.
 */
function lookupNumber(versionId: string): number {
  const n = versionNumber(versionId);
  return n < 2 ** 63 ? n : -1;
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

function parsePolicy(rows: readonly DocRow[]): ManagedPolicyRecord | undefined {
  const row = rows[0];
  return row && (JSON.parse(row.doc) as ManagedPolicyRecord);
}

export function iamPoliciesPg(db: PgQueryable): IamPoliciesTx {
  return {
    async getManagedPolicy(arn) {
      if (hasNul(arn)) return undefined;
      return parsePolicy(await db.query<DocRow>('SELECT doc FROM iam_policies WHERE arn = $1', [arn]));
    },
    async getManagedPolicyByName(accountId, policyName) {
      if (hasNul(accountId, policyName)) return undefined;
      return parsePolicy(
        await db.query<DocRow>('SELECT doc FROM iam_policies WHERE account_id = $1 AND name_key = $2', [accountId, policyName.toLowerCase()]),
      );
    },
    async putManagedPolicy(r) {
      // An existing policy keeps its row (and so its versions, its name_key and path columns), as in SQLite.
      const updated = await db.query('UPDATE iam_policies SET doc = $1 WHERE arn = $2 RETURNING arn', [JSON.stringify(r), r.arn]);
      if (updated.length > 0) return;
      // SQLite's INSERT OR REPLACE of a new ARN deletes another policy holding the same name (its versions
      // going by the cascade): reproduced by deleting it first.
      await db.query('DELETE FROM iam_policies WHERE account_id = $1 AND name_key = $2', [r.accountId, r.name.toLowerCase()]);
      await db.query('INSERT INTO iam_policies (arn, account_id, name_key, path, doc) VALUES ($1, $2, $3, $4, $5)', [
        r.arn,
        r.accountId,
        r.name.toLowerCase(),
        r.path,
        JSON.stringify(r),
      ]);
    },
    async deleteManagedPolicy(arn) {
      if (hasNul(arn)) return;
      await db.query('DELETE FROM iam_policy_versions WHERE policy_arn = $1', [arn]);
      await db.query('DELETE FROM iam_policies WHERE arn = $1', [arn]);
    },
    async listManagedPolicies(accountId, pathPrefix) {
      if (hasNul(accountId, pathPrefix)) return [];
      const rows = await db.query<DocRow>(
        `SELECT doc FROM iam_policies WHERE account_id = $1 AND ${pathLike('path', '$2')} ORDER BY name_key`,
        [accountId, likePrefix(pathPrefix)],
      );
      return rows.map((row) => JSON.parse(row.doc) as ManagedPolicyRecord);
    },
    async getPolicyVersion(arn, versionId) {
      if (hasNul(arn)) return undefined;
      const rows = await db.query<VersionRow>('SELECT * FROM iam_policy_versions WHERE policy_arn = $1 AND version_num = $2', [
        arn,
        lookupNumber(versionId),
      ]);
      return rows[0] && toVersion(rows[0]);
    },
    async putPolicyVersion(r) {
      await db.query(
        `INSERT INTO iam_policy_versions (policy_arn, version_num, document, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (policy_arn, version_num) DO UPDATE SET document = EXCLUDED.document, created_at = EXCLUDED.created_at`,
        [r.policyArn, versionNumber(r.versionId), r.document, r.createdAt],
      );
    },
    async deletePolicyVersion(arn, versionId) {
      if (hasNul(arn)) return;
      await db.query('DELETE FROM iam_policy_versions WHERE policy_arn = $1 AND version_num = $2', [arn, lookupNumber(versionId)]);
    },
    async listPolicyVersions(arn) {
      if (hasNul(arn)) return [];
      const rows = await db.query<VersionRow>('SELECT * FROM iam_policy_versions WHERE policy_arn = $1 ORDER BY version_num DESC', [arn]);
      return rows.map(toVersion);
    },
    async attachPolicy(accountId, type, name, arn) {
      // seq is one past the highest in the whole table, as in SQLite; attaching again keeps the first seq.
      await db.query(
        `INSERT INTO iam_attachments (account_id, principal_type, principal_key, policy_arn, seq)
         SELECT $1, $2, $3, $4, coalesce(max(seq), 0) + 1 FROM iam_attachments
         ON CONFLICT (account_id, principal_type, principal_key, policy_arn) DO NOTHING`,
        [accountId, type, name.toLowerCase(), arn],
      );
    },
    async detachPolicy(accountId, type, name, arn) {
      if (hasNul(accountId, type, name, arn)) return;
      await db.query('DELETE FROM iam_attachments WHERE account_id = $1 AND principal_type = $2 AND principal_key = $3 AND policy_arn = $4', [
        accountId,
        type,
        name.toLowerCase(),
        arn,
      ]);
    },
    async listAttachedPolicies(accountId, type, name) {
      if (hasNul(accountId, type, name)) return [];
      const rows = await db.query<{ policy_arn: string }>(
        'SELECT policy_arn FROM iam_attachments WHERE account_id = $1 AND principal_type = $2 AND principal_key = $3 ORDER BY seq',
        [accountId, type, name.toLowerCase()],
      );
      return rows.map((r) => r.policy_arn);
    },
    async countPolicyAttachments(accountId, arn) {
      if (hasNul(accountId, arn)) return 0;
      const rows = await db.query<{ n: number }>('SELECT count(*) AS n FROM iam_attachments WHERE account_id = $1 AND policy_arn = $2', [
        accountId,
        arn,
      ]);
      return rows[0]?.n ?? 0;
    },
    async listAttachedPolicyArns(accountId) {
      if (hasNul(accountId)) return [];
      const rows = await db.query<{ policy_arn: string }>(
        'SELECT DISTINCT policy_arn FROM iam_attachments WHERE account_id = $1 ORDER BY policy_arn',
        [accountId],
      );
      return rows.map((r) => r.policy_arn);
    },
    async getInlinePolicy(accountId, type, name, policyName) {
      if (hasNul(accountId, type, name, policyName)) return undefined;
      const rows = await db.query<InlineRow>(
        'SELECT * FROM iam_inline_policies WHERE account_id = $1 AND principal_type = $2 AND principal_key = $3 AND policy_name = $4',
        [accountId, type, name.toLowerCase(), policyName],
      );
      return rows[0] && toInline(rows[0]);
    },
    async putInlinePolicy(r) {
      await db.query(
        `INSERT INTO iam_inline_policies (account_id, principal_type, principal_key, policy_name, principal_name, document)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, principal_type, principal_key, policy_name)
         DO UPDATE SET principal_name = EXCLUDED.principal_name, document = EXCLUDED.document`,
        [r.accountId, r.principalType, r.principalName.toLowerCase(), r.policyName, r.principalName, r.document],
      );
    },
    async deleteInlinePolicy(accountId, type, name, policyName) {
      if (hasNul(accountId, type, name, policyName)) return;
      await db.query(
        'DELETE FROM iam_inline_policies WHERE account_id = $1 AND principal_type = $2 AND principal_key = $3 AND policy_name = $4',
        [accountId, type, name.toLowerCase(), policyName],
      );
    },
    async listInlinePolicies(accountId, type, name) {
      if (hasNul(accountId, type, name)) return [];
      const rows = await db.query<InlineRow>(
        'SELECT * FROM iam_inline_policies WHERE account_id = $1 AND principal_type = $2 AND principal_key = $3 ORDER BY policy_name',
        [accountId, type, name.toLowerCase()],
      );
      return rows.map(toInline);
    },
  };
}
