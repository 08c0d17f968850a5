import type { ConditionContext } from './conditions/context-value.js';
import type { PolicyDocument } from './policy-document.js';

export type PrincipalType = 'Account' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Service' | 'Anonymous';

export interface EvaluationPrincipal {
  readonly arn: string;
  readonly accountId: string;
  readonly type: PrincipalType;
  // For an AssumedRole session: the ARN of the role (arn:aws:iam::<acct>:role/<path/name>).
  readonly roleArn?: string;
  readonly userId?: string;
  readonly username?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface EvaluationRequest {
  readonly principal: EvaluationPrincipal;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccountId: string;
  readonly context: ConditionContext;
  /**
   * Condition keys AWS documents for this action that the platform cannot supply (names, or prefixes
   * ending in `/` such as `aws:RequestTag/`). A condition on one of them is treated as unknown: it makes a
   * Deny apply and an Allow not apply, so a key lambdabox lacks can never turn a Deny into an allow.
   */
  readonly unknownKeys?: readonly string[];
}

export interface Policy {
  // An id or name carried into the decision so callers can say which policy decided.
  readonly id: string;
  readonly document: PolicyDocument;
}

export interface PolicySet {
  readonly identity: readonly Policy[];
  readonly resource?: Policy;
  readonly permissionsBoundary?: Policy;
  readonly sessionPolicies?: readonly Policy[];
}

export type PolicyType = 'identity' | 'resource' | 'boundary' | 'session';

export interface DecidingStatement {
  readonly policy: string;
  readonly policyType: PolicyType;
  readonly sid?: string;
  readonly statementIndex: number;
}

export interface Decision {
  readonly decision: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  readonly deciding?: DecidingStatement;
  // For denials: the kind of policy that denied or failed to allow (drives AWS's message).
  readonly deniedBy?: PolicyType;
  readonly reason: string;
}
