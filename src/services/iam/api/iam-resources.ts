/** Resource ARNs of IAM entities for authorization: the real path when the entity exists, `/` otherwise. */
import type { IamDeps } from '../operations/iam-deps.js';
import type { IamPrincipalType } from '../../../store/iam-records.js';
import { iamArn } from '../../../iam/ids.js';

export async function entityArn(deps: IamDeps, accountId: string, type: IamPrincipalType, name: string): Promise<string> {
  const arn = await deps.store.transact(async (tx): Promise<string | undefined> => {
    if (type === 'user') return (await tx.getUser(accountId, name))?.arn;
    if (type === 'role') return (await tx.getRole(accountId, name))?.arn;
    return (await tx.getGroup(accountId, name))?.arn;
  });
  return arn ?? iamArn(accountId, type, '/', name);
}

/** The ARN pattern a List action covers, e.g. `arn:aws:iam::<acct>:user/*` (or `user/<PathPrefix>*`). */
export function listArn(accountId: string, type: 'user' | 'role' | 'group' | 'policy', pathPrefix: string | undefined): string {
  return `arn:aws:iam::${accountId}:${type}${pathPrefix ?? '/'}*`;
}
