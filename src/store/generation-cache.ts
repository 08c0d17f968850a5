/**
 * A bounded in-memory map whose entries are valid for one generation of the data they were read from.
 * The store bumps the generation (`changed()`) from inside every write of that data, which empties the
 * map; an entry read under an older generation is never remembered. See ResourcePolicyCache for why a
 * read taken inside a (serialized) store transaction can then never be served stale.
 */
export class GenerationCache<K, V> {
  readonly #maxEntries: number;
  readonly #keyOf: (key: K) => string;
  readonly #entries = new Map<string, V>();
  #generation = 0;

  constructor(keyOf: (key: K) => string, maxEntries: number) {
    this.#keyOf = keyOf;
    this.#maxEntries = maxEntries;
  }

  get generation(): number {
    return this.#generation;
  }

  changed(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** The cached value, `undefined` when not cached. */
  get(key: K): V | undefined {
    return this.#entries.get(this.#keyOf(key));
  }

  /** Remembers a value read while the generation was `generation`; ignored if a change came since. */
  remember(key: K, generation: number, value: V): void {
    if (generation !== this.#generation) return;
    const k = this.#keyOf(key);
    if (!this.#entries.has(k) && this.#entries.size >= this.#maxEntries) {
      // Oldest first (insertion order): a simple bound, not an LRU; a miss only costs one read.
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(k, value);
  }
}
