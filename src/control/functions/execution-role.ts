/**
 * CreateFunction / UpdateFunctionConfiguration accept an execution role only if Lambda could assume it: a
 * role of the function's own account whose trust policy allows the `lambda.amazonaws.com` service principal
 * to `sts:AssumeRole`. (The caller's `iam:PassRole` on it is an authorization check of the route.)
 */
import type { StoreTx } from '../../store/store.js';
import type { ValidationContext } from '../validation/context.js';
import { InvalidParameterValueError } from '../errors.js';
import { parseRoleArn } from '../../iam/sts/execution-role-credentials.js';
import { trustPolicyAllows } from '../../iam/sts/trust-policy.js';

export const LAMBDA_SERVICE_PRINCIPAL = 'lambda.amazonaws.com';

export function roleCannotBeAssumed(): InvalidParameterValueError {
  return new InvalidParameterValueError('The role defined for the function cannot be assumed by Lambda.');
}

export async function assertAssumableByLambda(tx: StoreTx, ctx: ValidationContext, roleArn: string, functionArn: string): Promise<void> {
  const parsed = parseRoleArn(roleArn);
  if (parsed === undefined || parsed.accountId !== ctx.accountId) throw roleCannotBeAssumed();
  const role = await tx.getRole(parsed.accountId, parsed.roleName);
  if (role === undefined || role.arn !== roleArn) throw roleCannotBeAssumed();
  const allowed = trustPolicyAllows(
    role.assumeRolePolicy,
    { type: 'Service', arn: LAMBDA_SERVICE_PRINCIPAL, accountId: '' },
    'sts:AssumeRole',
    role.arn,
    { 'aws:SourceAccount': ctx.accountId, 'aws:SourceArn': functionArn },
  );
  if (!allowed) throw roleCannotBeAssumed();
}
