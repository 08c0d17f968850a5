/**
 * The host directory that holds an instance's extracted code, layers and per-environment sockets:
 * `<base>/lambdabox/<instance>`, where base is the first tmpfs among /run and /dev/shm (plaintext
 * code never touches a persistent disk), else os.tmpdir(). Mode 0711, root-owned: sandbox uids can
 * traverse to the paths bound into them but list nothing. The root is created or checked by
 * run-root.ts: a pre-existing one that is a symlink, or someone else's, is refused.
 */
import { statfsSync } from 'node:fs';
import { readdir, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INSTANCE_NAME,
  assertInstanceName,
  claimInstance,
  heldByAnotherProcess,
  instanceIsLive,
} from './launch/instance-lease.js';
import { ensureRunRoot } from './run-root.js';

const TMPFS_MAGIC = 0x01021994;
const TMPFS_CANDIDATES = ['/run', '/dev/shm'];

export interface RunDirOptions {
  readonly instance: string;
  /** Parent of `lambdabox/`; by default the first tmpfs among /run and /dev/shm, else os.tmpdir(). */
  readonly base?: string;
}

/** The first tmpfs among /run and /dev/shm, else os.tmpdir(). */
export async function pickRunBase(): Promise<string> {
  for (const candidate of TMPFS_CANDIDATES) {
    try {
      if ((await statfs(candidate)).type === TMPFS_MAGIC) return candidate;
    } catch {
      // Absent on this host: try the next one.
    }
  }
  return tmpdir();
}

/** pickRunBase() for constructors (UidPool) that cannot wait. */
export function pickRunBaseSync(): string {
  for (const candidate of TMPFS_CANDIDATES) {
    try {
      if (statfsSync(candidate).type === TMPFS_MAGIC) return candidate;
    } catch {
      // Absent on this host: try the next one.
    }
  }
  return tmpdir();
}

/** `<base>/lambdabox`: holds one directory per instance (and host-wide state under dot names). */
export async function runRoot(base?: string): Promise<string> {
  return join(base ?? (await pickRunBase()), 'lambdabox');
}

/**
 * Creates the instance's run directory and makes this process its holder. Leftovers of earlier runs
 * are removed: this instance's own directory when its holder is gone, and the directories of other
 * instances whose holder is gone (a crash leaves them behind). Live instances are not touched.
 */
export async function prepareRunDir(options: RunDirOptions): Promise<string> {
  assertInstanceName(options.instance);
  const root = await runRoot(options.base);
  ensureRunRoot(root);
  for (const name of await readdir(root)) {
    // Dot names (the uid leases) are host-wide state, not instances.
    if (name === options.instance || !INSTANCE_NAME.test(name)) continue;
    if (!(await instanceIsLive(root, name))) await rm(join(root, name), { recursive: true, force: true });
  }
  await claimInstance(root, options.instance);
  return join(root, options.instance);
}

/** Removes the instance's run directory at shutdown, unless another live process holds it. */
export async function removeRunDir(options: RunDirOptions): Promise<void> {
  assertInstanceName(options.instance);
  const root = await runRoot(options.base);
  if ((await heldByAnotherProcess(root, options.instance)) !== undefined) return;
  await rm(join(root, options.instance), { recursive: true, force: true });
}
