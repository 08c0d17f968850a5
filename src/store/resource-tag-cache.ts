/**
 * Tags of taggable resources kept in memory so that supplying `aws:ResourceTag/…` to the authorizer does
 * not open a store transaction per request (Invoke is the hot path). Same invalidation as resource
 * policies (ResourcePolicyCache): the store calls `changed()` from inside every write of a functions,
 * queues, IAM users, roles or managed policies row, so a tag change applies to the very next request.
 */
import { GenerationCache } from './generation-cache.js';

export type TaggedResourceKind = 'function' | 'queue' | 'user' | 'role' | 'policy';

export interface TaggedResourceKey {
  readonly kind: TaggedResourceKind;
  readonly accountId: string;
  /** Function, queue, user or role name; for a managed policy, its ARN. */
  readonly name: string;
}

/** The resource's tags, or `null` when it does not exist (also remembered). */
export type CachedTags = Readonly<Record<string, string>> | null;

const DEFAULT_MAX_ENTRIES = 50_000;

export class ResourceTagCache extends GenerationCache<TaggedResourceKey, CachedTags> {
  constructor(options: { readonly maxEntries?: number } = {}) {
    // NUL cannot occur in account ids, names or ARNs, so the join is unambiguous.
    super((key) => `${key.kind}\0${key.accountId}\0${key.name}`, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }
}
