/** IAM group actions. */
import type { IamActionTable } from './iam-action.js';
import { entityArn, listArn } from './iam-resources.js';
import { pageMembers, paginate } from './iam-pagination.js';
import { renderGroup, renderUser } from './iam-render.js';
import {
  addUserToGroup,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listGroupsForUser,
  removeUserFromGroup,
} from '../../iam/entities/groups.js';
import { iamArn } from '../../iam/entities/ids.js';

export const GROUP_ACTIONS: IamActionTable = {
  CreateGroup: {
    iamAction: 'iam:CreateGroup',
    resource: async ({ params, accountId }) => iamArn(accountId, 'group', params.get('Path') ?? '/', params.required('GroupName')),
    async run({ params, deps, accountId }) {
      return { Group: renderGroup(await createGroup(deps, accountId, params.required('GroupName'), params.get('Path'))) };
    },
  },
  GetGroup: {
    iamAction: 'iam:GetGroup',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'group', params.required('GroupName')),
    async run({ params, deps, accountId }) {
      const { group, users } = await getGroup(deps, accountId, params.required('GroupName'));
      const page = paginate(users, params);
      return { Group: renderGroup(group), Users: page.items.map((u) => renderUser(u, false)), ...pageMembers(page) };
    },
  },
  ListGroups: {
    iamAction: 'iam:ListGroups',
    resource: async ({ params, accountId }) => listArn(accountId, 'group', params.get('PathPrefix')),
    async run({ params, deps, accountId }) {
      const page = paginate(await listGroups(deps, accountId, params.get('PathPrefix')), params);
      return { Groups: page.items.map(renderGroup), ...pageMembers(page) };
    },
  },
  DeleteGroup: {
    iamAction: 'iam:DeleteGroup',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'group', params.required('GroupName')),
    async run({ params, deps, accountId }) {
      await deleteGroup(deps, accountId, params.required('GroupName'));
      return undefined;
    },
  },
  AddUserToGroup: {
    iamAction: 'iam:AddUserToGroup',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'group', params.required('GroupName')),
    async run({ params, deps, accountId }) {
      await addUserToGroup(deps, accountId, params.required('GroupName'), params.required('UserName'));
      return undefined;
    },
  },
  RemoveUserFromGroup: {
    iamAction: 'iam:RemoveUserFromGroup',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'group', params.required('GroupName')),
    async run({ params, deps, accountId }) {
      await removeUserFromGroup(deps, accountId, params.required('GroupName'), params.required('UserName'));
      return undefined;
    },
  },
  ListGroupsForUser: {
    iamAction: 'iam:ListGroupsForUser',
    resource: ({ params, deps, accountId }) => entityArn(deps, accountId, 'user', params.required('UserName')),
    async run({ params, deps, accountId }) {
      const page = paginate(await listGroupsForUser(deps, accountId, params.required('UserName')), params);
      return { Groups: page.items.map(renderGroup), ...pageMembers(page) };
    },
  },
};
