/** IAM group actions. */
import type { IamActionTable } from './iam-action.js';
import { listArn } from './iam-resources.js';
import { byName, nameAction } from './entity-actions.js';
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
} from '../operations/groups.js';
import { iamArn } from '../../../iam/ids.js';

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
    resource: byName('group', 'GroupName'),
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
  DeleteGroup: nameAction('iam:DeleteGroup', 'group', 'GroupName', ({ deps, accountId }, name) => deleteGroup(deps, accountId, name)),
  AddUserToGroup: nameAction('iam:AddUserToGroup', 'group', 'GroupName', ({ params, deps, accountId }, name) => 
    addUserToGroup(deps, accountId, name, params.required('UserName'))),
  RemoveUserFromGroup: nameAction('iam:RemoveUserFromGroup', 'group', 'GroupName', ({ params, deps, accountId }, name) => 
    removeUserFromGroup(deps, accountId, name, params.required('UserName'))),
  ListGroupsForUser: {
    iamAction: 'iam:ListGroupsForUser',
    resource: byName('user', 'UserName'),
    async run({ params, deps, accountId }) {
      const page = paginate(await listGroupsForUser(deps, accountId, params.required('UserName')), params);
      return { Groups: page.items.map(renderGroup), ...pageMembers(page) };
    },
  },
};
