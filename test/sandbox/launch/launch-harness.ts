/** Shared set-up for the launch tests: a real SandboxLauncher on this host's cgroups, and helpers to run sandboxes. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../src/observe/logger.js';
import { SandboxLauncher } from '../../../src/sandbox/launch/sandbox-launcher.js';
import type { SandboxExit, SandboxProcess, SandboxSpec } from '../../../src/sandbox/launch/sandbox-spec.js';
import { UidPool } from '../../../src/sandbox/launch/uid-pool.js';

export const CGROUP_ROOT = '/sys/fs/cgroup';

/** Why the sandbox tests cannot run here, or false. The project's test script installs bubblewrap. */
export const SKIP_SANDBOX: string | false = !['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap'].some((p) => existsSync(p))
  ? 'bwrap is missing: apt-get install -y bubblewrap (npm test installs it)'
  : process.getuid?.() !== 0
    ? 'the sandbox launcher needs root'
    : false;

export interface LaunchHarness {
  readonly launcher: SandboxLauncher;
  readonly instance: string;
  readonly uids: UidPool;
  /** A scratch directory for mount sources. */
  readonly scratch: string;
  close(): Promise<void>;
}

export function randomName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export async function startHarness(): Promise<LaunchHarness> {
  const instance = randomName('t');
  const launcher = new SandboxLauncher({ instance, logger: createLogger({ level: 'silent' }) });
  await launcher.start();
  const scratch = await mkdtemp(join(tmpdir(), 'lbx-launch-'));
  // Mount sources must be reachable by the sandbox uid, as the run directory (0711) is.
  await chmod(scratch, 0o711);
  return {
    launcher,
    instance,
    uids: new UidPool(),
    scratch,
    async close() {
      await launcher.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

export function cgroupDir(controller: string, instance: string, envId: string): string {
  return join(CGROUP_ROOT, controller, 'lambdabox', instance, envId);
}

export function specFor(h: LaunchHarness, command: readonly string[], overrides: Partial<SandboxSpec> = {}): SandboxSpec {
  return {
    envId: randomName('env'),
    mounts: [],
    tmpSizeMiB: 16,
    memoryMiB: 256,
    command,
    env: { PATH: '/usr/bin:/bin' },
    cwd: '/',
    ...overrides,
    hostUid: overrides.hostUid ?? h.uids.acquire(),
  };
}

export interface Finished {
  readonly stdout: string;
  readonly stderr: string;
  readonly exit: SandboxExit;
}

export function collect(proc: SandboxProcess): { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return { stdout: () => out, stderr: () => err };
}

/** Launches, waits for the exit and for both pipes to drain, then kills (removing the cgroups). */
export async function runToEnd(h: LaunchHarness, spec: SandboxSpec): Promise<Finished> {
  const proc = await h.launcher.launch(spec);
  const output = collect(proc);
  const drained = Promise.all([
    new Promise((resolve) => proc.stdout.once('close', resolve)),
    new Promise((resolve) => proc.stderr.once('close', resolve)),
  ]);
  const exit = await proc.exited;
  await drained;
  await proc.kill();
  h.uids.release(spec.hostUid);
  return { stdout: output.stdout(), stderr: output.stderr(), exit };
}

/** Resolves with the text printed so far once `marker` appears on stdout (60 s: generous for a loaded machine; it only costs time when the marker never comes). */
export function waitForOutput(proc: SandboxProcess, marker: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${marker}" on stdout within ${timeoutMs} ms: ${seen}`)), timeoutMs);
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      if (seen.includes(marker)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

/** The real uid (first field of `Uid:`) of a host process, from /proc/<pid>/status. */
export function hostUidOf(pid: number): number {
  const match = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no Uid line for ${pid}`);
  return Number(match[1]);
}
