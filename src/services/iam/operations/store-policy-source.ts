/**
 * The authorizer's PrincipalPolicySource over the IAM store. Parsed policies are cached per principal and
 * the whole cache is dropped whenever IAM changes (`invalidate()`, wired to every IAM write), so
 * authorizing a request costs no store transaction while nothing changed.
 */
import type { Store } from '../../../store/store.js';
import type { Caller } from '../../../iam/caller.js';
import type { PrincipalPolicies, PrincipalPolicySource } from '../../../iam/authz/principal-policies.js';
import { loadPrincipalPolicies } from './principal-policy-loader.js';
import { principalNameFromArn } from '../../../iam/ids.js';

const EMPTY: PrincipalPolicies = { identity: [], tags: {} };

export interface StorePolicySourceOptions {
  readonly store: Store;
  /** @default 10000 */
  readonly maxEntries?: number;
}

export class StorePolicySource implements PrincipalPolicySource {
  readonly #store: Store;
  readonly #maxEntries: number;
  readonly #cache = new Map<string, PrincipalPolicies>();
  #generation = 0;

  constructor(options: StorePolicySourceOptions) {
    this.#store = options.store;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  /** Bumped on every IAM write; cached entries of older generations are gone. */
  get generation(): number {
    return this.#generation;
  }

  invalidate(): void {
    this.#generation++;
    this.#cache.clear();
  }

  async policiesFor(caller: Caller): Promise<PrincipalPolicies> {
    const target = principalOf(caller);
    if (target === undefined) return EMPTY;
    const base = await this.#load(target.kind, caller.accountId, target.name);
    const sessionTags = caller.session?.tags;
    if (sessionTags === undefined || Object.keys(sessionTags).length === 0) return base;
    // Session tags override the role's tags of the same key (keys compare case-insensitively).
    const lower = new Set(Object.keys(sessionTags).map((k) => k.toLowerCase()));
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(base.tags)) if (!lower.has(k.toLowerCase())) tags[k] = v;
    return { ...base, tags: { ...tags, ...sessionTags } };
  }

  async #load(kind: 'user' | 'role', accountId: string, name: string): Promise<PrincipalPolicies> {
    const key = `${kind}:${accountId}:${name.toLowerCase()}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const generation = this.#generation;
    const loaded = await this.#store.transact((tx) => loadPrincipalPolicies(tx, kind, accountId, name));
    const policies: PrincipalPolicies =
      loaded === undefined
        ? EMPTY
        : {
            identity: loaded.identity,
            ...(loaded.permissionsBoundary === undefined ? {} : { permissionsBoundary: loaded.permissionsBoundary }),
            tags: loaded.tags,
          };
    // A write that landed while we read makes this result stale: serve it once, do not keep it.
    if (generation === this.#generation) {
      if (this.#cache.size >= this.#maxEntries) this.#cache.clear();
      this.#cache.set(key, policies);
    }
    return policies;
  }
}

function principalOf(caller: Caller): { kind: 'user' | 'role'; name: string } | undefined {
  if (caller.kind === 'root') return undefined;
  if (caller.kind === 'assumed-role') {
    const roleArn = caller.session?.roleArn;
    const role = roleArn === undefined ? undefined : principalNameFromArn(roleArn);
    return role?.kind === 'role' ? { kind: 'role', name: role.name } : undefined;
  }
  const user = principalNameFromArn(caller.session?.sourceIdentityArn ?? caller.arn);
  return user?.kind === 'user' ? { kind: 'user', name: user.name } : undefined;
}
