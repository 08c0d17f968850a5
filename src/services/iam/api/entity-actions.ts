/** Building blocks for actions on one named user, role or group. */
import type { IamAction, IamCall } from './iam-action.js';
import type { IamPrincipalType } from '../../../store/iam-records.js';
import { entityArn } from './iam-resources.js';

/** The resource of an action on the entity named by the `member` parameter. */
export function byName(type: IamPrincipalType, member: string): IamAction['resource'] {
  return ({ params, deps, accountId }) => entityArn(deps, accountId, type, params.required(member));
}

/** An action on the entity named by `member` whose result is empty. */
export function nameAction(
  iamAction: string,
  type: IamPrincipalType,
  member: string,
  op: (call: IamCall, name: string) => Promise<unknown>,
): IamAction {
  return {
    iamAction,
    resource: byName(type, member),
    async run(call) {
      await op(call, call.params.required(member));
      return undefined;
    },
  };
}
