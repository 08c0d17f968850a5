/**
 * A counter shared by every process on the host that uses the same directory: each next() returns a
 * number above every number any of them was handed before. Node has no flock, and a lock file would
 * need stale-lock recovery and make a waiting server block; this needs neither. The counter's value
 * is the highest number named by a file in the directory. A number is taken by creating its file with
 * O_EXCL, so no two callers take the same one; a caller that took a number from a stale reading
 * (others had moved on meanwhile) sees a higher file once its own exists, gives its number up and
 * tries again above the new top. Files below the caller's own number are then removed, so the
 * directory holds a few files at most. A crash leaves nothing to recover: the top file is the count.
 * Only order rests on this; whatever uses the numbers must not need them for mutual exclusion (the
 * uid pool has its O_EXCL leases for that).
 */
import { closeSync, openSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const NUMBER = /^(0|[1-9]\d{0,14})$/;

export class HostCounter {
  readonly #dir: string;

  /** `dir` must exist and be writable by this process only (run-root.ts ensureOwnDirectory). */
  constructor(dir: string) {
    this.#dir = dir;
  }

  next(): number {
    for (;;) {
      const taken = this.#top() + 1;
      if (!this.#create(taken)) continue;
      if (this.#top() !== taken) {
        this.#remove(taken);
        continue;
      }
      for (const name of readdirSync(this.#dir)) {
        if (NUMBER.test(name) && Number(name) < taken) this.#remove(Number(name));
      }
      return taken;
    }
  }

  /** The highest number taken so far, or -1. */
  #top(): number {
    let top = -1;
    for (const name of readdirSync(this.#dir)) if (NUMBER.test(name)) top = Math.max(top, Number(name));
    return top;
  }

  #create(n: number): boolean {
    try {
      closeSync(openSync(join(this.#dir, String(n)), 'wx', 0o600));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  #remove(n: number): void {
    try {
      unlinkSync(join(this.#dir, String(n)));
    } catch {
      // Another caller removed it first.
    }
  }
}
