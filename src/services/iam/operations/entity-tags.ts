/** Tagging and untagging of users and roles: read the entity, rewrite its tags, store it, in one write. */
import type { RoleRecord, UserRecord } from '../../../store/iam-records.js';
import type { IamDeps } from './iam-deps.js';
import { iamWrite } from './iam-deps.js';
import { requireRole, requireUser } from './principals.js';
import { checkTags, mergeTags, removeTags } from './validation.js';
import type { Tag } from './validation.js';

type TagUpdate = (tags: Readonly<Record<string, string>>) => Record<string, string>;

async function retag(deps: IamDeps, accountId: string, type: 'user' | 'role', name: string, update: TagUpdate): Promise<void> {
  await iamWrite(deps, async (tx) => {
    if (type === 'user') {
      const user: UserRecord = await requireUser(tx, accountId, name);
      await tx.putUser({ ...user, tags: update(user.tags) });
    } else {
      const role: RoleRecord = await requireRole(tx, accountId, name);
      await tx.putRole({ ...role, tags: update(role.tags) });
    }
  });
}

export async function tagEntity(deps: IamDeps, accountId: string, type: 'user' | 'role', name: string, tags: readonly Tag[]): Promise<void> {
  // Checked before the entity is read: an invalid tag list fails whether or not the entity exists.
  const added = checkTags(tags);
  await retag(deps, accountId, type, name, (existing) => mergeTags(existing, added));
}

export async function untagEntity(deps: IamDeps, accountId: string, type: 'user' | 'role', name: string, keys: readonly string[]): Promise<void> {
  await retag(deps, accountId, type, name, (existing) => removeTags(existing, keys));
}
