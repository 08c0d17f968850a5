import type { Decision, PolicyType } from './evaluation-types.js';

const ARTICLE_LABEL: Record<PolicyType, string> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
};

const NO_ALLOW_LABEL: Record<PolicyType, string> = {
  identity: 'no identity-based policy',
  resource: 'no resource-based policy',
  boundary: 'no permissions boundary',
  session: 'no session policy',
};

// The message of AWS's AccessDeniedException for a denied decision.
// Since 2026 AWS appends the denying policy's ARN to explicit denies by same-account identity-side policies
// (security blog "Enhanced access denied error messages with policy ARNs"); pass it as `policyArn` to get that form.
export function denialMessage(
  principalArn: string,
  action: string,
  resource: string,
  decision: Decision,
  options: { readonly policyArn?: string } = {},
): string {
  const head = `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`;
  const type = decision.deniedBy ?? 'identity';
  if (decision.decision === 'ExplicitlyDenied') {
    const message = `${head} with an explicit deny in ${ARTICLE_LABEL[type]}`;
    return options.policyArn === undefined || type === 'resource' ? message : `${message}: ${options.policyArn}`;
  }
  return `${head} because ${NO_ALLOW_LABEL[type]} allows the ${action} action`;
}
