/** The authenticated identity behind a request. */
export interface Caller {
  readonly accountId: string;
  /**
   * `arn:aws:iam::<account>:root` for an account's root key, `arn:aws:iam::<account>:user/<path><name>` for
   * a user, `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` for a role session.
   */
  readonly arn: string;
  readonly accessKeyId: string;
  readonly kind: 'root' | 'user' | 'assumed-role';
  /**
   * `aws:userid` as AWS defines it: the account id for root, the user's unique id (`AIDA…`) for a user,
   * `<role unique id (AROA…)>:<session name>` for a role session.
   */
  readonly userId?: string;
  /** `aws:username`: the user's friendly name (users only). */
  readonly userName?: string;
  /** For temporary credentials (ASIA… keys). */
  readonly session?: CallerSession;
}

export interface CallerSession {
  /** `arn:aws:iam::<account>:role/<path><name>` for AssumeRole sessions; absent for GetSessionToken. */
  readonly roleArn?: string;
  /** The user ARN whose GetSessionToken produced these credentials. */
  readonly sourceIdentityArn?: string;
  readonly sessionName?: string;
  readonly expiresAt: Date;
  /** When STS issued the session: `aws:TokenIssueTime`, so policies can revoke sessions issued before a time. */
  readonly issuedAt: Date;
  /** Session policy JSON documents (inline `Policy` and resolved `PolicyArns`), intersected with the role's. */
  readonly sessionPolicies?: readonly string[];
  /** Session tags (`aws:PrincipalTag/…` on top of the role's tags). */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Set for credentials lambdabox issues to a function's execution environment: the function ARN. It is
   * supplied as `lambda:SourceFunctionArn` in the request context (AWS's key for the same binding).
   */
  readonly sourceFunctionArn?: string;
}
