/** The SigV4 signing key (kSigning) and a small per-instance LRU so a request costs one HMAC, not five. */
import { createHash, createHmac } from 'node:crypto';
import { SIGV4_TERMINATOR } from './constants.js';

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request") */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secretAccessKey).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update(SIGV4_TERMINATOR).digest();
}

/**
 * Bounded LRU of derived keys per (secret, date, region, service). The secret itself is never a map key:
 * entries are keyed by a SHA-256 over all four parts, so a heap dump or an inspect() shows no secret.
 */
export class SigningKeyCache {
  readonly #entries = new Map<string, Buffer>();
  readonly #maxEntries: number;

  constructor(maxEntries = 1024) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(secretAccessKey: string, date: string, region: string, service: string): Buffer {
    const key = createHash('sha256')
      .update(secretAccessKey)
      .update('\0')
      .update(date)
      .update('\0')
      .update(region)
      .update('\0')
      .update(service)
      .digest('base64');
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const derived = deriveSigningKey(secretAccessKey, date, region, service);
    this.#entries.set(key, derived);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return derived;
  }

  clear(): void {
    this.#entries.clear();
  }
}
