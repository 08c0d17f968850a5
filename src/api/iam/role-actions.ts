/** IAM role actions. */
import type { IamActionTable } from './iam-action.js';
import { entityArn, listArn } from './iam-resources.js';
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
} from '../../iam/entities/roles.js';
import { iamArn } from '../../iam/entities/ids.js';

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
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'role', params.required('RoleName')),
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
  UpdateAssumeRolePolicy: {
    iamAction: 'iam:UpdateAssumeRolePolicy',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'role', params.required('RoleName')),
    async run({ params, deps, accountId }) {
      await updateAssumeRolePolicy(deps, accountId, params.required('RoleName'), params.required('PolicyDocument'));
      return undefined;
    },
  },
  UpdateRole: {
    iamAction: 'iam:UpdateRole',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'role', params.required('RoleName')),
    async run({ params, deps, accountId }) {
      await updateRole(deps, accountId, params.required('RoleName'), {
        description: params.get('Description'),
        maxSessionDuration: readInt(params, 'MaxSessionDuration'),
      });
      return {};
    },
  },
  DeleteRole: {
    iamAction: 'iam:DeleteRole',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'role', params.required('RoleName')),
    async run({ params, deps, accountId }) {
      await deleteRole(deps, accountId, params.required('RoleName'));
      return undefined;
    },
  },
  TagRole: {
    iamAction: 'iam:TagRole',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'role', params.required('RoleName')),
    async run({ params, deps, accountId }) {
      await tagRole(deps, accountId, params.required('RoleName'), readTags(params));
      return undefined;
    },
  },
  UntagRole: {
    iamAction: 'iam:UntagRole',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'role', params.required('RoleName')),
    async run({ params, deps, accountId }) {
      await untagRole(deps, accountId, params.required('RoleName'), params.list('TagKeys.member'));
      return undefined;
    },
  },
  ListRoleTags: {
    iamAction: 'iam:ListRoleTags',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'role', params.required('RoleName')),
    async run({ params, deps, accountId }) {
      const role = await getRole(deps, accountId, params.required('RoleName'));
      const page = paginate(renderTags(role.tags), params);
      return { Tags: page.items, ...pageMembers(page) };
    },
  },
  PutRolePermissionsBoundary: {
    iamAction: 'iam:PutRolePermissionsBoundary',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'role', params.required('RoleName')),
    async run({ params, deps, accountId }) {
      await setRoleBoundary(deps, accountId, params.required('RoleName'), params.required('PermissionsBoundary'));
      return undefined;
    },
  },
  DeleteRolePermissionsBoundary: {
    iamAction: 'iam:DeleteRolePermissionsBoundary',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'role', params.required('RoleName')),
    async run({ params, deps, accountId }) {
      await setRoleBoundary(deps, accountId, params.required('RoleName'), undefined);
      return undefined;
    },
  },
};
