/** IAM users: create, read, list, delete (refused while anything hangs off the user), tags, boundary. */
import type { UserRecord } from '../../../store/iam-records.js';
import type { IamDeps } from './iam-deps.js';
import { iamWrite } from './iam-deps.js';
import { tagEntity, untagEntity } from './entity-tags.js';
import { DeleteConflictError, EntityAlreadyExistsError } from './iam-errors.js';
import { iamArn, newEntityId } from '../../../iam/ids.js';
import { requireAttachable, requireUser } from './principals.js';
import { checkName, checkPath, checkPathPrefix, checkTags } from './validation.js';
import type { Tag } from './validation.js';

export interface CreateUserInput {
  readonly userName: string;
  readonly path?: string | undefined;
  readonly permissionsBoundary?: string | undefined;
  readonly tags?: readonly Tag[];
}

export async function createUser(deps: IamDeps, accountId: string, input: CreateUserInput): Promise<UserRecord> {
  checkName(input.userName, 'userName', 64);
  const path = checkPath(input.path);
  const tags = checkTags(input.tags ?? []);
  return iamWrite(deps, async (tx) => {
    if ((await tx.getUser(accountId, input.userName)) !== undefined) {
      throw new EntityAlreadyExistsError(`User with name ${input.userName} already exists.`);
    }
    if (input.permissionsBoundary !== undefined) await requireAttachable(tx, accountId, input.permissionsBoundary);
    const user: UserRecord = {
      accountId,
      name: input.userName,
      path,
      userId: newEntityId('AIDA'),
      arn: iamArn(accountId, 'user', path, input.userName),
      createdAt: deps.now().toISOString(),
      ...(input.permissionsBoundary === undefined ? {} : { permissionsBoundaryArn: input.permissionsBoundary }),
      tags,
    };
    await tx.putUser(user);
    return user;
  });
}

export function getUser(deps: IamDeps, accountId: string, userName: string): Promise<UserRecord> {
  return deps.store.transact((tx) => requireUser(tx, accountId, userName));
}

export function listUsers(deps: IamDeps, accountId: string, pathPrefix: string | undefined): Promise<UserRecord[]> {
  const prefix = checkPathPrefix(pathPrefix);
  return deps.store.transact((tx) => tx.listUsers(accountId, prefix));
}

export async function deleteUser(deps: IamDeps, accountId: string, userName: string): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const user = await requireUser(tx, accountId, userName);
    if ((await tx.listAccessKeysFor(user.arn)).length > 0) {
      throw new DeleteConflictError('Cannot delete entity, must delete access keys first.');
    }
    if ((await tx.listAttachedPolicies(accountId, 'user', user.name)).length > 0) {
      throw new DeleteConflictError('Cannot delete entity, must detach all policies first.');
    }
    if ((await tx.listInlinePolicies(accountId, 'user', user.name)).length > 0) {
      throw new DeleteConflictError('Cannot delete entity, must delete policies first.');
    }
    if ((await tx.listGroupsForUser(accountId, user.name)).length > 0) {
      throw new DeleteConflictError('Cannot delete entity, must remove user from all groups first.');
    }
    await tx.deleteUser(accountId, user.name);
    return user.arn;
  }).then((arn) => deps.principalDeleted(arn));
}

export function tagUser(deps: IamDeps, accountId: string, userName: string, tags: readonly Tag[]): Promise<void> {
  return tagEntity(deps, accountId, 'user', userName, tags);
}

export function untagUser(deps: IamDeps, accountId: string, userName: string, keys: readonly string[]): Promise<void> {
  return untagEntity(deps, accountId, 'user', userName, keys);
}

/** Sets (policyArn) or removes (undefined) the user's permissions boundary. */
export async function setUserBoundary(deps: IamDeps, accountId: string, userName: string, policyArn: string | undefined): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const user = await requireUser(tx, accountId, userName);
    if (policyArn !== undefined) await requireAttachable(tx, accountId, policyArn);
    const { permissionsBoundaryArn: _old, ...rest } = user;
    await tx.putUser(policyArn === undefined ? rest : { ...rest, permissionsBoundaryArn: policyArn });
  });
}
