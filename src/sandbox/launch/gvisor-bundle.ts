/**
 * One environment's runsc bundle in the run directory (a tmpfs): `rootfs/` (an empty, root-owned
 * skeleton holding only the mount points and the /usr links; runsc mounts it read-only), the
 * `config.json` runsc reads (it holds the environment variables, so it is 0600 and owned by the
 * sandbox's host uid, which runsc runs as) and runsc's `state/` directory. runsc runs rootless as
 * that unprivileged uid, with the ptrace platform, no network and host Unix sockets allowed only
 * through the explicit socket mounts (`--host-uds=open`: the Runtime API and relays).
 */
import { constants } from 'node:fs';
import { access, chown, mkdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildOciSpec, GVISOR_ROOT_LINKS, GVISOR_USERLAND } from './gvisor-oci-spec.js';
import type { SandboxSpec } from './sandbox-spec.js';
import { HostError } from '../../shared/errors/lambdabox-error.js';

export interface GvisorBundle {
  readonly dir: string;
  readonly stateDir: string;
  /** runsc's argv (after the runsc path). */
  readonly args: readonly string[];
  remove(): Promise<void>;
}

/**
 * The open-file limit of runsc's own host processes (the launch wrapper sets it; the function's 1,024
 * is the OCI rlimit, applied inside by the sentry). Every file the function has looked at is a dentry
 * holding host fds in the sentry and the gofer, so at the function's 1,024 a walk of a few thousand
 * files (`find`, a big Python import) exhausted the gofer: every later open and exec in the
 * environment failed with EMFILE, warm invokes included. Measured (ptrace, Debian 20221219): the gofer
 * holds about 340 fds after a Python runtime starts, 2,250 after a walk of 5,700 files and 3,400 after
 * all 148,000 entries of /usr (the dentry cache bounds it); the 1,024 files the function may hold open
 * add at most a few thousand more. Still far below what a bwrap environment may hold (1,024 per process).
 */
export const GVISOR_HOST_NOFILE = 16384;

/**
 * One dentry cache for the whole sandbox, of the size each mount has by default: without it every
 * bind (code, layers, /usr, the identity files, sockets) has its own, and their host fds add up.
 */
export const GVISOR_DENTRY_CACHE = 1000;

const RUNSC_PATHS = ['/usr/bin/runsc', '/usr/sbin/runsc', '/usr/local/bin/runsc'];

/** Debian's runsc package, or undefined when the host has none. */
export async function findRunsc(): Promise<string | undefined> {
  for (const path of RUNSC_PATHS) {
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

async function existing(path: string): Promise<'file' | 'dir' | undefined> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

/** Creates the mount point `dest` inside rootfs as a file or directory, like its source. */
async function mountPoint(rootfs: string, dest: string, kind: 'file' | 'dir'): Promise<void> {
  const path = join(rootfs, dest);
  await mkdir(kind === 'dir' ? path : dirname(path), { recursive: true, mode: 0o755 });
  if (kind === 'file') await writeFile(path, '', { mode: 0o644, flag: 'a' });
}

export function runscArgs(stateDir: string, bundleDir: string, containerId: string): string[] {
  return [
    '--rootless',
    '--network=none',
    '--platform=ptrace',
    // The launch wrapper already placed runsc in the env's cgroups; rootless runsc cannot create its own.
    '--ignore-cgroups',
    // Connecting to the bind-mounted Runtime API socket needs it; only mounted sockets are visible.
    '--host-uds=open',
    '--oci-seccomp',
    // Bounds the host fds the sentry and gofer keep for files looked at and closed (GVISOR_HOST_NOFILE).
    `--dcache=${GVISOR_DENTRY_CACHE}`,
    `--root=${stateDir}`,
    'run',
    `--bundle=${bundleDir}`,
    containerId,
  ];
}

export async function writeGvisorBundle(dir: string, spec: SandboxSpec): Promise<GvisorBundle> {
  await rm(dir, { recursive: true, force: true });
  const rootfs = join(dir, 'rootfs');
  const stateDir = join(dir, 'state');
  await mkdir(rootfs, { recursive: true, mode: 0o755 });
  const userland: string[] = [];
  for (const { path, optional } of GVISOR_USERLAND) {
    const kind = await existing(path);
    if (kind === undefined) {
      if (optional) continue;
      throw new HostError(`${path} is missing on this host`);
    }
    userland.push(path);
    await mountPoint(rootfs, path, kind);
  }
  for (const [name, target] of GVISOR_ROOT_LINKS) await symlink(target, join(rootfs, name));
  for (const dest of ['/proc', '/dev', '/tmp']) await mountPoint(rootfs, dest, 'dir');
  for (const mount of spec.mounts) {
    const kind = await existing(mount.source);
    if (kind === undefined) throw new HostError(`mount source ${mount.source} does not exist`);
    await mountPoint(rootfs, mount.dest, kind);
  }
  await mkdir(stateDir, { mode: 0o700 });
  await chown(stateDir, spec.hostUid, spec.hostUid);
  const config = join(dir, 'config.json');
  await writeFile(config, JSON.stringify(buildOciSpec(spec, userland)), { mode: 0o600 });
  await chown(config, spec.hostUid, spec.hostUid);
  return {
    dir,
    stateDir,
    args: runscArgs(stateDir, dir, spec.envId),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
