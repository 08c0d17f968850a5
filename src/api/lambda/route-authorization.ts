/**
 * Runs a route's IAM plan: loads the resource policies its checks name (from the store's policy cache), then
 * authorizes every check for the caller. The first denial throws AccessDeniedException; every decision,
 * allowed or denied, is recorded by the authorizer.
 */
import type { ApiRequest } from '../../http/api-request.js';
import type { Caller } from '../../iam/caller.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { RequestFacts } from '../../iam/authz/access-request.js';
import type { Store } from '../../store/store.js';
import type { IamPlan, PolicyLocator } from './iam-spec.js';

export function requestFacts(req: ApiRequest, region: string): RequestFacts {
  return {
    sourceIp: req.sourceIp,
    // The front door speaks plain HTTP; TLS, when used, terminates in front of it.
    secureTransport: false,
    now: req.receivedAt,
    region,
    requestId: req.requestId,
  };
}

export async function authorizePlan(
  authorizer: Authorize,
  store: Store,
  caller: Caller,
  plan: IamPlan,
  facts: RequestFacts,
): Promise<void> {
  const located: PolicyLocator[] = [];
  for (const check of plan.checks) if (check.policyOf !== undefined) located.push(check.policyOf);
  // Served from memory unless a policy changed since it was read (no transaction per request).
  const policies = located.length === 0 ? [] : await store.readResourcePolicies(located);
  let next = 0;
  for (const check of plan.checks) {
    const policy = check.policyOf === undefined ? undefined : policies[next++];
    await authorizer.authorize(
      caller,
      {
        action: check.action,
        resource: check.resource,
        resourceAccountId: check.resourceAccountId,
        ...(policy === undefined ? {} : { resourcePolicy: policy }),
        ...(check.context === undefined ? {} : { context: check.context }),
        ...(check.unknownKeys === undefined ? {} : { unknownKeys: check.unknownKeys }),
      },
      facts,
    );
  }
}
