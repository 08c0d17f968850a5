/**
 * Credentials an execution environment receives for its function's execution role, as Lambda sets
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN: a role session named after the function,
 * bound to the function's ARN (`lambda:SourceFunctionArn` in every request made with them).
 *
 * Lambda assumes the role each time: the role must still exist and its trust policy must still allow
 * `lambda.amazonaws.com` when the credentials are issued (lambda-trust.ts), whatever it allowed when the
 * function was created. Credentials are issued once per environment (there is no refresh inside one).
 *
 * They outlive the environment that holds them: an environment is retired after `maxLifetimeMs`, and
 * the last invocation it accepted runs at most the longest timeout, so a fresh environment (with fresh
 * credentials, and a fresh trust check) always takes over before they expire.
 */
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { Store } from '../../store/store.js';
import type { RoleRecord } from '../../store/iam-records.js';
import { lambdaAssumption } from './lambda-trust.js';
import type { AssumptionRefusal } from './lambda-trust.js';
import { issueTemporaryCredentials } from './temporary-credentials.js';
import type { TemporaryCredentials } from './temporary-credentials.js';

export { parseRoleArn } from './lambda-trust.js';

/** Lambda's longest function timeout. */
const MAX_TIMEOUT_MS = 900_000;
/** Room for the reaper's interval and a slow environment start. */
const MARGIN_MS = 120_000;

export interface ExecutionRoleCredentialsOptions {
  readonly store: Store;
  readonly keys: KeyService;
  readonly now: () => Date;
  /** How long an environment lives at most (the sandbox manager's maxLifetimeMs). */
  readonly environmentLifetimeMs: number;
}

export interface FunctionIdentity {
  readonly accountId: string;
  readonly functionName: string;
  /** Unqualified function ARN. */
  readonly functionArn: string;
  readonly roleArn: string;
}

/** Lambda could not assume the function's role; the invoke fails (src/invoke/invoke-service.ts says how). */
export class ExecutionRoleNotAssumableError extends Error {
  readonly roleArn: string;
  readonly reason: AssumptionRefusal;

  constructor(roleArn: string, reason: AssumptionRefusal) {
    super(`Lambda cannot assume the execution role ${roleArn}: ${reason}`);
    this.name = 'ExecutionRoleNotAssumableError';
    this.roleArn = roleArn;
    this.reason = reason;
  }
}

/** An environment's credentials must outlive it and the longest invocation it may still be running. */
export function credentialValidityMs(environmentLifetimeMs: number): number {
  return environmentLifetimeMs + MAX_TIMEOUT_MS + MARGIN_MS;
}

export class ExecutionRoleCredentials {
  readonly #o: ExecutionRoleCredentialsOptions;

  constructor(options: ExecutionRoleCredentialsOptions) {
    this.#o = options;
  }

  /** How long issued credentials stay valid. */
  get validityMs(): number {
    return credentialValidityMs(this.#o.environmentLifetimeMs);
  }

  /**
   * Credentials of `fn`'s role. Throws ExecutionRoleNotAssumableError when Lambda may not assume it now: a
   * role of another account, a deleted role, or a trust policy that no longer allows Lambda.
   */
  async issue(fn: FunctionIdentity): Promise<TemporaryCredentials> {
    const now = this.#o.now();
    const result = await this.#o.store.transact((tx) =>
      lambdaAssumption(tx, { accountId: fn.accountId, roleArn: fn.roleArn, functionArn: fn.functionArn, now }),
    );
    if (!result.ok) throw new ExecutionRoleNotAssumableError(fn.roleArn, result.reason);
    return issueRoleSession(this.#o.keys, result.role, {
      sessionName: fn.functionName,
      issuedAt: now.getTime(),
      expiresAt: now.getTime() + this.validityMs,
      sourceFunctionArn: fn.functionArn,
    });
  }
}

export interface RoleSessionOptions {
  readonly sessionName: string;
  /** Epoch milliseconds (`aws:TokenIssueTime`). */
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly policies?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly sourceIdentity?: string;
  readonly sourceFunctionArn?: string;
}

export function issueRoleSession(keys: KeyService, role: RoleRecord, options: RoleSessionOptions): TemporaryCredentials {
  return issueTemporaryCredentials(keys, {
    accountId: role.accountId,
    issuedAt: options.issuedAt,
    expiresAt: options.expiresAt,
    role: { arn: role.arn, id: role.roleId, sessionName: options.sessionName },
    ...(options.policies === undefined || options.policies.length === 0 ? {} : { policies: options.policies }),
    ...(options.tags === undefined || Object.keys(options.tags).length === 0 ? {} : { tags: options.tags }),
    ...(options.sourceIdentity === undefined ? {} : { sourceIdentity: options.sourceIdentity }),
    ...(options.sourceFunctionArn === undefined ? {} : { sourceFunctionArn: options.sourceFunctionArn }),
  });
}
