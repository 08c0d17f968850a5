/**
 * Managed policies as a principal of `accountId` sees them: its own customer managed policies from the store
 * and AWS managed ones from the built-in catalog. Used by IAM's operations, STS's session policies and the
 * authorizer's policy loading alike.
 */
import type { StoreTx } from '../../store/store.js';
import type { ManagedPolicyRecord } from '../../store/iam-records.js';
import { awsManagedPolicy } from './aws-managed-policies.js';

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

/** The default version's document of a managed policy. */
export async function defaultDocument(tx: StoreTx, policy: ManagedPolicyRecord): Promise<string | undefined> {
  const aws = awsManagedPolicy(policy.arn);
  if (aws !== undefined) return aws.document;
  return (await tx.getPolicyVersion(policy.arn, policy.defaultVersionId))?.document;
}
