import type { ConditionContext } from './conditions/context-value.js';
import type {
  DecidingStatement,
  Decision,
  EvaluationRequest,
  Policy,
  PolicySet,
  PolicyType,
} from './evaluation-types.js';
import type { PrincipalMatch } from './principal-match.js';
import { excludedByNotPrincipal, matchPrincipal } from './principal-match.js';
import { buildRequestContext } from './request-context.js';
import { statementApplies } from './statement-match.js';

interface Hit {
  readonly deciding: DecidingStatement;
  readonly principalMatch: PrincipalMatch;
}

interface Scan {
  readonly deny?: Hit;
  readonly allow?: Hit;
}

const MATCH_RANK: Record<Exclude<PrincipalMatch, undefined>, number> = { exact: 4, anyone: 3, role: 2, account: 1 };

function scanPolicy(policy: Policy, type: PolicyType, request: EvaluationRequest, context: ConditionContext): Scan {
  let deny: Hit | undefined;
  let allow: Hit | undefined;
  policy.document.statements.forEach((statement, statementIndex) => {
    let principalMatch: PrincipalMatch;
    if (type === 'resource') {
      if (statement.principal !== undefined) principalMatch = matchPrincipal(statement.principal, request.principal);
      else if (statement.notPrincipal !== undefined) {
        principalMatch = excludedByNotPrincipal(statement.notPrincipal, request.principal) ? undefined : 'anyone';
      }
      if (principalMatch === undefined) return;
    }
    if (!statementApplies(policy.document, statement, request, context)) return;
    const deciding: DecidingStatement = {
      policy: policy.id,
      policyType: type,
      statementIndex,
      ...(statement.sid === undefined ? {} : { sid: statement.sid }),
    };
    if (statement.effect === 'Deny') {
      deny ??= { deciding, principalMatch };
    } else if (
      allow === undefined ||
      (principalMatch !== undefined &&
        (allow.principalMatch === undefined || MATCH_RANK[principalMatch] > MATCH_RANK[allow.principalMatch]))
    ) {
      allow = { deciding, principalMatch };
    }
  });
  return { ...(deny === undefined ? {} : { deny }), ...(allow === undefined ? {} : { allow }) };
}

function scanAll(policies: readonly Policy[], type: PolicyType, request: EvaluationRequest, ctx: ConditionContext): Scan {
  let deny: Hit | undefined;
  let allow: Hit | undefined;
  for (const policy of policies) {
    const scan = scanPolicy(policy, type, request, ctx);
    deny ??= scan.deny;
    allow ??= scan.allow;
  }
  return { ...(deny === undefined ? {} : { deny }), ...(allow === undefined ? {} : { allow }) };
}

const LABEL: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
};

function allowed(hit: Hit, reason: string): Decision {
  return { decision: 'Allowed', deciding: hit.deciding, reason };
}

function implicit(deniedBy: PolicyType, reason: string): Decision {
  return { decision: 'ImplicitlyDenied', deniedBy, reason };
}

// AWS's evaluation logic: explicit deny anywhere wins; within one account a resource policy naming the caller
// suffices; otherwise identity ∩ boundary ∩ session must all allow; across accounts both sides must allow.
export function evaluate(request: EvaluationRequest, policies: PolicySet): Decision {
  const context = buildRequestContext(request.principal, request.context);
  const identity = scanAll(policies.identity, 'identity', request, context);
  const resource = policies.resource === undefined ? {} : scanPolicy(policies.resource, 'resource', request, context);
  const boundary =
    policies.permissionsBoundary === undefined
      ? undefined
      : scanPolicy(policies.permissionsBoundary, 'boundary', request, context);
  const sessionPolicies = policies.sessionPolicies ?? [];
  const session = sessionPolicies.length === 0 ? undefined : scanAll(sessionPolicies, 'session', request, context);

  for (const scan of [identity, resource, boundary, session]) {
    const deny = scan?.deny;
    if (deny !== undefined) {
      const type = deny.deciding.policyType;
      return {
        decision: 'ExplicitlyDenied',
        deciding: deny.deciding,
        deniedBy: type,
        reason: `explicit deny in the ${LABEL[type]}`,
      };
    }
  }

  const sameAccount = request.principal.accountId === request.resourceAccountId;
  const resourceAllow = resource.allow;
  // The account root is not governed by identity policies: only explicit denies (checked above) stop it, and
  // across accounts the resource side must still allow.
  if (request.principal.type === 'Account') {
    if (sameAccount) return { decision: 'Allowed', reason: 'the account root user is allowed unless explicitly denied' };
    if (resourceAllow === undefined) {
      return implicit('resource', 'cross-account access needs a resource-based policy allowing the principal');
    }
    return allowed(resourceAllow, 'resource-based policy allows the other account');
  }
  // An AWS service acting for itself has no identity policies: a resource-based policy naming it alone allows it.
  if (request.principal.type === 'Service') {
    if (resourceAllow === undefined) return implicit('resource', 'no resource-based policy allows the service principal');
    return allowed(resourceAllow, 'resource-based policy allows the service principal');
  }
  const boundaryOk = boundary === undefined || boundary.allow !== undefined;
  const sessionOk = session === undefined || session.allow !== undefined;

  if (sameAccount && resourceAllow !== undefined) {
    const match = resourceAllow.principalMatch;
    if (match === 'exact' || match === 'anyone') {
      return allowed(resourceAllow, 'resource-based policy allows the principal directly');
    }
    if (match === 'role') {
      if (!boundaryOk) return implicit('boundary', 'resource-based policy names the role; the permissions boundary does not allow');
      if (!sessionOk) return implicit('session', 'resource-based policy names the role; no session policy allows');
      return allowed(resourceAllow, 'resource-based policy allows the role of the session');
    }
  }

  if (identity.allow === undefined) {
    return implicit('identity', 'no identity-based policy allows the action');
  }
  if (!boundaryOk) return implicit('boundary', 'no permissions boundary allows the action');
  if (!sessionOk) return implicit('session', 'no session policy allows the action');
  if (!sameAccount && resourceAllow === undefined) {
    return implicit('resource', 'cross-account access needs a resource-based policy allowing the principal');
  }
  return allowed(identity.allow, sameAccount ? 'identity-based policy allows' : 'identity and resource-based policies allow');
}
