/** IAM user actions: users, their access keys, tags and permissions boundaries. */
import type { IamActionTable } from './iam-action.js';
import { entityArn, listArn } from './iam-resources.js';
import { byName, nameAction } from './entity-actions.js';
import { pageMembers, paginate } from './iam-pagination.js';
import { callerUserName, readTags, userNameOrCaller } from './iam-params.js';
import { iamDate, renderKeyMetadata, renderTags, renderUser } from './iam-render.js';
import { createUser, deleteUser, getUser, listUsers, setUserBoundary, tagUser, untagUser } from '../operations/users.js';
import { createAccessKey, deleteAccessKey, listAccessKeys, updateAccessKey } from '../operations/access-keys.js';
import { iamArn } from '../../../iam/ids.js';

export const USER_ACTIONS: IamActionTable = {
  CreateUser: {
    iamAction: 'iam:CreateUser',
    resource: async ({ params, accountId }) => iamArn(accountId, 'user', params.get('Path') ?? '/', params.required('UserName')),
    async run({ params, deps, accountId }) {
      const user = await createUser(deps, accountId, {
        userName: params.required('UserName'),
        path: params.get('Path'),
        permissionsBoundary: params.get('PermissionsBoundary'),
        tags: readTags(params),
      });
      return { User: renderUser(user, true) };
    },
  },
  GetUser: {
    iamAction: 'iam:GetUser',
    resource: async ({ params, caller, deps, accountId }) => {
      const name = params.get('UserName') ?? callerUserName(caller);
      return name === undefined ? caller.arn : entityArn(deps, accountId, 'user', name);
    },
    async run({ params, caller, deps, accountId }) {
      const name = params.get('UserName') ?? callerUserName(caller);
      if (name === undefined && caller.kind === 'root') {
        // The root user, as IAM describes it when its own keys call GetUser.
        const account = await deps.store.transact((tx) => tx.getAccount(accountId));
        return { User: { UserId: accountId, Arn: caller.arn, CreateDate: iamDate(account?.createdAt ?? new Date(0).toISOString()) } };
      }
      const user = await getUser(deps, accountId, userNameOrCaller(params, caller));
      return { User: renderUser(user, true) };
    },
  },
  ListUsers: {
    iamAction: 'iam:ListUsers',
    resource: async ({ params, accountId }) => listArn(accountId, 'user', params.get('PathPrefix')),
    async run({ params, deps, accountId }) {
      const page = paginate(await listUsers(deps, accountId, params.get('PathPrefix')), params);
      return { Users: page.items.map((u) => renderUser(u, false)), ...pageMembers(page) };
    },
  },
  DeleteUser: nameAction('iam:DeleteUser', 'user', 'UserName', ({ deps, accountId }, name) => deleteUser(deps, accountId, name)),
  CreateAccessKey: {
    iamAction: 'iam:CreateAccessKey',
    resource: ({ params, caller, deps, accountId }) => entityArn(deps, accountId, 'user', userNameOrCaller(params, caller)),
    async run({ params, caller, deps, accountId }) {
      const created = await createAccessKey(deps, accountId, userNameOrCaller(params, caller));
      return {
        AccessKey: {
          UserName: created.userName,
          AccessKeyId: created.record.accessKeyId,
          Status: created.record.status,
          SecretAccessKey: created.secretAccessKey,
          CreateDate: iamDate(created.record.createdAt),
        },
      };
    },
  },
  ListAccessKeys: {
    iamAction: 'iam:ListAccessKeys',
    resource: async ({ params, caller, deps, accountId }) =>
      params.get('UserName') === undefined && caller.kind === 'root' ? caller.arn : entityArn(deps, accountId, 'user', userNameOrCaller(params, caller)),
    async run({ params, caller, deps, accountId }) {
      if (params.get('UserName') === undefined && caller.kind === 'root') {
        const keys = await deps.store.transact((tx) => tx.listAccessKeysFor(caller.arn));
        const page = paginate(keys, params);
        return { AccessKeyMetadata: page.items.map((k) => ({ AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: iamDate(k.createdAt) })), ...pageMembers(page) };
      }
      const { userName, keys } = await listAccessKeys(deps, accountId, userNameOrCaller(params, caller));
      const page = paginate(keys, params);
      return { AccessKeyMetadata: page.items.map((k) => renderKeyMetadata(userName, k)), ...pageMembers(page) };
    },
  },
  UpdateAccessKey: {
    iamAction: 'iam:UpdateAccessKey',
    resource: ({ params, caller, deps, accountId }) => entityArn(deps, accountId, 'user', userNameOrCaller(params, caller)),
    async run({ params, caller, deps, accountId }) {
      await updateAccessKey(deps, accountId, userNameOrCaller(params, caller), params.required('AccessKeyId'), params.required('Status'));
      return undefined;
    },
  },
  DeleteAccessKey: {
    iamAction: 'iam:DeleteAccessKey',
    resource: ({ params, caller, deps, accountId }) => entityArn(deps, accountId, 'user', userNameOrCaller(params, caller)),
    async run({ params, caller, deps, accountId }) {
      await deleteAccessKey(deps, accountId, userNameOrCaller(params, caller), params.required('AccessKeyId'));
      return undefined;
    },
  },
  TagUser: nameAction('iam:TagUser', 'user', 'UserName', ({ params, deps, accountId }, name) => tagUser(deps, accountId, name, readTags(params))),
  UntagUser: nameAction('iam:UntagUser', 'user', 'UserName', ({ params, deps, accountId }, name) => 
    untagUser(deps, accountId, name, params.list('TagKeys.member'))),
  ListUserTags: {
    iamAction: 'iam:ListUserTags',
    resource: byName('user', 'UserName'),
    async run({ params, deps, accountId }) {
      const user = await getUser(deps, accountId, params.required('UserName'));
      const page = paginate(renderTags(user.tags), params);
      return { Tags: page.items, ...pageMembers(page) };
    },
  },
  PutUserPermissionsBoundary: nameAction('iam:PutUserPermissionsBoundary', 'user', 'UserName', ({ params, deps, accountId }, name) => 
    setUserBoundary(deps, accountId, name, params.required('PermissionsBoundary'))),
  DeleteUserPermissionsBoundary: nameAction('iam:DeleteUserPermissionsBoundary', 'user', 'UserName', ({ deps, accountId }, name) => 
    setUserBoundary(deps, accountId, name, undefined)),
};
