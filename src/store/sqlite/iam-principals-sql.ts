/** IAM users, roles and groups (and group membership) in SQLite; records are kept whole as JSON. */
import type Database from 'better-sqlite3';
import type { IamPrincipalsTx } from '../store.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../iam-records.js';

interface DocRow {
  doc: string;
}

/** Escapes LIKE wildcards so a path prefix matches literally. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function table<R extends { readonly accountId: string; readonly name: string; readonly path: string }>(
  db: Database.Database,
  name: 'iam_users' | 'iam_roles' | 'iam_groups',
) {
  const get = db.prepare<[string, string], DocRow>(`SELECT doc FROM ${name} WHERE account_id = ? AND name_key = ?`);
  const put = db.prepare(`INSERT OR REPLACE INTO ${name} (account_id, name_key, path, doc) VALUES (?, ?, ?, ?)`);
  const del = db.prepare(`DELETE FROM ${name} WHERE account_id = ? AND name_key = ?`);
  const list = db.prepare<[string, string], DocRow>(
    `SELECT doc FROM ${name} WHERE account_id = ? AND path LIKE ? ESCAPE '\\' ORDER BY name_key`,
  );
  return {
    get(accountId: string, entityName: string): R | undefined {
      const row = get.get(accountId, entityName.toLowerCase());
      return row && (JSON.parse(row.doc) as R);
    },
    put(record: R): void {
      put.run(record.accountId, record.name.toLowerCase(), record.path, JSON.stringify(record));
    },
    delete(accountId: string, entityName: string): void {
      del.run(accountId, entityName.toLowerCase());
    },
    list(accountId: string, pathPrefix: string): R[] {
      return list.all(accountId, likePrefix(pathPrefix)).map((row) => JSON.parse(row.doc) as R);
    },
  };
}

export function iamPrincipalsSql(db: Database.Database): IamPrincipalsTx {
  const users = table<UserRecord>(db, 'iam_users');
  const roles = table<RoleRecord>(db, 'iam_roles');
  const groups = table<GroupRecord>(db, 'iam_groups');
  const addMember = db.prepare('INSERT OR IGNORE INTO iam_group_members (account_id, group_key, user_key) VALUES (?, ?, ?)');
  const removeMember = db.prepare('DELETE FROM iam_group_members WHERE account_id = ? AND group_key = ? AND user_key = ?');
  const removeGroupMembers = db.prepare('DELETE FROM iam_group_members WHERE account_id = ? AND group_key = ?');
  const members = db.prepare<[string, string], DocRow>(
    `SELECT u.doc FROM iam_group_members m JOIN iam_users u ON u.account_id = m.account_id AND u.name_key = m.user_key
     WHERE m.account_id = ? AND m.group_key = ? ORDER BY u.name_key`,
  );
  const groupsOf = db.prepare<[string, string], DocRow>(
    `SELECT g.doc FROM iam_group_members m JOIN iam_groups g ON g.account_id = m.account_id AND g.name_key = m.group_key
     WHERE m.account_id = ? AND m.user_key = ? ORDER BY g.name_key`,
  );
  return {
    getUser: async (accountId, userName) => users.get(accountId, userName),
    putUser: async (record) => users.put(record),
    deleteUser: async (accountId, userName) => users.delete(accountId, userName),
    listUsers: async (accountId, pathPrefix) => users.list(accountId, pathPrefix),
    getRole: async (accountId, roleName) => roles.get(accountId, roleName),
    putRole: async (record) => roles.put(record),
    deleteRole: async (accountId, roleName) => roles.delete(accountId, roleName),
    listRoles: async (accountId, pathPrefix) => roles.list(accountId, pathPrefix),
    getGroup: async (accountId, groupName) => groups.get(accountId, groupName),
    putGroup: async (record) => groups.put(record),
    async deleteGroup(accountId, groupName) {
      removeGroupMembers.run(accountId, groupName.toLowerCase());
      groups.delete(accountId, groupName);
    },
    listGroups: async (accountId, pathPrefix) => groups.list(accountId, pathPrefix),
    async addGroupMember(accountId, groupName, userName) {
      addMember.run(accountId, groupName.toLowerCase(), userName.toLowerCase());
    },
    async removeGroupMember(accountId, groupName, userName) {
      removeMember.run(accountId, groupName.toLowerCase(), userName.toLowerCase());
    },
    listGroupMembers: async (accountId, groupName) =>
      members.all(accountId, groupName.toLowerCase()).map((r) => JSON.parse(r.doc) as UserRecord),
    listGroupsForUser: async (accountId, userName) =>
      groupsOf.all(accountId, userName.toLowerCase()).map((r) => JSON.parse(r.doc) as GroupRecord),
  };
}
