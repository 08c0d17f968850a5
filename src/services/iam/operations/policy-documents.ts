/**
 * Policy document checks at write time: IAM's grammar (parsePolicyDocument) and its size quotas, which
 * count characters without white space (IAM "doesn't count white space when calculating the size").
 */
import { parsePolicyDocument } from '../../../iam/policy/policy-document.js';
import type { PolicyDocument } from '../../../iam/policy/policy-document.js';
import { policySize } from '../../../iam/policy/policy-size.js';
import { iamConstraint, LimitExceededError } from './iam-errors.js';
import { MalformedPolicyDocumentError } from '../../../shared/errors/query-errors.js';

export const MANAGED_POLICY_MAX_CHARS = 6144;
export const INLINE_POLICY_MAX_CHARS = { user: 2048, role: 10240, group: 5120 } as const;
/** Trust policies: the default quota (AWS allows raising it to 4096). */
export const TRUST_POLICY_MAX_CHARS = 2048;


function checkLength(text: string, member: string): void {
  if (text.length < 1) throw iamConstraint(text, member, 'Member must have length greater than or equal to 1');
  if (text.length > 131072) throw iamConstraint('…', member, 'Member must have length less than or equal to 131072');
}

/** An identity-based policy (managed, inline, boundary); returns the parsed document. */
export function checkIdentityPolicy(text: string, member = 'policyDocument'): PolicyDocument {
  checkLength(text, member);
  const parsed = parsePolicyDocument(text, 'identity');
  if (!parsed.ok) throw new MalformedPolicyDocumentError(parsed.message);
  return parsed.document;
}

/** A role trust policy: a resource-based policy, so each statement needs a Principal. */
export function checkTrustPolicy(text: string): PolicyDocument {
  checkLength(text, 'assumeRolePolicyDocument');
  const parsed = parsePolicyDocument(text, 'resource');
  if (!parsed.ok) throw new MalformedPolicyDocumentError(parsed.message);
  for (const statement of parsed.document.statements) {
    const actions = statement.action ?? statement.notAction ?? [];
    if (statement.action !== undefined && !actions.every((a) => /^(sts:|\*$)/i.test(a))) {
      throw new MalformedPolicyDocumentError('AssumeRole policy may only specify STS AssumeRole actions.');
    }
    if (statement.resource !== undefined || statement.notResource !== undefined) {
      throw new MalformedPolicyDocumentError('Has prohibited field Resource');
    }
  }
  if (policySize(text) > TRUST_POLICY_MAX_CHARS) {
    throw new LimitExceededError(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_MAX_CHARS}`);
  }
  return parsed.document;
}

export function checkManagedPolicySize(text: string): void {
  if (policySize(text) > MANAGED_POLICY_MAX_CHARS) {
    throw new LimitExceededError(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_MAX_CHARS}`);
  }
}
