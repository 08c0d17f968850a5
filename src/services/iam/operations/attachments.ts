/** Managed policies attached to users, roles and groups (at most 10 per principal, IAM's default quota). */
import type { IamPrincipalType, ManagedPolicyRecord } from '../../../store/iam-records.js';
import type { StoreTx } from '../../../store/store.js';
import type { IamDeps } from './iam-deps.js';
import { iamWrite } from './iam-deps.js';
import { LimitExceededError, NoSuchEntityError } from './iam-errors.js';
import { requireAttachable, requirePrincipal } from './principals.js';
import { findPolicy } from '../../../iam/policy/managed-policy-lookup.js';

const MAX_ATTACHED = 10;

const QUOTA_NAME: Record<IamPrincipalType, string> = {
  user: 'PoliciesPerUser',
  role: 'PoliciesPerRole',
  group: 'PoliciesPerGroup',
};

type AttachmentArgs = [deps: IamDeps, accountId: string, type: IamPrincipalType, principalName: string, policyArn: string];

/** Runs `change` in one write with the principal's stored name and the ARNs attached to it. */
function changeAttached(
  [deps, accountId, type, principalName]: AttachmentArgs,
  change: (tx: StoreTx, name: string, attached: readonly string[]) => Promise<void>,
): Promise<void> {
  return iamWrite(deps, async (tx) => {
    const principal = await requirePrincipal(tx, accountId, type, principalName);
    return change(tx, principal.name, await tx.listAttachedPolicies(accountId, type, principal.name));
  });
}

export function attachPolicy(...args: AttachmentArgs): Promise<void> {
  const [, accountId, type, , policyArn] = args;
  return changeAttached(args, async (tx, name, attached) => {
    await requireAttachable(tx, accountId, policyArn);
    if (attached.includes(policyArn)) return;
    if (attached.length >= MAX_ATTACHED) {
      throw new LimitExceededError(`Cannot exceed quota for ${QUOTA_NAME[type]}: ${MAX_ATTACHED}`);
    }
    await tx.attachPolicy(accountId, type, name, policyArn);
  });
}

export function detachPolicy(...args: AttachmentArgs): Promise<void> {
  const [, accountId, type, , policyArn] = args;
  return changeAttached(args, async (tx, name, attached) => {
    if (!attached.includes(policyArn)) throw new NoSuchEntityError(`Policy ${policyArn} was not attached.`);
    await tx.detachPolicy(accountId, type, name, policyArn);
  });
}

export function listAttachedPolicies(
  deps: IamDeps,
  accountId: string,
  type: IamPrincipalType,
  principalName: string,
  pathPrefix: string | undefined,
): Promise<ManagedPolicyRecord[]> {
  return deps.store.transact(async (tx) => {
    const principal = await requirePrincipal(tx, accountId, type, principalName);
    const out: ManagedPolicyRecord[] = [];
    for (const arn of await tx.listAttachedPolicies(accountId, type, principal.name)) {
      const found = await findPolicy(tx, accountId, arn);
      if (found !== undefined && found.record.path.startsWith(pathPrefix ?? '/')) out.push(found.record);
    }
    return out;
  });
}
