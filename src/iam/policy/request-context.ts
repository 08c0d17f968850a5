import type { ConditionContext, ContextValue } from './conditions/context-value.js';
import type { EvaluationPrincipal } from './evaluation-types.js';

// Global keys IAM derives from the authenticated principal. They override caller-supplied values so a request
// cannot claim someone else's identity through its context.
export function principalContext(principal: EvaluationPrincipal): Record<string, ContextValue> {
  // An AWS service acting for itself has no account, ARN or type in the request context (AWS sets
  // aws:PrincipalServiceName instead): an empty value would make a `Null` condition on them false.
  if (principal.type === 'Service') return {};
  const keys: Record<string, ContextValue> = {
    'aws:PrincipalArn': principal.roleArn ?? principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': principal.type,
  };
  if (principal.userId !== undefined) keys['aws:userid'] = principal.userId;
  if (principal.username !== undefined) keys['aws:username'] = principal.username;
  const tags = principal.tags ?? {};
  for (const [tag, value] of Object.entries(tags)) keys[`aws:PrincipalTag/${tag}`] = value;
  if (Object.keys(tags).length > 0) keys['aws:PrincipalTagKeys'] = Object.keys(tags);
  return keys;
}

/** Never taken from a caller's context, whether or not the principal has them. */
const ALWAYS_DERIVED = ['aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:userid', 'aws:username', 'aws:PrincipalTagKeys'];

export function buildRequestContext(principal: EvaluationPrincipal, context: ConditionContext): ConditionContext {
  const derived = principalContext(principal);
  const merged: Record<string, ContextValue | undefined> = {};
  const derivedLower = new Set([...Object.keys(derived), ...ALWAYS_DERIVED].map((k) => k.toLowerCase()));
  for (const [key, value] of Object.entries(context)) {
    // Caller-supplied principal tags are dropped too: only the principal's own tags count.
    const lower = key.toLowerCase();
    if (derivedLower.has(lower) || lower.startsWith('aws:principaltag/')) continue;
    merged[key] = value;
  }
  return { ...merged, ...derived };
}
