/**
 * What the launch layer needs to start one sandbox, and what it hands back. The spec is validated
 * before anything reaches bwrap: every string here ends up in an argv or a cgroup path.
 */
import type { Readable } from 'node:stream';
import { isAbsolute, normalize } from 'node:path';
import { isSandboxBackendName } from '../../shared/platform-tags/sandbox-tag.js';
import type { SandboxBackendName } from '../../shared/platform-tags/sandbox-tag.js';

export interface SandboxMount {
  /** 'ro-bind' for code, layers and runtimes; 'bind' only for what the sandbox must write (none yet) or a socket. */
  readonly kind: 'ro-bind' | 'bind';
  /**
   * Absolute host path. bwrap opens it as the sandbox's host uid, so every directory above it must
   * be searchable by that uid (the run directory is 0711 for this reason).
   */
  readonly source: string;
  /** Absolute path inside the sandbox. */
  readonly dest: string;
}

export interface SandboxSpec {
  /** [a-z0-9-]{1,64}; names the env's cgroups. */
  readonly envId: string;
  /** From UidPool; never 0. The sandbox runs as this host uid. */
  readonly hostUid: number;
  /** Code at /var/task, layers at /opt, runtime at /var/runtime, lang at /var/lang, the Runtime API socket… */
  readonly mounts: readonly SandboxMount[];
  /** Size of the private /tmp (EphemeralStorage). */
  readonly tmpSizeMiB: number;
  /** MemorySize: memory and memory+swap limit (no swap); also scales the CPU share and quota. */
  readonly memoryMiB: number;
  /** @default DEFAULT_PIDS_MAX */
  readonly pidsMax?: number;
  /** argv inside the sandbox; argv[0] is an absolute path. */
  readonly command: readonly string[];
  /** Delivered through `--args 3` as --setenv pairs, never in bwrap's argv or the spawn environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Working directory inside, normally /var/task. */
  readonly cwd: string;
  /**
   * Start without the memory-proportional CPU quota (all host CPUs) until setCpuBoost(false), e.g.
   * for the init phase: at 128 MB the 10 % quota makes a bare `node -e 1` take several times longer.
   */
  readonly cpuBoost?: boolean;
  /** Which sandbox runs the command. @default 'bwrap' */
  readonly backend?: SandboxBackendName;
}

export interface SandboxExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The kernel's OOM killer killed a process of this sandbox (memory limit reached). */
  readonly oomKilled: boolean;
}

export interface SandboxProcess {
  readonly envId: string;
  /** Host pid of the launcher chain (sh → setpriv → bwrap: one pid, each execs the next). */
  readonly pid: number;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Settles when bwrap exits; the OOM verdict is read from the cgroup at that moment. */
  readonly exited: Promise<SandboxExit>;
  /** SIGKILLs every process in the env's cgroup (the whole tree), waits for exit, removes the cgroups. Idempotent. */
  kill(): Promise<void>;
  /** memory.max_usage_in_bytes; after kill() the last value read. */
  maxMemoryUsedBytes(): number;
  /** Between invocations, so each one reports its own peak. */
  resetMaxMemory(): void;
  /** cpuacct.usage; after kill() the last value read. */
  cpuUsageNanos(): number;
  /** true: the CFS quota of all host CPUs; false: the quota proportional to MemorySize. */
  setCpuBoost(on: boolean): void;
  /**
   * Freezes every process (cgroup freezer) while the environment is idle: requested now, written off the
   * main thread shortly after unless a thaw comes first; no-op once killed.
   */
  freeze(): void;
  /** Thaws a frozen sandbox before its next invocation, after any freeze in flight; no-op once killed. */
  thaw(): Promise<void>;
  /** THAWED, FREEZING or FROZEN; 'gone' once killed. */
  freezerState(): string;
}

/** Lambda allows 1,024 processes and threads per environment. */
export const DEFAULT_PIDS_MAX = 1024;

const ENV_ID = /^[a-z0-9-]{1,64}$/;
const ENV_NAME = /^[^=\0]+$/;
/** Inside paths the launch layer builds itself; a spec mount may not replace them or mount inside them. */
const RESERVED_TREES = ['/usr', '/bin', '/lib', '/lib64', '/sbin', '/proc', '/dev', '/tmp', '/etc/ssl/certs', '/etc/alternatives'];
const RESERVED_EXACT = ['/', '/etc', '/etc/ssl', '/etc/passwd', '/etc/group', '/etc/hosts', '/etc/nsswitch.conf'];

export class InvalidSandboxSpecError extends Error {
  constructor(message: string) {
    super(`invalid sandbox spec: ${message}`);
    this.name = 'InvalidSandboxSpecError';
  }
}

function fail(message: string): never {
  throw new InvalidSandboxSpecError(message);
}

function assertPath(what: string, path: string): void {
  if (path.includes('\0')) fail(`${what} contains a NUL character`);
  if (!isAbsolute(path) || normalize(path) !== path || (path.endsWith('/') && path !== '/')) {
    fail(`${what} ${JSON.stringify(path)} must be an absolute, normalized path`);
  }
}

function assertWhole(what: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) fail(`${what} must be an integer in [${min}, ${max}]`);
}

export function validateSandboxSpec(spec: SandboxSpec): void {
  if (!ENV_ID.test(spec.envId)) fail(`envId ${JSON.stringify(spec.envId)} must match [a-z0-9-]{1,64}`);
  // 0 is root; the top of the range is the kernel's "no uid" (-1).
  assertWhole('hostUid', spec.hostUid, 1, 0xfffffffe);
  assertWhole('tmpSizeMiB', spec.tmpSizeMiB, 1, 10240);
  assertWhole('memoryMiB', spec.memoryMiB, 16, 10240);
  if (spec.pidsMax !== undefined) assertWhole('pidsMax', spec.pidsMax, 1, 4194304);
  if (spec.cpuBoost !== undefined && typeof spec.cpuBoost !== 'boolean') fail('cpuBoost must be a boolean');
  if (spec.backend !== undefined && !isSandboxBackendName(spec.backend)) fail(`unknown sandbox backend ${String(spec.backend)}`);
  const [program] = spec.command;
  if (program === undefined) fail('command is empty');
  assertPath('command[0]', program);
  for (const arg of spec.command) if (arg.includes('\0')) fail('command contains a NUL character');
  assertPath('cwd', spec.cwd);
  for (const [name, value] of Object.entries(spec.env)) {
    if (!ENV_NAME.test(name)) fail(`environment variable name ${JSON.stringify(name)} is empty or holds '=' or NUL`);
    if (value.includes('\0')) fail(`environment variable ${name} contains a NUL character`);
  }
  const dests = new Set<string>();
  for (const mount of spec.mounts) {
    if (mount.kind !== 'ro-bind' && mount.kind !== 'bind') fail(`mount kind ${String(mount.kind)}`);
    assertPath('mount source', mount.source);
    assertPath('mount dest', mount.dest);
    const shadowed = RESERVED_EXACT.includes(mount.dest)
      ? mount.dest
      : RESERVED_TREES.find((r) => mount.dest === r || mount.dest.startsWith(`${r}/`));
    if (shadowed !== undefined) fail(`mount dest ${mount.dest} would replace the sandbox's own ${shadowed}`);
    if (dests.has(mount.dest)) fail(`mount dest ${mount.dest} appears twice`);
    dests.add(mount.dest);
  }
}
