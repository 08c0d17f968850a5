/**
 * Whether a role's trust policy lets a principal assume it. Unlike other resource policies, a trust policy
 * must allow explicitly: an Allow in the caller's identity policies never stands in for it, and a statement
 * naming only the caller's account delegates to that account's identity policies (checked separately by
 * the authorizer) but still counts as the trust policy allowing.
 */
import { evaluate } from '../policy/evaluate.js';
import type { ConditionContext } from '../policy/conditions/context-value.js';
import type { EvaluationPrincipal, Policy } from '../policy/evaluation-types.js';
import { parsePolicyDocument } from '../policy/policy-document.js';
import { InvariantError } from '../../shared/errors/lambdabox-error.js';

const ALLOW_ALL: Policy = (() => {
  const parsed = parsePolicyDocument('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity');
  if (!parsed.ok) throw new InvariantError(parsed.message);
  return { id: 'trust-check', document: parsed.document };
})();

/** An account id no principal has: evaluation then needs the resource (trust) side to allow on its own. */
const NO_ACCOUNT = 'trust-policy';

export function trustPolicyAllows(
  trustPolicy: string,
  principal: EvaluationPrincipal,
  action: string,
  roleArn: string,
  context: ConditionContext,
): boolean {
  const parsed = parsePolicyDocument(trustPolicy, 'resource');
  if (!parsed.ok) return false;
  // Evaluated as if cross-account with an identity side that allows everything: the result is then decided by
  // the trust policy alone (an explicit Deny, or whether some Allow statement matches principal and conditions).
  const decision = evaluate(
    { principal, action, resource: roleArn, resourceAccountId: NO_ACCOUNT, context },
    { identity: [ALLOW_ALL], resource: { id: `trust:${roleArn}`, document: parsed.document } },
  );
  return decision.decision === 'Allowed';
}
