/** The SQLite side of IamTx: principals (users, roles, groups) and policies (managed, inline, attachments, keys). */
import type Database from 'better-sqlite3';
import type { IamTx } from '../store.js';
import { iamPrincipalsSql } from './iam-principals-sql.js';
import { iamPoliciesSql } from './iam-policies-sql.js';

export function iamSql(db: Database.Database): IamTx {
  return { ...iamPrincipalsSql(db), ...iamPoliciesSql(db) };
}
