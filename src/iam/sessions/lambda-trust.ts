/**
 * Whether Lambda may assume a function's execution role: a role of the function's own account whose trust
 * policy allows the `lambda.amazonaws.com` service principal to `sts:AssumeRole`, for that function. One
 * check for every place Lambda acts as the role: CreateFunction / UpdateFunctionConfiguration, each new
 * environment's credentials, each destination or dead-letter send. Trust policies change at any time
 * (UpdateAssumeRolePolicy, DeleteRole), so the check runs each time, never once at creation only.
 */
import type { StoreTx } from '../../store/store.js';
import type { RoleRecord } from '../../store/iam-records.js';
import type { ContextValue } from '../policy/conditions/context-value.js';
import { trustPolicyAllows } from './trust-policy.js';
import { parseRoleArn as parseArnOfRole } from '../../shared/arn/role-arn.js';
import { DEFAULT_PARTITION } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';

export const LAMBDA_SERVICE_PRINCIPAL = 'lambda.amazonaws.com';

/** IAM's role-name characters, 1-64. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** A path of printable ASCII (`/` included); IAM's own path rule is stricter, but this is what Lambda has taken. */
const ROLE_PATH = /^\/[\u0021-\u007E]*$/;

/** A role Lambda may assume: in the `aws` partition (the one lambdabox serves), with IAM's name characters. */
export function parseRoleArn(roleArn: string): { accountId: string; roleName: string } | undefined {
  const parts = valueOf(parseArnOfRole(roleArn));
  if (parts === undefined || parts.partition !== DEFAULT_PARTITION || !ROLE_PATH.test(parts.path) || !ROLE_NAME.test(parts.name)) {
    return undefined;
  }
  return { accountId: parts.accountId, roleName: parts.name };
}

export interface LambdaAssumption {
  /** The function's account: a role of another account is never assumed, whatever is stored. */
  readonly accountId: string;
  readonly roleArn: string;
  /** Unqualified function ARN (`aws:SourceArn` of the assumption). */
  readonly functionArn: string;
  /** When the assumption happens (`aws:CurrentTime` / `aws:EpochTime` for the trust policy's conditions). */
  readonly now?: Date;
}

/** Why Lambda cannot assume a role: said in the server log, never to the caller (AWS gives one message). */
export type AssumptionRefusal = 'not a role of the function account' | 'the role does not exist' | 'the trust policy does not allow lambda.amazonaws.com';

export type AssumptionResult = { readonly ok: true; readonly role: RoleRecord } | { readonly ok: false; readonly reason: AssumptionRefusal };

export async function lambdaAssumption(tx: StoreTx, a: LambdaAssumption): Promise<AssumptionResult> {
  const parsed = parseRoleArn(a.roleArn);
  if (parsed === undefined || parsed.accountId !== a.accountId) return { ok: false, reason: 'not a role of the function account' };
  const role = await tx.getRole(parsed.accountId, parsed.roleName);
  if (role === undefined || role.arn !== a.roleArn) return { ok: false, reason: 'the role does not exist' };
  const context: Record<string, ContextValue> = { 'aws:SourceAccount': a.accountId, 'aws:SourceArn': a.functionArn };
  if (a.now !== undefined) {
    context['aws:CurrentTime'] = a.now.toISOString();
    context['aws:EpochTime'] = Math.floor(a.now.getTime() / 1000);
  }
  const allowed = trustPolicyAllows(
    role.assumeRolePolicy,
    { type: 'Service', arn: LAMBDA_SERVICE_PRINCIPAL, accountId: '' },
    'sts:AssumeRole',
    role.arn,
    context,
  );
  return allowed ? { ok: true, role } : { ok: false, reason: 'the trust policy does not allow lambda.amazonaws.com' };
}
