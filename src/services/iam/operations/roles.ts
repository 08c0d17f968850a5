/** IAM roles: trust policy, session duration, description, boundary, tags; delete refused while policies remain. */
import type { RoleRecord } from '../../../store/iam-records.js';
import type { IamDeps } from './iam-deps.js';
import { iamWrite } from './iam-deps.js';
import { tagEntity, untagEntity } from './entity-tags.js';
import { DeleteConflictError, EntityAlreadyExistsError } from './iam-errors.js';
import { iamArn, newEntityId } from '../../../iam/ids.js';
import { checkTrustPolicy } from './policy-documents.js';
import { requireAttachable, requireRole } from './principals.js';
import {
  checkDescription,
  checkMaxSessionDuration,
  checkName,
  checkPath,
  checkPathPrefix,
  checkTags,
} from './validation.js';
import type { Tag } from './validation.js';

export interface CreateRoleInput {
  readonly roleName: string;
  readonly assumeRolePolicyDocument: string;
  readonly path?: string | undefined;
  readonly description?: string | undefined;
  readonly maxSessionDuration?: number | undefined;
  readonly permissionsBoundary?: string | undefined;
  readonly tags?: readonly Tag[];
}

export async function createRole(deps: IamDeps, accountId: string, input: CreateRoleInput): Promise<RoleRecord> {
  checkName(input.roleName, 'roleName', 64);
  const path = checkPath(input.path);
  const description = checkDescription(input.description);
  const maxSessionDuration = checkMaxSessionDuration(input.maxSessionDuration);
  const tags = checkTags(input.tags ?? []);
  checkTrustPolicy(input.assumeRolePolicyDocument);
  return iamWrite(deps, async (tx) => {
    if ((await tx.getRole(accountId, input.roleName)) !== undefined) {
      throw new EntityAlreadyExistsError(`Role with name ${input.roleName} already exists.`);
    }
    if (input.permissionsBoundary !== undefined) await requireAttachable(tx, accountId, input.permissionsBoundary);
    const role: RoleRecord = {
      accountId,
      name: input.roleName,
      path,
      roleId: newEntityId('AROA'),
      arn: iamArn(accountId, 'role', path, input.roleName),
      createdAt: deps.now().toISOString(),
      assumeRolePolicy: input.assumeRolePolicyDocument,
      ...(description === undefined ? {} : { description }),
      maxSessionDuration,
      ...(input.permissionsBoundary === undefined ? {} : { permissionsBoundaryArn: input.permissionsBoundary }),
      tags,
    };
    await tx.putRole(role);
    return role;
  });
}

export function getRole(deps: IamDeps, accountId: string, roleName: string): Promise<RoleRecord> {
  return deps.store.transact((tx) => requireRole(tx, accountId, roleName));
}

export function listRoles(deps: IamDeps, accountId: string, pathPrefix: string | undefined): Promise<RoleRecord[]> {
  const prefix = checkPathPrefix(pathPrefix);
  return deps.store.transact((tx) => tx.listRoles(accountId, prefix));
}

export async function updateAssumeRolePolicy(deps: IamDeps, accountId: string, roleName: string, document: string): Promise<void> {
  checkTrustPolicy(document);
  await iamWrite(deps, async (tx) => {
    const role = await requireRole(tx, accountId, roleName);
    await tx.putRole({ ...role, assumeRolePolicy: document });
  });
}

export async function updateRole(
  deps: IamDeps,
  accountId: string,
  roleName: string,
  changes: { readonly description?: string | undefined; readonly maxSessionDuration?: number | undefined },
): Promise<void> {
  const description = checkDescription(changes.description);
  const duration = changes.maxSessionDuration === undefined ? undefined : checkMaxSessionDuration(changes.maxSessionDuration);
  await iamWrite(deps, async (tx) => {
    const role = await requireRole(tx, accountId, roleName);
    await tx.putRole({
      ...role,
      ...(description === undefined ? {} : { description }),
      ...(duration === undefined ? {} : { maxSessionDuration: duration }),
    });
  });
}

export async function deleteRole(deps: IamDeps, accountId: string, roleName: string): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const role = await requireRole(tx, accountId, roleName);
    if ((await tx.listAttachedPolicies(accountId, 'role', role.name)).length > 0) {
      throw new DeleteConflictError('Cannot delete entity, must detach all policies first.');
    }
    if ((await tx.listInlinePolicies(accountId, 'role', role.name)).length > 0) {
      throw new DeleteConflictError('Cannot delete entity, must delete policies first.');
    }
    await tx.deleteRole(accountId, role.name);
    return role.arn;
  }).then((arn) => deps.principalDeleted(arn));
}

export function tagRole(deps: IamDeps, accountId: string, roleName: string, tags: readonly Tag[]): Promise<void> {
  return tagEntity(deps, accountId, 'role', roleName, tags);
}

export function untagRole(deps: IamDeps, accountId: string, roleName: string, keys: readonly string[]): Promise<void> {
  return untagEntity(deps, accountId, 'role', roleName, keys);
}

export async function setRoleBoundary(deps: IamDeps, accountId: string, roleName: string, policyArn: string | undefined): Promise<void> {
  await iamWrite(deps, async (tx) => {
    const role = await requireRole(tx, accountId, roleName);
    if (policyArn !== undefined) await requireAttachable(tx, accountId, policyArn);
    const { permissionsBoundaryArn: _old, ...rest } = role;
    await tx.putRole(policyArn === undefined ? rest : { ...rest, permissionsBoundaryArn: policyArn });
  });
}
