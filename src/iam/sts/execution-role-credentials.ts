/**
 * Credentials an execution environment receives for its function's execution role, as Lambda sets
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN: a role session named after the function,
 * bound to the function's ARN (`lambda:SourceFunctionArn` in every request made with them).
 *
 * They outlive the environment that holds them: an environment is retired after `maxLifetimeMs`, and
 * the last invocation it accepted runs at most the longest timeout, so a fresh environment (with fresh
 * credentials) always takes over before they expire.
 */
import type { KeyService } from '../../crypto/key-service.js';
import type { Store } from '../../store/store.js';
import type { RoleRecord } from '../../store/iam-records.js';
import { issueTemporaryCredentials } from './temporary-credentials.js';
import type { TemporaryCredentials } from './temporary-credentials.js';

/** Lambda's longest function timeout. */
const MAX_TIMEOUT_MS = 900_000;
/** Room for the reaper's interval and a slow environment start. */
const MARGIN_MS = 120_000;

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007E]*\/)?([\w+=,.@-]{1,64})$/;

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

/** An environment's credentials must outlive it and the longest invocation it may still be running. */
export function credentialValidityMs(environmentLifetimeMs: number): number {
  return environmentLifetimeMs + MAX_TIMEOUT_MS + MARGIN_MS;
}

export function parseRoleArn(roleArn: string): { accountId: string; roleName: string } | undefined {
  const m = ROLE_ARN.exec(roleArn);
  return m === null ? undefined : { accountId: m[1] as string, roleName: m[2] as string };
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
   * Credentials of `fn`'s role, or undefined when the role no longer exists in the function's account (the
   * environment then runs without credentials, as any call it made would be refused anyway).
   */
  async issue(fn: FunctionIdentity): Promise<TemporaryCredentials | undefined> {
    const parsed = parseRoleArn(fn.roleArn);
    // A role of another account is never handed out, whatever the stored configuration says.
    if (parsed === undefined || parsed.accountId !== fn.accountId) return undefined;
    const role = await this.#o.store.transact((tx) => tx.getRole(parsed.accountId, parsed.roleName));
    if (role === undefined || role.arn !== fn.roleArn) return undefined;
    const now = this.#o.now().getTime();
    return issueRoleSession(this.#o.keys, role, {
      sessionName: fn.functionName,
      issuedAt: now,
      expiresAt: now + this.validityMs,
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
