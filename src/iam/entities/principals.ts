/** Lookups that fail with IAM's NoSuchEntity messages, shared by every entity operation. */
import type { StoreTx } from '../../store/store.js';
import type { GroupRecord, IamPrincipalType, ManagedPolicyRecord, RoleRecord, UserRecord } from '../../store/iam-records.js';
import { awsManagedPolicy } from './aws-managed-policies.js';
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

export interface ResolvedPolicy {
  readonly record: ManagedPolicyRecord;
  /** True for arn:aws:iam::aws:policy/… (read-only, served from the catalog). */
  readonly awsManaged: boolean;
}

/** A managed policy visible to `accountId` (its own or AWS managed), or undefined. */
export async function findPolicy(tx: StoreTx, accountId: string, arn: string): Promise<ResolvedPolicy | undefined> {
  const aws = awsManagedPolicy(arn);
  if (aws !== undefined) return { record: aws.record, awsManaged: true };
  const record = await tx.getManagedPolicy(arn);
  if (record === undefined || record.accountId !== accountId) return undefined;
  return { record, awsManaged: false };
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

/** The default version's document of a managed policy. */
export async function defaultDocument(tx: StoreTx, policy: ManagedPolicyRecord): Promise<string | undefined> {
  const aws = awsManagedPolicy(policy.arn);
  if (aws !== undefined) return aws.document;
  return (await tx.getPolicyVersion(policy.arn, policy.defaultVersionId))?.document;
}
