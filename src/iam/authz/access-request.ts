/**
 * What every service hands to the authorizer before an operation runs: the IAM action, the resource ARN it
 * acts on, the account owning that resource, the resource's own policy (if the resource type has one) and
 * the service-specific condition keys.
 */
import type { ContextValue } from '../policy/conditions/context-value.js';

export interface AccessRequest {
  /** e.g. `lambda:GetFunction`, `iam:CreateUser`, `sqs:SendMessage`. */
  readonly action: string;
  /** The ARN evaluated against `Resource`; `*` for actions without a resource (e.g. `lambda:ListFunctions`). */
  readonly resource: string;
  /** The account that owns the resource (decides same- vs cross-account evaluation). */
  readonly resourceAccountId: string;
  /** JSON text of the resource-based policy, when the resource has one. */
  readonly resourcePolicy?: string;
  /** Service-specific keys, e.g. `lambda:FunctionArn`, `iam:PassedToService`. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /**
   * Keys documented for the action that this request cannot supply (EvaluationRequest.unknownKeys); the
   * authorizer adds the ones no request of the action can supply (unsupplied-keys.ts).
   */
  readonly unknownKeys?: readonly string[];
}

/** Facts about the HTTP request that feed the global condition keys. */
export interface RequestFacts {
  readonly sourceIp: string;
  readonly secureTransport: boolean;
  readonly now: Date;
  readonly region: string;
  /** The front door request id, carried into the decision record. */
  readonly requestId: string;
}
