/**
 * The actions that exist once per principal type: Attach/Detach/ListAttached{User,Role,Group}Policies and
 * Put/Get/Delete/List{User,Role,Group}Policy, generated from one definition each.
 */
import type { IamAction, IamActionTable } from './iam-action.js';
import { entityArn } from './iam-resources.js';
import { pageMembers, paginate } from './iam-pagination.js';
import { encodeDocument } from './iam-render.js';
import type { IamPrincipalType } from '../../../store/iam-records.js';
import { attachPolicy, detachPolicy, listAttachedPolicies } from '../operations/attachments.js';
import { deleteInlinePolicy, getInlinePolicy, listInlinePolicies, putInlinePolicy } from '../operations/inline-policies.js';

const KINDS: ReadonlyArray<{ type: IamPrincipalType; label: 'User' | 'Role' | 'Group' }> = [
  { type: 'user', label: 'User' },
  { type: 'role', label: 'Role' },
  { type: 'group', label: 'Group' },
];

function actionsFor(type: IamPrincipalType, label: 'User' | 'Role' | 'Group'): Record<string, IamAction> {
  const nameParam = `${label}Name`;
  const resource: IamAction['resource'] = ({ params, deps, accountId }) => entityArn(deps, accountId, type, params.required(nameParam));
  return {
    [`Attach${label}Policy`]: {
      iamAction: `iam:Attach${label}Policy`,
      resource,
      async run({ params, deps, accountId }) {
        await attachPolicy(deps, accountId, type, params.required(nameParam), params.required('PolicyArn'));
        return undefined;
      },
    },
    [`Detach${label}Policy`]: {
      iamAction: `iam:Detach${label}Policy`,
      resource,
      async run({ params, deps, accountId }) {
        await detachPolicy(deps, accountId, type, params.required(nameParam), params.required('PolicyArn'));
        return undefined;
      },
    },
    [`ListAttached${label}Policies`]: {
      iamAction: `iam:ListAttached${label}Policies`,
      resource,
      async run({ params, deps, accountId }) {
        const policies = await listAttachedPolicies(deps, accountId, type, params.required(nameParam), params.get('PathPrefix'));
        const page = paginate(policies, params);
        return { AttachedPolicies: page.items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })), ...pageMembers(page) };
      },
    },
    [`Put${label}Policy`]: {
      iamAction: `iam:Put${label}Policy`,
      resource,
      async run({ params, deps, accountId }) {
        await putInlinePolicy(deps, accountId, type, params.required(nameParam), params.required('PolicyName'), params.required('PolicyDocument'));
        return undefined;
      },
    },
    [`Get${label}Policy`]: {
      iamAction: `iam:Get${label}Policy`,
      resource,
      async run({ params, deps, accountId }) {
        const policy = await getInlinePolicy(deps, accountId, type, params.required(nameParam), params.required('PolicyName'));
        return { [nameParam]: policy.principalName, PolicyName: policy.policyName, PolicyDocument: encodeDocument(policy.document) };
      },
    },
    [`Delete${label}Policy`]: {
      iamAction: `iam:Delete${label}Policy`,
      resource,
      async run({ params, deps, accountId }) {
        await deleteInlinePolicy(deps, accountId, type, params.required(nameParam), params.required('PolicyName'));
        return undefined;
      },
    },
    [`List${label}Policies`]: {
      iamAction: `iam:List${label}Policies`,
      resource,
      async run({ params, deps, accountId }) {
        const page = paginate(await listInlinePolicies(deps, accountId, type, params.required(nameParam)), params);
        return { PolicyNames: page.items.map((p) => p.policyName), ...pageMembers(page) };
      },
    },
  };
}

export const PRINCIPAL_POLICY_ACTIONS: IamActionTable = Object.assign({}, ...KINDS.map((k) => actionsFor(k.type, k.label))) as IamActionTable;
