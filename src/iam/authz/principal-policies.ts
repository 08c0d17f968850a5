/**
 * Where the authorizer gets a principal's policies from. Implemented over the IAM store
 * (src/services/iam/operations/); the authorizer caches nothing itself, so implementations decide freshness.
 */
import type { Caller } from '../caller.js';
import type { Policy } from '../policy/evaluation-types.js';

export interface PrincipalPolicies {
  /** Attached managed, inline and group policies of the user or role. Empty for root. */
  readonly identity: readonly Policy[];
  readonly permissionsBoundary?: Policy;
  /** Tags of the user or role (`aws:PrincipalTag/…`), session tags override. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface PrincipalPolicySource {
  /**
   * The policies governing `caller`. A user or role that no longer exists yields no identity policies
   * (so everything is implicitly denied), never an error.
   */
  policiesFor(caller: Caller): Promise<PrincipalPolicies>;
}
