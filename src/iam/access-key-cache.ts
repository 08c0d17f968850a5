/**
 * A short-lived in-memory cache of unsealed access-key secrets, so SigV4 verification does not
 * unseal a secret on every request. Entries expire after `ttlMs` so a deactivated key stops working
 * within that time even without an explicit invalidation.
 */
export interface CachedKey {
  readonly accountId: string;
  readonly principalArn: string;
  readonly secretAccessKey: string;
  readonly active: boolean;
  /** `aws:userid` / `aws:username` of an IAM user's key (absent for root). */
  readonly userId?: string;
  readonly userName?: string;
}

export class AccessKeyCache<T = CachedKey> {
  readonly #entries = new Map<string, { key: T; expires: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(options: { ttlMs?: number; maxEntries?: number } = {}) {
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  get(accessKeyId: string, now: number): T | undefined {
    const entry = this.#entries.get(accessKeyId);
    if (entry === undefined) return undefined;
    if (entry.expires <= now) {
      this.#entries.delete(accessKeyId);
      return undefined;
    }
    return entry.key;
  }

  set(accessKeyId: string, key: T, now: number): void {
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(accessKeyId, { key, expires: now + this.#ttlMs });
  }

  invalidate(accessKeyId: string): void {
    this.#entries.delete(accessKeyId);
  }

  /** Drops every entry (e.g. after a user was deleted and its keys with it). */
  clear(): void {
    this.#entries.clear();
  }
}
