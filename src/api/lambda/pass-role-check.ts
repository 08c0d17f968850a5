/**
 * `iam:PassRole` on the execution role named in a CreateFunction / UpdateFunctionConfiguration body: the
 * caller must be allowed to hand that role to Lambda (`iam:PassedToService` = `lambda.amazonaws.com`).
 */
import type { IamCheck, IamInput } from './iam-spec.js';

/**
 * PassRole is decided by the caller's own policies only (roles have no resource policy for it), so it is
 * evaluated in the caller's account; a role of another account is then refused by the operation itself
 * ("cannot be assumed by Lambda").
 */
export function passRoleChecks(input: IamInput, accountId: string): IamCheck[] {
  const role = input.body()?.['Role'];
  if (typeof role !== 'string' || role === '') return [];
  return [
    {
      action: 'iam:PassRole',
      resource: role,
      resourceAccountId: accountId,
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    },
  ];
}
