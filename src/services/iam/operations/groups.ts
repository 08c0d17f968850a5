/** IAM groups and their members. */
import type { GroupRecord, UserRecord } from '../../../store/iam-records.js';
import type { IamDeps } from './iam-deps.js';
import { iamWrite } from './iam-deps.js';
import { DeleteConflictError, EntityAlreadyExistsError } from './iam-errors.js';
import { iamArn, newEntityId } from '../../../iam/ids.js';
import { requireGroup, requireUser } from './principals.js';
import { checkName, checkPath, checkPathPrefix } from './validation.js';

export async function createGroup(deps: IamDeps, accountId: string, groupName: string, path: string | undefined): Promise<GroupRecord> {
  checkName(groupName, 'groupName', 128);
  const checkedPath = checkPath(path);
  return iamWrite(deps, async (tx) => {
    if ((await tx.getGroup(accountId, groupName)) !== undefined) {
      throw new EntityAlreadyExistsError(`Group with name ${groupName} already exists.`);
    }
    const group: GroupRecord = {
      accountId,
      name: groupName,
      path: checkedPath,
      groupId: newEntityId('AGPA'),
      arn: iamArn(accountId, 'group', checkedPath, groupName),
      createdAt: deps.now().toISOString(),
    };
    await tx.putGroup(group);
    return group;
  });
}

export function getGroup(deps: IamDeps, accountId: string, groupName: string): Promise<{ group: GroupRecord; users: UserRecord[] }> {
  return deps.store.transact(async (tx) => {
    const group = await requireGroup(tx, accountId, groupName);
    return { group, users: await tx.listGroupMembers(accountId, group.name) };
  });
}

export function listGroups(deps: IamDeps, accountId: string, pathPrefix: string | undefined): Promise<GroupRecord[]> {
  const prefix = checkPathPrefix(pathPrefix);
  return deps.store.transact((tx) => tx.listGroups(accountId, prefix));
}

export async function deleteGroup(deps: IamDeps, accountId: string, groupName: string): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const group = await requireGroup(tx, accountId, groupName);
    if ((await tx.listGroupMembers(accountId, group.name)).length > 0) {
      throw new DeleteConflictError('Cannot delete entity, must remove users from group first.');
    }
    if ((await tx.listAttachedPolicies(accountId, 'group', group.name)).length > 0) {
      throw new DeleteConflictError('Cannot delete entity, must detach all policies first.');
    }
    if ((await tx.listInlinePolicies(accountId, 'group', group.name)).length > 0) {
      throw new DeleteConflictError('Cannot delete entity, must delete policies first.');
    }
    await tx.deleteGroup(accountId, group.name);
  });
}

export async function addUserToGroup(deps: IamDeps, accountId: string, groupName: string, userName: string): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const group = await requireGroup(tx, accountId, groupName);
    const user = await requireUser(tx, accountId, userName);
    await tx.addGroupMember(accountId, group.name, user.name);
  });
}

export async function removeUserFromGroup(deps: IamDeps, accountId: string, groupName: string, userName: string): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const group = await requireGroup(tx, accountId, groupName);
    const user = await requireUser(tx, accountId, userName);
    await tx.removeGroupMember(accountId, group.name, user.name);
  });
}

export function listGroupsForUser(deps: IamDeps, accountId: string, userName: string): Promise<GroupRecord[]> {
  return deps.store.transact(async (tx) => {
    const user = await requireUser(tx, accountId, userName);
    return tx.listGroupsForUser(accountId, user.name);
  });
}
