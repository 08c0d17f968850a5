/** IAM role actions. */
import type { IamActionTable } from './iam-action.js';
import { listArn } from './iam-resources.js';
import { byName, nameAction } from './entity-actions.js';
import { pageMembers, paginate } from './iam-pagination.js';
import { readInt, readTags } from './iam-params.js';
import { renderRole, renderTags } from './iam-render.js';
import {
  createRole,
  deleteRole,
  getRole,
  listRoles,
  setRoleBoundary,
  tagRole,
  untagRole,
  updateAssumeRolePolicy,
  updateRole,
} from '../operations/roles.js';
import { iamArn } from '../../../iam/ids.js';

export const ROLE_ACTIONS: IamActionTable = {
  CreateRole: {
    iamAction: 'iam:CreateRole',
    resource: async ({ params, accountId }) => iamArn(accountId, 'role', params.get('Path') ?? '/', params.required('RoleName')),
    async run({ params, deps, accountId }) {
      const role = await createRole(deps, accountId, {
        roleName: params.required('RoleName'),
        assumeRolePolicyDocument: params.required('AssumeRolePolicyDocument'),
        path: params.get('Path'),
        description: params.get('Description'),
        maxSessionDuration: readInt(params, 'MaxSessionDuration'),
        permissionsBoundary: params.get('PermissionsBoundary'),
        tags: readTags(params),
      });
      return { Role: renderRole(role, true) };
    },
  },
  GetRole: {
    iamAction: 'iam:GetRole',
    resource: byName('role', 'RoleName'),
    async run({ params, deps, accountId }) {
      return { Role: renderRole(await getRole(deps, accountId, params.required('RoleName')), true) };
    },
  },
  ListRoles: {
    iamAction: 'iam:ListRoles',
    resource: async ({ params, accountId }) => listArn(accountId, 'role', params.get('PathPrefix')),
    async run({ params, deps, accountId }) {
      const page = paginate(await listRoles(deps, accountId, params.get('PathPrefix')), params);
      return { Roles: page.items.map((r) => renderRole(r, false)), ...pageMembers(page) };
    },
  },
  UpdateAssumeRolePolicy: nameAction('iam:UpdateAssumeRolePolicy', 'role', 'RoleName', ({ params, deps, accountId }, name) => 
    updateAssumeRolePolicy(deps, accountId, name, params.required('PolicyDocument'))),
  UpdateRole: {
    iamAction: 'iam:UpdateRole',
    resource: byName('role', 'RoleName'),
    async run({ params, deps, accountId }) {
      await updateRole(deps, accountId, params.required('RoleName'), {
        description: params.get('Description'),
        maxSessionDuration: readInt(params, 'MaxSessionDuration'),
      });
      return {};
    },
  },
  DeleteRole: nameAction('iam:DeleteRole', 'role', 'RoleName', ({ deps, accountId }, name) => deleteRole(deps, accountId, name)),
  TagRole: nameAction('iam:TagRole', 'role', 'RoleName', ({ params, deps, accountId }, name) => tagRole(deps, accountId, name, readTags(params))),
  UntagRole: nameAction('iam:UntagRole', 'role', 'RoleName', ({ params, deps, accountId }, name) => 
    untagRole(deps, accountId, name, params.list('TagKeys.member'))),
  ListRoleTags: {
    iamAction: 'iam:ListRoleTags',
    resource: byName('role', 'RoleName'),
    async run({ params, deps, accountId }) {
      const role = await getRole(deps, accountId, params.required('RoleName'));
      const page = paginate(renderTags(role.tags), params);
      return { Tags: page.items, ...pageMembers(page) };
    },
  },
  PutRolePermissionsBoundary: nameAction('iam:PutRolePermissionsBoundary', 'role', 'RoleName', ({ params, deps, accountId }, name) => 
    setRoleBoundary(deps, accountId, name, params.required('PermissionsBoundary'))),
  DeleteRolePermissionsBoundary: nameAction('iam:DeleteRolePermissionsBoundary', 'role', 'RoleName', ({ deps, accountId }, name) => 
    setRoleBoundary(deps, accountId, name, undefined)),
};
