/**
 * Resource policy documents kept in memory so that authorizing a request does not open a store
 * transaction. Invalidation is exact and global: the store calls `changed()` from inside every write of a
 * resource policy row (a connection-local SQLite trigger, so rows deleted by other triggers count too),
 * which bumps the generation and empties the map. An entry read under an older generation is never served.
 *
 * Why a read cannot cache a stale document: misses are read inside a store transaction, and transactions
 * are serialized. The generation is taken inside that transaction, before the read; a write can only
 * happen in another transaction, before (then the read sees it) or after (then it bumps the generation
 * past the one the entry carries). Policy changes are rare, so dropping every entry on any change costs
 * nothing measurable and keeps the reasoning this simple.
 */
import type { ResourcePolicyKind } from './policy-records.js';
import { GenerationCache } from './generation-cache.js';

export interface ResourcePolicyKey {
  readonly accountId: string;
  readonly kind: ResourcePolicyKind;
  readonly name: string;
  readonly qualifier: string;
}

/** A looked-up document, or `null` when the holder has no policy (also remembered). */
export type CachedPolicy = string | null;

/** Bounded because callers choose the names they look up (a function that does not exist is cached too). */
const DEFAULT_MAX_ENTRIES = 50_000;

export class ResourcePolicyCache extends GenerationCache<ResourcePolicyKey, CachedPolicy> {
  constructor(options: { readonly maxEntries?: number } = {}) {
    super(cacheKey, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }
}

function cacheKey(key: ResourcePolicyKey): string {
  // NUL cannot occur in account ids, function or layer names, or qualifiers, so the join is unambiguous.
  return `${key.accountId}\0${key.kind}\0${key.name}\0${key.qualifier}`;
}
