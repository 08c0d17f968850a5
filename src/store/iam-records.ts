/**
 * IAM entities as the store keeps them (issue 4). Policy documents are kept as the JSON text the caller
 * sent (AWS returns them URL-encoded but otherwise as submitted). Names are unique per account
 * case-insensitively, as in IAM; the stored name keeps the caller's case.
 */
export interface UserRecord {
  readonly accountId: string;
  readonly name: string;
  /** `/` or `/division/`; part of the ARN. */
  readonly path: string;
  /** `AIDA…`, 21 characters, stable for the user's lifetime (`aws:userid`). */
  readonly userId: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly permissionsBoundaryArn?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface RoleRecord {
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  /** `AROA…`, 21 characters. */
  readonly roleId: string;
  readonly arn: string;
  readonly createdAt: string;
  /** The trust policy JSON. */
  readonly assumeRolePolicy: string;
  readonly description?: string;
  /** Seconds, 3600–43200; default 3600. */
  readonly maxSessionDuration: number;
  readonly permissionsBoundaryArn?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface GroupRecord {
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  /** `AGPA…` */
  readonly groupId: string;
  readonly arn: string;
  readonly createdAt: string;
}

export interface ManagedPolicyRecord {
  /** `aws` for AWS managed policies served from the built-in catalog (never stored). */
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  /** `ANPA…` */
  readonly policyId: string;
  readonly arn: string;
  readonly description?: string;
  /** e.g. `v3`. */
  readonly defaultVersionId: string;
  /** The number of the newest version ever created: version ids are never reused. */
  readonly lastVersionNumber: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface PolicyVersionRecord {
  readonly policyArn: string;
  /** `v1`, `v2`, …; never reused for one policy. */
  readonly versionId: string;
  readonly document: string;
  readonly createdAt: string;
}

export type IamPrincipalType = 'user' | 'role' | 'group';

export interface InlinePolicyRecord {
  readonly accountId: string;
  readonly principalType: IamPrincipalType;
  readonly principalName: string;
  readonly policyName: string;
  readonly document: string;
}
