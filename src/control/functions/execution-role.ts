/**
 * CreateFunction / UpdateFunctionConfiguration accept an execution role only if Lambda could assume it
 * (src/iam/sessions/lambda-trust.ts: a role of the function's own account trusting `lambda.amazonaws.com`).
 * The caller's `iam:PassRole` on it is an authorization check of the route.
 */
import type { StoreTx } from '../../store/store.js';
import type { ValidationContext } from '../validation/context.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { lambdaAssumption } from '../../iam/sessions/lambda-trust.js';

export function roleCannotBeAssumed(): InvalidParameterValueError {
  return new InvalidParameterValueError('The role defined for the function cannot be assumed by Lambda.');
}

export async function assertAssumableByLambda(tx: StoreTx, ctx: ValidationContext, roleArn: string, functionArn: string): Promise<void> {
  const result = await lambdaAssumption(tx, { accountId: ctx.accountId, roleArn, functionArn });
  if (!result.ok) throw roleCannotBeAssumed();
}
