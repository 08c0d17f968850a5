/**
 * What the launch layer needs from the host, checked once at start (and by `lambdabox doctor`):
 * root, bwrap, setpriv and bash, the cgroup v1 controllers mounted and writable, swap accounting
 * (or no swap), and unprivileged user namespaces. Each problem names the exact fix.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTROLLERS, LAMBDABOX_CGROUP } from './cgroup-v1.js';

export interface HostTools {
  readonly bwrap: string;
  readonly setpriv: string;
  readonly bash: string;
  /** memory.memsw.* exists; without it (and without swap) memory.limit_in_bytes alone bounds the env. */
  readonly memsw: boolean;
}

export interface HostProblem {
  readonly problem: string;
  readonly fix: string;
}

export class SandboxHostError extends Error {
  constructor(readonly problems: readonly HostProblem[]) {
    super(`this host cannot run sandboxes:\n${problems.map((p) => `  - ${p.problem}\n    fix: ${p.fix}`).join('\n')}`);
    this.name = 'SandboxHostError';
  }
}

const BIN_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin'];
const TOOLS = [
  { name: 'bwrap', fix: 'apt-get install -y bubblewrap' },
  { name: 'setpriv', fix: 'apt-get install -y util-linux' },
  { name: 'bash', fix: 'apt-get install -y bash' },
] as const;
/** The uid the user-namespace probe runs as ("nobody"); it only runs /usr/bin/true. */
const PROBE_UID = 65534;
const PROBE_TIMEOUT_MS = 10_000;

async function findExecutable(name: string): Promise<string | undefined> {
  for (const dir of BIN_DIRS) {
    const path = join(dir, name);
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function swapTotalKiB(): Promise<number> {
  try {
    const match = /^SwapTotal:\s+(\d+) kB$/m.exec(await readFile('/proc/meminfo', 'utf8'));
    return match?.[1] === undefined ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

async function checkCgroups(root: string, problems: HostProblem[]): Promise<boolean> {
  if (await exists(join(root, 'cgroup.controllers'))) {
    problems.push({
      problem: `${root} is a cgroup v2 (unified) hierarchy; lambdabox needs the cgroup v1 controllers ${CONTROLLERS.join(', ')}`,
      fix: 'boot with systemd.unified_cgroup_hierarchy=0 on the kernel command line (or mount the v1 controllers there)',
    });
    return false;
  }
  let usable = true;
  for (const controller of CONTROLLERS) {
    const dir = join(root, controller);
    if (!(await exists(join(dir, 'cgroup.procs')))) {
      problems.push({
        problem: `the cgroup v1 controller "${controller}" is not mounted at ${dir}`,
        fix: `mkdir -p ${dir} && mount -t cgroup -o ${controller} cgroup ${dir}`,
      });
      usable = false;
      continue;
    }
    try {
      await mkdir(join(dir, LAMBDABOX_CGROUP), { recursive: true, mode: 0o755 });
      await access(join(dir, LAMBDABOX_CGROUP), constants.W_OK);
    } catch (error) {
      problems.push({
        problem: `cannot create cgroups under ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        fix: `run lambdabox as root with ${root} mounted read-write (in a container: --privileged --cgroupns=host)`,
      });
      usable = false;
    }
  }
  return usable;
}

async function userNamespaceFix(): Promise<string> {
  const sysctl = async (name: string): Promise<string | undefined> => {
    try {
      return (await readFile(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8')).trim();
    } catch {
      return undefined;
    }
  };
  if ((await sysctl('kernel.unprivileged_userns_clone')) === '0') return 'sysctl -w kernel.unprivileged_userns_clone=1';
  if ((await sysctl('user.max_user_namespaces')) === '0') return 'sysctl -w user.max_user_namespaces=15000';
  if ((await sysctl('kernel.apparmor_restrict_unprivileged_userns')) === '1') {
    return 'sysctl -w kernel.apparmor_restrict_unprivileged_userns=0';
  }
  return 'allow unprivileged user namespaces (kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0)';
}

/** Runs a minimal sandbox as an unprivileged uid: proves user namespaces work for non-root. */
async function probeUserNamespaces(tools: { bwrap: string; setpriv: string }): Promise<string | undefined> {
  const args = [
    `--reuid=${PROBE_UID}`, `--regid=${PROBE_UID}`, '--clear-groups', '--inh-caps=-all', '--',
    tools.bwrap, '--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent',
    '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64',
    '--', '/usr/bin/true',
  ];
  return new Promise((resolve) => {
    const child = spawn(tools.setpriv, args, { env: {}, stdio: ['ignore', 'ignore', 'pipe'], timeout: PROBE_TIMEOUT_MS });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve(error.message));
    child.on('close', (code, signal) => {
      resolve(code === 0 ? undefined : stderr.trim() || `exit ${code ?? signal ?? 'unknown'}`);
    });
  });
}

export type HostCheck = { readonly ok: true; readonly tools: HostTools } | { readonly ok: false; readonly problems: readonly HostProblem[] };

/** Every problem found; the tool paths when there is none. */
export async function checkSandboxHost(options: { cgroupRoot: string }): Promise<HostCheck> {
  const problems: HostProblem[] = [];
  if (process.getuid?.() !== 0) {
    problems.push({
      problem: 'lambdabox is not running as root, so it cannot place sandboxes in cgroups and dedicated uids',
      fix: 'run the lambdabox server as root (sandboxes themselves never run as root)',
    });
  }
  const found = new Map<string, string>();
  for (const tool of TOOLS) {
    const path = await findExecutable(tool.name);
    if (path === undefined) problems.push({ problem: `${tool.name} is not installed`, fix: tool.fix });
    else found.set(tool.name, path);
  }
  const cgroupsUsable = await checkCgroups(options.cgroupRoot, problems);
  const memsw = await exists(join(options.cgroupRoot, 'memory', 'memory.memsw.limit_in_bytes'));
  if (cgroupsUsable && !memsw && (await swapTotalKiB()) > 0) {
    problems.push({
      problem: 'swap is on but the memory cgroup does not account it, so MemorySize would not bound memory + swap',
      fix: 'add swapaccount=1 to the kernel command line, or turn swap off: swapoff -a',
    });
  }
  const bwrap = found.get('bwrap');
  const setpriv = found.get('setpriv');
  const bash = found.get('bash');
  if (bwrap !== undefined && setpriv !== undefined && problems.length === 0) {
    const failure = await probeUserNamespaces({ bwrap, setpriv });
    if (failure !== undefined) {
      problems.push({ problem: `bwrap cannot create a sandbox as an unprivileged user: ${failure}`, fix: await userNamespaceFix() });
    }
  }
  if (problems.length > 0 || bwrap === undefined || setpriv === undefined || bash === undefined) return { ok: false, problems };
  return { ok: true, tools: { bwrap, setpriv, bash, memsw } };
}
