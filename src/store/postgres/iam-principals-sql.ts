/**
 * IAM users, roles and groups (and group membership) on PostgreSQL, the counterpart of
 * sqlite/iam-principals-sql.ts: records kept whole as JSON, keyed by the name lower-cased in JS (so the
 * case folding is JavaScript's on both engines, never the database's).
 */
import type { IamPrincipalsTx } from '../store.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../iam-records.js';
import type { PgQueryable } from './pg-tables.js';

interface DocRow {
  [column: string]: unknown;
  doc: string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/**
 * `column LIKE $n` as SQLite evaluates it: SQLite's LIKE ignores case for ASCII letters only, so both sides
 * are folded ASCII-only (PostgreSQL's LIKE is case-sensitive, and its ILIKE/lower() fold per collation).
 */
export function pathLike(column: string, param: string): string {
  return `translate(${column}, '${UPPER}', '${LOWER}') LIKE ${param} ESCAPE '\\'`;
}

/** The pattern for `pathLike`: the prefix with LIKE wildcards escaped, ASCII-folded, then `%`. */
export function likePrefix(prefix: string): string {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  return `${escaped.replace(/[A-Z]/g, (c) => c.toLowerCase())}%`;
}

/**
 * PostgreSQL text cannot hold NUL, so no stored key or path contains one; a lookup by such a string
 * (a PathPrefix of `%00`, say) finds nothing, as in SQLite, instead of failing the transaction.
 */
export function hasNul(...values: readonly string[]): boolean {
  return values.some((v) => v.includes('\u0000'));
}

function parseDocs<R>(rows: readonly DocRow[]): R[] {
  return rows.map((row) => JSON.parse(row.doc) as R);
}

function table<R extends { readonly accountId: string; readonly name: string; readonly path: string }>(
  db: PgQueryable,
  name: 'iam_users' | 'iam_roles' | 'iam_groups',
) {
  return {
    async get(accountId: string, entityName: string): Promise<R | undefined> {
      if (hasNul(accountId, entityName)) return undefined;
      const rows = await db.query<DocRow>(`SELECT doc FROM ${name} WHERE account_id = $1 AND name_key = $2`, [
        accountId,
        entityName.toLowerCase(),
      ]);
      return parseDocs<R>(rows)[0];
    },
    async put(record: R): Promise<void> {
      // SQLite's INSERT OR REPLACE: the primary key is the only constraint, so replacing is updating in place.
      await db.query(
        `INSERT INTO ${name} (account_id, name_key, path, doc) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id, name_key) DO UPDATE SET path = EXCLUDED.path, doc = EXCLUDED.doc`,
        [record.accountId, record.name.toLowerCase(), record.path, JSON.stringify(record)],
      );
    },
    async delete(accountId: string, entityName: string): Promise<void> {
      if (hasNul(accountId, entityName)) return;
      await db.query(`DELETE FROM ${name} WHERE account_id = $1 AND name_key = $2`, [accountId, entityName.toLowerCase()]);
    },
    async list(accountId: string, pathPrefix: string): Promise<R[]> {
      if (hasNul(accountId, pathPrefix)) return [];
      const rows = await db.query<DocRow>(
        `SELECT doc FROM ${name} WHERE account_id = $1 AND ${pathLike('path', '$2')} ORDER BY name_key`,
        [accountId, likePrefix(pathPrefix)],
      );
      return parseDocs<R>(rows);
    },
  };
}

export function iamPrincipalsPg(db: PgQueryable): IamPrincipalsTx {
  const users = table<UserRecord>(db, 'iam_users');
  const roles = table<RoleRecord>(db, 'iam_roles');
  const groups = table<GroupRecord>(db, 'iam_groups');
  return {
    getUser: (accountId, userName) => users.get(accountId, userName),
    putUser: (record) => users.put(record),
    // As in SQLite, memberships, attachments and inline policies stay: the IAM service refuses to delete a
    // user or role that still has them.
    deleteUser: (accountId, userName) => users.delete(accountId, userName),
    listUsers: (accountId, pathPrefix) => users.list(accountId, pathPrefix),
    getRole: (accountId, roleName) => roles.get(accountId, roleName),
    putRole: (record) => roles.put(record),
    deleteRole: (accountId, roleName) => roles.delete(accountId, roleName),
    listRoles: (accountId, pathPrefix) => roles.list(accountId, pathPrefix),
    getGroup: (accountId, groupName) => groups.get(accountId, groupName),
    putGroup: (record) => groups.put(record),
    async deleteGroup(accountId, groupName) {
      if (hasNul(accountId, groupName)) return;
      await db.query('DELETE FROM iam_group_members WHERE account_id = $1 AND group_key = $2', [accountId, groupName.toLowerCase()]);
      await groups.delete(accountId, groupName);
    },
    listGroups: (accountId, pathPrefix) => groups.list(accountId, pathPrefix),
    async addGroupMember(accountId, groupName, userName) {
      await db.query(
        `INSERT INTO iam_group_members (account_id, group_key, user_key) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, group_key, user_key) DO NOTHING`,
        [accountId, groupName.toLowerCase(), userName.toLowerCase()],
      );
    },
    async removeGroupMember(accountId, groupName, userName) {
      if (hasNul(accountId, groupName, userName)) return;
      await db.query('DELETE FROM iam_group_members WHERE account_id = $1 AND group_key = $2 AND user_key = $3', [
        accountId,
        groupName.toLowerCase(),
        userName.toLowerCase(),
      ]);
    },
    async listGroupMembers(accountId, groupName) {
      if (hasNul(accountId, groupName)) return [];
      const rows = await db.query<DocRow>(
        `SELECT u.doc FROM iam_group_members m JOIN iam_users u ON u.account_id = m.account_id AND u.name_key = m.user_key
         WHERE m.account_id = $1 AND m.group_key = $2 ORDER BY u.name_key`,
        [accountId, groupName.toLowerCase()],
      );
      return parseDocs<UserRecord>(rows);
    },
    async listGroupsForUser(accountId, userName) {
      if (hasNul(accountId, userName)) return [];
      const rows = await db.query<DocRow>(
        `SELECT g.doc FROM iam_group_members m JOIN iam_groups g ON g.account_id = m.account_id AND g.name_key = m.group_key
         WHERE m.account_id = $1 AND m.user_key = $2 ORDER BY g.name_key`,
        [accountId, userName.toLowerCase()],
      );
      return parseDocs<GroupRecord>(rows);
    },
  };
}
