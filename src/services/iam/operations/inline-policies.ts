/** Inline policies embedded in users, roles and groups, with IAM's aggregate size quotas per principal. */
import type { IamPrincipalType, InlinePolicyRecord } from '../../../store/iam-records.js';
import type { IamDeps } from './iam-deps.js';
import { iamWrite } from './iam-deps.js';
import { LimitExceededError, NoSuchEntityError } from './iam-errors.js';
import { INLINE_POLICY_MAX_CHARS, checkIdentityPolicy } from './policy-documents.js';
import { policySize } from '../../../iam/policy/policy-size.js';
import { requirePrincipal } from './principals.js';
import { checkName } from './validation.js';

function noSuchInline(type: IamPrincipalType, policyName: string): NoSuchEntityError {
  return new NoSuchEntityError(`The ${type} policy with name ${policyName} cannot be found.`);
}

export async function putInlinePolicy(
  deps: IamDeps,
  accountId: string,
  type: IamPrincipalType,
  principalName: string,
  policyName: string,
  document: string,
): Promise<void> {
  checkName(policyName, 'policyName', 128);
  checkIdentityPolicy(document);
  await iamWrite(deps, async (tx) => {
    const principal = await requirePrincipal(tx, accountId, type, principalName);
    // The quota is on all of a principal's inline policies together.
    let total = policySize(document);
    for (const other of await tx.listInlinePolicies(accountId, type, principal.name)) {
      if (other.policyName !== policyName) total += policySize(other.document);
    }
    const max = INLINE_POLICY_MAX_CHARS[type];
    if (total > max) {
      throw new LimitExceededError(`Maximum policy size of ${max} bytes exceeded for ${type} ${principal.name}`);
    }
    await tx.putInlinePolicy({ accountId, principalType: type, principalName: principal.name, policyName, document });
  });
}

export function getInlinePolicy(
  deps: IamDeps,
  accountId: string,
  type: IamPrincipalType,
  principalName: string,
  policyName: string,
): Promise<InlinePolicyRecord> {
  return deps.store.transact(async (tx) => {
    const principal = await requirePrincipal(tx, accountId, type, principalName);
    const policy = await tx.getInlinePolicy(accountId, type, principal.name, policyName);
    if (policy === undefined) throw noSuchInline(type, policyName);
    return policy;
  });
}

export async function deleteInlinePolicy(
  deps: IamDeps,
  accountId: string,
  type: IamPrincipalType,
  principalName: string,
  policyName: string,
): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const principal = await requirePrincipal(tx, accountId, type, principalName);
    if ((await tx.getInlinePolicy(accountId, type, principal.name, policyName)) === undefined) throw noSuchInline(type, policyName);
    await tx.deleteInlinePolicy(accountId, type, principal.name, policyName);
  });
}

export function listInlinePolicies(
  deps: IamDeps,
  accountId: string,
  type: IamPrincipalType,
  principalName: string,
): Promise<InlinePolicyRecord[]> {
  return deps.store.transact(async (tx) => {
    const principal = await requirePrincipal(tx, accountId, type, principalName);
    return tx.listInlinePolicies(accountId, type, principal.name);
  });
}
