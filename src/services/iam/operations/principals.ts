/** Lookups that fail with IAM's NoSuchEntity messages, shared by every entity operation. */
import type { StoreTx } from '../../../store/store.js';
import type { GroupRecord, IamPrincipalType, RoleRecord, UserRecord } from '../../../store/iam-records.js';
import { findPolicy } from '../../../iam/policy/managed-policy-lookup.js';
import type { ResolvedPolicy } from '../../../iam/policy/managed-policy-lookup.js';
import { noSuchGroup, noSuchRole, noSuchUser, policyNotAttachable, policyNotFound } from './iam-errors.js';

export async function requireUser(tx: StoreTx, accountId: string, name: string): Promise<UserRecord> {
  const user = await tx.getUser(accountId, name);
  if (user === undefined) throw noSuchUser(name);
  return user;
}

export async function requireRole(tx: StoreTx, accountId: string, name: string): Promise<RoleRecord> {
  const role = await tx.getRole(accountId, name);
  if (role === undefined) throw noSuchRole(name);
  return role;
}

export async function requireGroup(tx: StoreTx, accountId: string, name: string): Promise<GroupRecord> {
  const group = await tx.getGroup(accountId, name);
  if (group === undefined) throw noSuchGroup(name);
  return group;
}

/** The user, role or group with this name; its stored name keeps the case it was created with. */
export async function requirePrincipal(
  tx: StoreTx,
  accountId: string,
  type: IamPrincipalType,
  name: string,
): Promise<UserRecord | RoleRecord | GroupRecord> {
  if (type === 'user') return requireUser(tx, accountId, name);
  if (type === 'role') return requireRole(tx, accountId, name);
  return requireGroup(tx, accountId, name);
}

/** For reads and deletes: "Policy <arn> was not found." */
export async function requirePolicy(tx: StoreTx, accountId: string, arn: string): Promise<ResolvedPolicy> {
  const found = await findPolicy(tx, accountId, arn);
  if (found === undefined) throw policyNotFound(arn);
  return found;
}

/** For attaching and boundaries: "Policy <arn> does not exist or is not attachable." */
export async function requireAttachable(tx: StoreTx, accountId: string, arn: string): Promise<ResolvedPolicy> {
  const found = await findPolicy(tx, accountId, arn);
  if (found === undefined) throw policyNotAttachable(arn);
  return found;
}
