/**
 * Which lambdabox instances are alive on this host. Run directories and cgroups are shared host
 * state: a server (or a test) must clean up what a crashed earlier run left behind without touching
 * an instance that is still running next to it. An instance is held by the process whose pid and
 * start time are written in `<runBase>/<instance>/owner`; a recycled pid has another start time.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, HostError, InUseError } from '../../shared/errors/lambdabox-error.js';

/** Instance names end up in paths and cgroup names. */
export const INSTANCE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

const OWNER_FILE = 'owner';

export interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: string;
}

export function assertInstanceName(instance: string): void {
  if (!INSTANCE_NAME.test(instance)) {
    throw new ConfigError(`invalid lambdabox instance name ${JSON.stringify(instance)}: expected [a-z0-9-]{1,64}`);
  }
}

/** Field 22 of /proc/<pid>/stat (clock ticks since boot); undefined when the process is gone. */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses; fields after the last ')' are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

export function currentProcess(): ProcessIdentity {
  const startTime = processStartTime(process.pid);
  if (startTime === undefined) throw new HostError('cannot read /proc/self/stat');
  return { pid: process.pid, startTime };
}

async function readOwner(instanceDir: string): Promise<ProcessIdentity | undefined> {
  let text: string;
  try {
    text = await readFile(join(instanceDir, OWNER_FILE), 'utf8');
  } catch {
    return undefined;
  }
  return parseIdentity(text);
}

export function parseIdentity(text: string): ProcessIdentity | undefined {
  const match = /^(\d+) (\d+)\n?$/.exec(text);
  if (match === null || match[1] === undefined || match[2] === undefined) return undefined;
  return { pid: Number(match[1]), startTime: match[2] };
}

export function formatIdentity(identity: ProcessIdentity): string {
  return `${identity.pid} ${identity.startTime}\n`;
}

export function isAlive(owner: ProcessIdentity): boolean {
  return processStartTime(owner.pid) === owner.startTime;
}

/** True when a live process other than this one holds the instance. */
export async function heldByAnotherProcess(runBase: string, instance: string): Promise<ProcessIdentity | undefined> {
  const owner = await readOwner(join(runBase, instance));
  if (owner === undefined || !isAlive(owner)) return undefined;
  const me = currentProcess();
  return owner.pid === me.pid && owner.startTime === me.startTime ? undefined : owner;
}

/** True when some live process (this one included) holds the instance. */
export async function instanceIsLive(runBase: string, instance: string): Promise<boolean> {
  const owner = await readOwner(join(runBase, instance));
  return owner !== undefined && isAlive(owner);
}

export type ClaimResult = 'claimed' | 'held';

/**
 * Makes this process the instance's holder. 'claimed': the instance was free, and whatever an earlier
 * run left in its directory has been removed. 'held': this process already held it (nothing removed).
 * Throws when another live process holds it: two servers on one instance would destroy each other's
 * sandboxes.
 */
export async function claimInstance(runBase: string, instance: string): Promise<ClaimResult> {
  assertInstanceName(instance);
  const dir = join(runBase, instance);
  const owner = await readOwner(dir);
  const me = currentProcess();
  if (owner !== undefined && isAlive(owner)) {
    if (owner.pid === me.pid && owner.startTime === me.startTime) return 'held';
    throw new InUseError(
      `lambdabox instance "${instance}" is in use by process ${owner.pid}; stop it or choose another instance name`,
    );
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o711 });
  await chmod(dir, 0o711);
  await writeFile(join(dir, OWNER_FILE), formatIdentity(me), { mode: 0o600, flag: 'wx' });
  return 'claimed';
}
