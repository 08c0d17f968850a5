/**
 * Small primitives over the cgroup v1 hierarchies at `<root>/<controller>`: the controllers an
 * environment is placed in, reading member processes, and killing every process of a cgroup tree.
 * cgroupfs reads and writes are in-kernel and take microseconds, so they are synchronous.
 */
import { readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct', 'freezer'] as const;
export type Controller = (typeof CONTROLLERS)[number];

/** The subtree every lambdabox instance lives in, per controller. */
export const LAMBDABOX_CGROUP = 'lambdabox';

const POLL_MS = 5;

export function readCgroupFile(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

export function writeCgroupFile(dir: string, file: string, value: string | number): void {
  writeFileSync(join(dir, file), String(value));
}

/** Member processes (thread-group ids) of one cgroup; none when it is gone. */
export function cgroupPids(dir: string): number[] {
  let text: string;
  try {
    text = readCgroupFile(dir, 'cgroup.procs');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);
}

/** Child cgroups (sub-directories) of a cgroup; none when it is gone. */
export function childCgroups(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(dir, entry.name));
  } catch {
    return [];
  }
}

/** Every cgroup of a tree, deepest first (the order rmdir needs). */
export function cgroupTree(dir: string): string[] {
  const out: string[] = [];
  for (const child of childCgroups(dir)) out.push(...cgroupTree(child));
  out.push(dir);
  return out;
}

export function treePids(dirs: readonly string[]): number[] {
  return [...new Set(dirs.flatMap((dir) => cgroupPids(dir)))];
}

export function sigkill(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone (ESRCH).
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class CgroupBusyError extends Error {
  constructor(dirs: readonly string[], pids: readonly number[]) {
    super(`processes ${pids.join(', ')} survived SIGKILL in ${dirs.join(', ')}`);
    this.name = 'CgroupBusyError';
  }
}

/**
 * SIGKILLs every process in the given cgroups but `spare` (repeating, so a process forked meanwhile
 * dies too) until none is left. Freeze the tree first where possible: then nothing forks meanwhile.
 */
export async function killCgroupMembers(dirs: readonly string[], timeoutMs: number, spare?: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = treePids(dirs).filter((pid) => pid !== spare);
    if (pids.length === 0) return;
    if (Date.now() > deadline) throw new CgroupBusyError(dirs, pids);
    sigkill(pids);
    // An idle environment is frozen, and a frozen process only dies once thawed.
    thawCgroups(dirs);
    await sleep(POLL_MS);
  }
}

/** Thaws every freezer cgroup among `dirs` (others have no freezer.state and are skipped). */
export function thawCgroups(dirs: readonly string[]): void {
  for (const dir of dirs) {
    try {
      writeCgroupFile(dir, 'freezer.state', 'THAWED');
    } catch {
      // Not a freezer cgroup, or gone.
    }
  }
}

/** rmdir of every cgroup in `dirs` (deepest first); a cgroup still emptying is retried until the deadline. */
export async function removeCgroups(dirs: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const dir of dirs) {
    for (;;) {
      try {
        rmdirSync(dir);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        if (code !== 'EBUSY' || Date.now() > deadline) throw error;
        sigkill(cgroupPids(dir));
        await sleep(POLL_MS);
      }
    }
  }
}
