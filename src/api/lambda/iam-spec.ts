/**
 * What a Lambda route declares about authorization: given the request, the IAM checks it needs (action,
 * resource ARN, the resource's owner, where its resource policy lives, condition keys) and the account the
 * operation then acts in. LambdaApi evaluates every check before `handle` runs, so a route cannot skip it.
 */
import type { ApiRequest } from '../../http/api-request.js';
import type { Caller } from '../../iam/caller.js';
import type { ContextValue } from '../../iam/policy/conditions/context-value.js';
import type { ResourcePolicyKind } from '../../store/policy-records.js';

/** Where a check's resource-based policy is stored. */
export interface PolicyLocator {
  readonly kind: ResourcePolicyKind;
  readonly accountId: string;
  readonly name: string;
  /** Function: `''` (the function) or a version/alias; layer version: the version number. */
  readonly qualifier: string;
}

export interface IamCheck {
  readonly action: string;
  readonly resource: string;
  readonly resourceAccountId: string;
  readonly policyOf?: PolicyLocator;
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** Documented keys this request cannot supply (AccessRequest.unknownKeys). */
  readonly unknownKeys?: readonly string[];
}

export interface IamPlan {
  /** The account owning what the operation acts on; `handle` resolves names and ARNs in it. */
  readonly accountId: string;
  readonly checks: readonly IamCheck[];
}

export interface IamInput {
  readonly req: ApiRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly caller: Caller;
  readonly region: string;
  /** The JSON body, or undefined when it is not a JSON object (the handler reports that error). */
  body(): Readonly<Record<string, unknown>> | undefined;
}

export type IamSpec = (input: IamInput) => IamPlan;
