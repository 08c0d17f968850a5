/**
 * Host uids for sandboxes, one per live environment. Launched as root, bwrap's mapped uid would be
 * host root (security.md §0 item 2), so every sandbox runs as its own unprivileged uid from a range no
 * account on the host uses. Uids are handed out round-robin so that a just-released uid is the last
 * to be reused.
 */

export interface UidRange {
  readonly first: number;
  readonly last: number;
}

/** Above the 16-bit ids and the usual subuid ranges (100000–165535 for the first user). */
export const DEFAULT_UID_RANGE: UidRange = { first: 600000, last: 665535 };

export class UidPoolExhaustedError extends Error {
  constructor(range: UidRange) {
    super(`no free sandbox uid left in ${range.first}-${range.last}`);
    this.name = 'UidPoolExhaustedError';
  }
}

export class UidPool {
  readonly #range: UidRange;
  readonly #inUse = new Set<number>();
  #next: number;

  constructor(range: UidRange = DEFAULT_UID_RANGE) {
    const { first, last } = range;
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 1 || last < first || last > 0xfffffffe) {
      throw new RangeError(`invalid sandbox uid range ${first}-${last}: need integers with 1 <= first <= last < 2^32-1`);
    }
    this.#range = { first, last };
    this.#next = first;
  }

  get size(): number {
    return this.#range.last - this.#range.first + 1;
  }

  get inUse(): number {
    return this.#inUse.size;
  }

  acquire(): number {
    if (this.#inUse.size >= this.size) throw new UidPoolExhaustedError(this.#range);
    for (;;) {
      const uid = this.#next;
      this.#next = uid === this.#range.last ? this.#range.first : uid + 1;
      if (!this.#inUse.has(uid)) {
        this.#inUse.add(uid);
        return uid;
      }
    }
  }

  /** Call only once the uid's sandbox is dead (SandboxProcess.kill() resolved). */
  release(uid: number): void {
    if (!this.#inUse.delete(uid)) throw new Error(`sandbox uid ${uid} is not in use`);
  }
}
