/** Customer managed policies (and the read-only AWS managed catalog): create, read, list, delete. */
import type { ManagedPolicyRecord } from '../../../store/iam-records.js';
import type { IamDeps } from './iam-deps.js';
import { iamWrite } from './iam-deps.js';
import { awsManagedPolicies } from '../../../iam/policy/aws-managed-policies.js';
import { DeleteConflictError, EntityAlreadyExistsError, iamConstraint } from './iam-errors.js';
import { iamArn, newEntityId } from '../../../iam/ids.js';
import { checkIdentityPolicy, checkManagedPolicySize } from './policy-documents.js';
import { requirePolicy } from './principals.js';
import type { ResolvedPolicy } from '../../../iam/policy/managed-policy-lookup.js';
import { checkDescription, checkName, checkPath, checkPathPrefix, checkTags } from './validation.js';
import type { Tag } from './validation.js';

export interface CreatePolicyInput {
  readonly policyName: string;
  readonly policyDocument: string;
  readonly path?: string | undefined;
  readonly description?: string | undefined;
  readonly tags?: readonly Tag[];
}

export interface PolicyView {
  readonly record: ManagedPolicyRecord;
  readonly attachmentCount: number;
  readonly awsManaged: boolean;
}

export async function createPolicy(deps: IamDeps, accountId: string, input: CreatePolicyInput): Promise<PolicyView> {
  checkName(input.policyName, 'policyName', 128);
  const path = checkPath(input.path);
  const description = checkDescription(input.description);
  const tags = checkTags(input.tags ?? []);
  checkIdentityPolicy(input.policyDocument);
  checkManagedPolicySize(input.policyDocument);
  return iamWrite(deps, async (tx) => {
    if ((await tx.getManagedPolicyByName(accountId, input.policyName)) !== undefined) {
      throw new EntityAlreadyExistsError(`A policy called ${input.policyName} already exists. Duplicate names are not allowed.`);
    }
    const now = deps.now().toISOString();
    const record: ManagedPolicyRecord = {
      accountId,
      name: input.policyName,
      path,
      policyId: newEntityId('ANPA'),
      arn: iamArn(accountId, 'policy', path, input.policyName),
      ...(description === undefined ? {} : { description }),
      defaultVersionId: 'v1',
      lastVersionNumber: 1,
      createdAt: now,
      updatedAt: now,
      tags,
    };
    await tx.putManagedPolicy(record);
    await tx.putPolicyVersion({ policyArn: record.arn, versionId: 'v1', document: input.policyDocument, createdAt: now });
    return { record, attachmentCount: 0, awsManaged: false };
  });
}

export function getPolicy(deps: IamDeps, accountId: string, policyArn: string): Promise<PolicyView> {
  return deps.store.transact(async (tx) => {
    const found = await requirePolicy(tx, accountId, policyArn);
    return { ...found, attachmentCount: await tx.countPolicyAttachments(accountId, policyArn) };
  });
}

export async function deletePolicy(deps: IamDeps, accountId: string, policyArn: string): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const found = await requirePolicy(tx, accountId, policyArn);
    if (found.awsManaged) throw policyReadOnly(policyArn);
    if ((await tx.countPolicyAttachments(accountId, policyArn)) > 0) {
      throw new DeleteConflictError('Cannot delete a policy attached to entities.');
    }
    if ((await tx.listPolicyVersions(policyArn)).length > 1) {
      throw new DeleteConflictError('This policy has more than one version. Before you delete a policy, you must delete the policy\'s versions. The default version is deleted with the policy.');
    }
    await tx.deleteManagedPolicy(policyArn);
  });
}

export function policyReadOnly(arn: string): DeleteConflictError {
  return new DeleteConflictError(`Policy ${arn} is an AWS managed policy and cannot be modified.`);
}

export type PolicyScope = 'All' | 'AWS' | 'Local';

export interface ListPoliciesInput {
  readonly scope?: string | undefined;
  readonly onlyAttached?: boolean | undefined;
  readonly pathPrefix?: string | undefined;
}

export async function listPolicies(deps: IamDeps, accountId: string, input: ListPoliciesInput): Promise<PolicyView[]> {
  const scope = input.scope ?? 'All';
  if (scope !== 'All' && scope !== 'AWS' && scope !== 'Local') {
    throw iamConstraint(scope, 'scope', 'Member must satisfy enum value set: [All, AWS, Local]');
  }
  const prefix = checkPathPrefix(input.pathPrefix);
  return deps.store.transact(async (tx) => {
    const found: ResolvedPolicy[] = [];
    if (scope !== 'Local') {
      for (const p of awsManagedPolicies()) if (p.record.path.startsWith(prefix)) found.push({ record: p.record, awsManaged: true });
    }
    if (scope !== 'AWS') {
      for (const record of await tx.listManagedPolicies(accountId, prefix)) found.push({ record, awsManaged: false });
    }
    const views: PolicyView[] = [];
    for (const p of found) {
      const attachmentCount = await tx.countPolicyAttachments(accountId, p.record.arn);
      if (input.onlyAttached === true && attachmentCount === 0) continue;
      views.push({ ...p, attachmentCount });
    }
    return views.sort((a, b) => a.record.name.localeCompare(b.record.name));
  });
}
