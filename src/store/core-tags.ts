/** The tags of the core's taggable resources, read the same way on every engine (functions, IAM users, roles, policies). */
import type { StoreTx } from './store.js';
import type { TaggedResourceKey, TaggedResourceKind } from './resource-tag-cache.js';

export const CORE_TAG_KINDS: readonly TaggedResourceKind[] = ['function', 'user', 'role', 'policy'];
export const CORE_TAGGED_TABLES: readonly string[] = ['functions', 'iam_users', 'iam_roles', 'iam_policies'];

export async function readCoreTags(tx: StoreTx, key: TaggedResourceKey): Promise<Readonly<Record<string, string>> | undefined> {
  switch (key.kind) {
    case 'function':
      return (await tx.getFunction(key.accountId, key.name))?.tags;
    case 'user':
      return (await tx.getUser(key.accountId, key.name))?.tags;
    case 'role':
      return (await tx.getRole(key.accountId, key.name))?.tags;
    case 'policy':
      return (await tx.getManagedPolicy(key.name))?.tags;
    default:
      return undefined;
  }
}
