/**
 * Host uids for sandboxes, one per live environment. Launched as root, bwrap's mapped uid would be
 * host root (SECURITY.md, invariant 3), so every sandbox runs as its own unprivileged uid from a range no
 * account on the host uses. The kernel accounts some resources per uid across namespaces (pipe
 * buffers, inotify instances, keyrings), so a uid must not be shared with any other sandbox, even one
 * of another lambdabox on the same host: each uid in use is leased host-wide by a file created with
 * O_EXCL under `<run root>/.uids/`, holding its owner's pid and start time. A lease whose owner died
 * is taken over.
 *
 * Uids are handed out round-robin host-wide: the turn is a HostCounter under `<lease dir>-order/`
 * that every lambdabox process on the host shares, so a new process does not start again at the
 * bottom of the range, and a uid is offered again only after every other uid of the range has been
 * offered since it was handed out, whichever processes asked. A released uid is thus the last to
 * be reused, host-wide; whatever the kernel still accounts to it has the longest time to drain.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pickRunBaseSync } from '../run-dir.js';
import { ensureOwnDirectory, ensureRunRoot } from '../run-root.js';
import { HostCounter } from './host-counter.js';
import { currentProcess, formatIdentity, isAlive, parseIdentity } from './instance-lease.js';
import { InvariantError } from '../../shared/errors/lambdabox-error.js';

export interface UidRange {
  readonly first: number;
  readonly last: number;
}

export interface UidPoolOptions {
  /**
   * Where host-wide leases live, and beside it (`<leaseDir>-order`) the host-wide turn; its parent
   * is taken for a run root. null keeps the pool and its turn to this process.
   * @default `<run root>/.uids`
   */
  readonly leaseDir?: string | null;
}

/** Above the 16-bit ids and the usual subuid ranges (100000–165535 for the first user). */
export const DEFAULT_UID_RANGE: UidRange = { first: 600000, last: 665535 };

export class UidPoolExhaustedError extends Error {
  constructor(range: UidRange) {
    super(`no free sandbox uid left in ${range.first}-${range.last}`);
    this.name = 'UidPoolExhaustedError';
  }
}

export function defaultUidLeaseDir(): string {
  return join(pickRunBaseSync(), 'lambdabox', '.uids');
}

export class UidPool {
  readonly #range: UidRange;
  readonly #inUse = new Set<number>();
  readonly #leaseDir: string | null;
  readonly #turn: { next(): number };

  constructor(range: UidRange = DEFAULT_UID_RANGE, options: UidPoolOptions = {}) {
    const { first, last } = range;
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 1 || last < first || last > 0xfffffffe) {
      throw new RangeError(`invalid sandbox uid range ${first}-${last}: need integers with 1 <= first <= last < 2^32-1`);
    }
    this.#range = { first, last };
    this.#leaseDir = options.leaseDir === undefined ? defaultUidLeaseDir() : options.leaseDir;
    if (this.#leaseDir === null) {
      let turn = -1;
      this.#turn = { next: () => ++turn };
    } else {
      // The lease directory's parent is a run root (created or checked by run-root.ts, 0711).
      ensureRunRoot(dirname(this.#leaseDir));
      ensureOwnDirectory(this.#leaseDir, 0o700);
      ensureOwnDirectory(`${this.#leaseDir}-order`, 0o700);
      this.#turn = new HostCounter(`${this.#leaseDir}-order`);
    }
  }

  get size(): number {
    return this.#range.last - this.#range.first + 1;
  }

  get inUse(): number {
    return this.#inUse.size;
  }

  acquire(): number {
    for (let tried = 0; tried < this.size; tried++) {
      const uid = this.#range.first + (this.#turn.next() % this.size);
      if (this.#inUse.has(uid) || !this.#lease(uid)) continue;
      this.#inUse.add(uid);
      return uid;
    }
    throw new UidPoolExhaustedError(this.#range);
  }

  /** Call only once the uid's sandbox is dead (SandboxProcess.kill() resolved). */
  release(uid: number): void {
    if (!this.#inUse.delete(uid)) throw new InvariantError(`sandbox uid ${uid} is not in use`);
    if (this.#leaseDir !== null) {
      try {
        unlinkSync(join(this.#leaseDir, String(uid)));
      } catch {
        // Already gone: nobody else can hold it meanwhile, as the file was ours.
      }
    }
  }

  /** True when this process now holds the uid's host-wide lease. */
  #lease(uid: number): boolean {
    if (this.#leaseDir === null) return true;
    const path = join(this.#leaseDir, String(uid));
    if (create(path)) return true;
    if (!holderIsDead(path)) return false;
    // Take over a dead holder's lease. Renaming it aside first is atomic, so of two processes taking
    // over at once only one moves the file; a lease that turns out to be live is put back.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      return create(path);
    }
    const stillDead = holderIsDead(aside);
    if (!stillDead) {
      try {
        linkSync(aside, path);
      } catch {
        // Someone leased it meanwhile; theirs stands.
      }
    }
    unlinkSync(aside);
    return stillDead && create(path);
  }
}

function create(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch {
    return false;
  }
  try {
    writeSync(fd, formatIdentity(currentProcess()));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A lease is written right after it is created; one still unreadable after this was never finished. */
const UNWRITTEN_LEASE_MS = 10_000;

function holderIsDead(path: string): boolean {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(path, 'utf8');
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return false;
  }
  const holder = parseIdentity(text);
  if (holder === undefined) return Date.now() - mtimeMs > UNWRITTEN_LEASE_MS;
  return !isAlive(holder);
}
