/**
 * The IAM-specific condition keys of a request (Service Authorization Reference, IAM): the tags it sets or
 * removes (`aws:RequestTag/*`, `aws:TagKeys`), `iam:PermissionsBoundary` (the boundary a request sets, or the
 * one the user or role has when the action changes it or its policies) and `iam:PolicyARN` (the policy being
 * attached or detached). The entity's own tags (`aws:ResourceTag/*`, `iam:ResourceTag/*`) come from the authorizer.
 */
import type { ContextValue } from '../../../iam/policy/conditions/context-value.js';
import { requestTagContext, tagKeysContext } from '../../../iam/authz/tag-context.js';
import type { IamCall } from './iam-action.js';
import { readTags } from './iam-params.js';

const SETS_TAGS = new Set(['iam:CreateUser', 'iam:CreateRole', 'iam:CreatePolicy', 'iam:TagUser', 'iam:TagRole']);
const REMOVES_TAGS = new Set(['iam:UntagUser', 'iam:UntagRole']);
const SETS_BOUNDARY = new Set(['iam:CreateUser', 'iam:CreateRole', 'iam:PutUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary']);
const NAMES_POLICY = /^iam:(Attach|Detach)(User|Role|Group)Policy$/;

/** Actions whose `iam:PermissionsBoundary` is the boundary the named user or role has now. */
const HAS_BOUNDARY: Readonly<Record<string, 'user' | 'role'>> = {
  'iam:DeleteUserPermissionsBoundary': 'user',
  'iam:AttachUserPolicy': 'user',
  'iam:DetachUserPolicy': 'user',
  'iam:PutUserPolicy': 'user',
  'iam:DeleteUserPolicy': 'user',
  'iam:DeleteRole': 'role',
  'iam:DeleteRolePermissionsBoundary': 'role',
  'iam:GetRole': 'role',
  'iam:UpdateAssumeRolePolicy': 'role',
  'iam:UpdateRole': 'role',
  'iam:AttachRolePolicy': 'role',
  'iam:DetachRolePolicy': 'role',
  'iam:PutRolePolicy': 'role',
  'iam:DeleteRolePolicy': 'role',
};

export async function iamRequestContext(iamAction: string, call: IamCall): Promise<Record<string, ContextValue>> {
  const { params } = call;
  const context: Record<string, ContextValue> = {};
  if (SETS_TAGS.has(iamAction)) {
    const tags: Record<string, string> = {};
    for (const tag of readTags(params)) tags[tag.Key] = tag.Value;
    Object.assign(context, requestTagContext(tags));
  }
  if (REMOVES_TAGS.has(iamAction)) Object.assign(context, tagKeysContext(params.list('TagKeys.member')));
  if (SETS_BOUNDARY.has(iamAction)) {
    const boundary = params.get('PermissionsBoundary');
    if (boundary !== undefined) context['iam:PermissionsBoundary'] = boundary;
  }
  const policyArn = params.get('PolicyArn');
  if (NAMES_POLICY.test(iamAction) && policyArn !== undefined) context['iam:PolicyARN'] = policyArn;
  const entity = HAS_BOUNDARY[iamAction];
  if (entity !== undefined) {
    const name = params.get(entity === 'user' ? 'UserName' : 'RoleName');
    if (name !== undefined) {
      const boundary = await call.deps.store.transact(async (tx): Promise<string | undefined> =>
        entity === 'user' ? (await tx.getUser(call.accountId, name))?.permissionsBoundaryArn : (await tx.getRole(call.accountId, name))?.permissionsBoundaryArn,
      );
      if (boundary !== undefined) context['iam:PermissionsBoundary'] = boundary;
    }
  }
  return context;
}
