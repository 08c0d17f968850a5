/**
 * Reads everything that governs one user or role from the store and parses it into engine policies:
 * attached managed policies (default versions), inline policies, the groups' policies for a user, the
 * permissions boundary and the tags. Shared by the authorizer's policy source and SimulatePrincipalPolicy.
 */
import type { StoreTx } from '../../../store/store.js';
import type { GroupRecord, IamPrincipalType, RoleRecord, UserRecord } from '../../../store/iam-records.js';
import type { Policy } from '../../../iam/policy/evaluation-types.js';
import { parsePolicyDocument } from '../../../iam/policy/policy-document.js';
import { defaultDocument, findPolicy } from '../../../iam/policy/managed-policy-lookup.js';

/** Where a policy came from, in SimulatePrincipalPolicy's terms. */
export interface PolicySourceInfo {
  /** Policy name for inline policies, ARN for managed ones. */
  readonly sourceId: string;
  readonly sourceType: 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'none';
  readonly document: string;
}

export interface LoadedPolicies {
  readonly principal: UserRecord | RoleRecord;
  readonly identity: Policy[];
  readonly permissionsBoundary?: Policy;
  readonly tags: Readonly<Record<string, string>>;
  /** Policy id → where it came from (for explanations). */
  readonly sources: ReadonlyMap<string, PolicySourceInfo>;
}

export function inlinePolicyId(principalArn: string, policyName: string): string {
  return `${principalArn}/inline/${policyName}`;
}

export async function loadPrincipalPolicies(
  tx: StoreTx,
  kind: 'user' | 'role',
  accountId: string,
  name: string,
): Promise<LoadedPolicies | undefined> {
  const principal = kind === 'user' ? await tx.getUser(accountId, name) : await tx.getRole(accountId, name);
  if (principal === undefined) return undefined;
  const identity: Policy[] = [];
  const sources = new Map<string, PolicySourceInfo>();

  const addManaged = async (arns: readonly string[]): Promise<void> => {
    for (const arn of arns) {
      if (sources.has(arn)) continue;
      const found = await findPolicy(tx, accountId, arn);
      if (found === undefined) continue;
      const text = await defaultDocument(tx, found.record);
      const parsed = text === undefined ? undefined : parsePolicyDocument(text, 'identity');
      if (text === undefined || parsed === undefined || !parsed.ok) continue;
      identity.push({ id: arn, document: parsed.document });
      sources.set(arn, { sourceId: arn, sourceType: found.awsManaged ? 'aws-managed' : 'user-managed', document: text });
    }
  };
  const addInline = async (type: IamPrincipalType, owner: UserRecord | RoleRecord | GroupRecord): Promise<void> => {
    for (const inline of await tx.listInlinePolicies(accountId, type, owner.name)) {
      const parsed = parsePolicyDocument(inline.document, 'identity');
      if (!parsed.ok) continue;
      const id = inlinePolicyId(owner.arn, inline.policyName);
      identity.push({ id, document: parsed.document });
      sources.set(id, { sourceId: inline.policyName, sourceType: type, document: inline.document });
    }
  };

  await addInline(kind, principal);
  await addManaged(await tx.listAttachedPolicies(accountId, kind, principal.name));
  if (kind === 'user') {
    for (const group of await tx.listGroupsForUser(accountId, principal.name)) {
      await addInline('group', group);
      await addManaged(await tx.listAttachedPolicies(accountId, 'group', group.name));
    }
  }

  let permissionsBoundary: Policy | undefined;
  if (principal.permissionsBoundaryArn !== undefined) {
    const found = await findPolicy(tx, accountId, principal.permissionsBoundaryArn);
    const text = found === undefined ? undefined : await defaultDocument(tx, found.record);
    const parsed = text === undefined ? undefined : parsePolicyDocument(text, 'identity');
    if (found !== undefined && text !== undefined && parsed?.ok === true) {
      permissionsBoundary = { id: found.record.arn, document: parsed.document };
      sources.set(found.record.arn, {
        sourceId: found.record.arn,
        sourceType: found.awsManaged ? 'aws-managed' : 'user-managed',
        document: text,
      });
    } else {
      // A boundary that no longer resolves allows nothing, rather than silently lifting the cap.
      permissionsBoundary = { id: principal.permissionsBoundaryArn, document: { version: '2012-10-17', statements: [] } };
    }
  }
  return {
    principal,
    identity,
    ...(permissionsBoundary === undefined ? {} : { permissionsBoundary }),
    tags: principal.tags,
    sources,
  };
}
