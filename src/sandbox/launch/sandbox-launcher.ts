/**
 * Starts sandboxes: one bwrap process tree per environment, as the environment's own unprivileged
 * host uid, in its own cgroups, with an empty spawn environment and only stdout, stderr, the options
 * fd (bwrap-args.ts) and the seccomp fd open. start() checks the host and cleans what a crashed
 * earlier run left behind; close() kills every sandbox still running.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { runRoot } from '../run-dir.js';
import { ensureRunRoot } from '../run-root.js';
import { ARGS_FD, buildBwrapInvocation, SECCOMP_FD } from './bwrap-args.js';
import { cgroupLimits } from './cgroup-limits.js';
import { CONTROLLERS, LAMBDABOX_CGROUP, childCgroups, cgroupTree, killCgroupMembers, removeCgroups } from './cgroup-v1.js';
import { EnvCgroup } from './env-cgroup.js';
import { checkSandboxHost, SandboxHostError } from './host-check.js';
import type { HostTools } from './host-check.js';
import { assertInstanceName, claimInstance, instanceIsLive } from './instance-lease.js';
import { NOFILE_LIMIT, wrapperArgs } from './launch-wrapper.js';
import { findRunsc, GVISOR_HOST_NOFILE, writeGvisorBundle } from './gvisor-bundle.js';
import { gvisorHostPidsMax } from './gvisor-oci-spec.js';
import type { GvisorBundle } from './gvisor-bundle.js';
import { SandboxBackendUnavailableError } from './sandbox-backend.js';
import type { SandboxBackend } from './sandbox-backend.js';
import type { SandboxBackendName } from '../../shared/platform-tags/sandbox-tag.js';
import { LaunchedSandbox } from './sandbox-process.js';
import { DEFAULT_PIDS_MAX, validateSandboxSpec } from './sandbox-spec.js';
import { generateSeccompFilter } from '../seccomp/generate.js';
import { writeIdentityFiles } from './sandbox-identity.js';
import type { SandboxMount, SandboxProcess, SandboxSpec } from './sandbox-spec.js';
import { ClosedError, InvalidStateError, InvariantError, NotStartedError } from '../../shared/errors/lambdabox-error.js';

export type { SandboxExit, SandboxMount, SandboxProcess, SandboxSpec } from './sandbox-spec.js';

export const DEFAULT_CGROUP_ROOT = '/sys/fs/cgroup';
const STALE_KILL_TIMEOUT_MS = 10_000;

export interface SandboxLauncherOptions {
  /** Names this server's cgroups (`<ctrl>/lambdabox/<instance>`); [a-z0-9-]{1,64}. */
  readonly instance: string;
  /** @default '/sys/fs/cgroup' */
  readonly cgroupRoot?: string;
  /**
   * Where instance leases live (`<runBase>/lambdabox/<instance>/owner`), telling live instances from
   * crashed ones; defaults to the host's run base (see run-dir.ts). Every instance on a host must
   * use the same one.
   */
  readonly runBase?: string;
  readonly logger: Logger;
}

type LauncherState = 'new' | 'started' | 'closing' | 'closed';

export class SandboxLauncher {
  readonly #instance: string;
  readonly #cgroupRoot: string;
  readonly #runBase: string | undefined;
  readonly #logger: Logger;
  readonly #live = new Set<LaunchedSandbox>();
  readonly #hostCpus = availableParallelism();
  /** Compiled once: every sandbox loads the same deny-list (seccomp/deny-list.ts). */
  readonly #seccomp = generateSeccompFilter();
  #state: LauncherState = 'new';
  #tools: HostTools | undefined;
  #claimedLease: string | undefined;
  #runsc: string | undefined;
  #identity: Promise<SandboxMount[]> | undefined;

  constructor(options: SandboxLauncherOptions) {
    assertInstanceName(options.instance);
    this.#instance = options.instance;
    this.#cgroupRoot = options.cgroupRoot ?? DEFAULT_CGROUP_ROOT;
    this.#runBase = options.runBase;
    this.#logger = options.logger;
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new InvalidStateError(`cannot start the sandbox launcher in state ${this.#state}`);
    const checked = await checkSandboxHost({ cgroupRoot: this.#cgroupRoot });
    if (!checked.ok) throw new SandboxHostError(checked.problems);
    this.#tools = checked.tools;
    this.#runsc = await findRunsc();
    const leases = await runRoot(this.#runBase);
    ensureRunRoot(leases);
    if ((await claimInstance(leases, this.#instance)) === 'claimed') this.#claimedLease = join(leases, this.#instance);
    await this.#removeStaleCgroups(leases);
    for (const controller of CONTROLLERS) {
      await mkdir(this.#instanceCgroup(controller), { recursive: true, mode: 0o755 });
    }
    this.#state = 'started';
  }

  #instanceCgroup(controller: string): string {
    return join(this.#cgroupRoot, controller, LAMBDABOX_CGROUP, this.#instance);
  }

  /**
   * This instance's cgroups are all stale at start (a crash left them); another instance's are stale
   * when no live process holds its lease. Their processes are killed, then the cgroups removed.
   */
  async #removeStaleCgroups(leases: string): Promise<void> {
    const stale: string[] = [];
    for (const controller of CONTROLLERS) {
      for (const dir of childCgroups(join(this.#cgroupRoot, controller, LAMBDABOX_CGROUP))) {
        const name = dir.slice(dir.lastIndexOf('/') + 1);
        if (name === this.#instance || !(await instanceIsLive(leases, name))) stale.push(...cgroupTree(dir));
      }
    }
    if (stale.length === 0) return;
    this.#logger.info({ cgroups: stale.length }, 'removing cgroups left by an earlier run');
    await killCgroupMembers(stale, STALE_KILL_TIMEOUT_MS);
    await removeCgroups(stale, STALE_KILL_TIMEOUT_MS);
  }

  /**
   * The backends this host can run. gVisor needs `runsc` (Debian: apt-get install -y runsc); without
   * it only bubblewrap is offered.
   */
  backends(): SandboxBackend[] {
    const out: SandboxBackend[] = [
      {
        name: 'bwrap',
        capabilities: { supportsCgroupLimits: true, supportsFreezer: true, userSpaceKernel: false, seccompDenyList: true },
        launch: (spec) => this.launch({ ...spec, backend: 'bwrap' }),
      },
    ];
    if (this.#runsc !== undefined) {
      out.push({
        name: 'gvisor',
        // runsc's sentry and gofer run in the env's cgroups: the limits and the freezer bound them all.
        capabilities: { supportsCgroupLimits: true, supportsFreezer: true, userSpaceKernel: true, seccompDenyList: true },
        launch: (spec) => this.launch({ ...spec, backend: 'gvisor' }),
      });
    }
    return out;
  }

  /** Whether `name` can run here. */
  supports(name: SandboxBackendName): boolean {
    return this.backends().some((b) => b.name === name);
  }

  async launch(requested: SandboxSpec): Promise<SandboxProcess> {
    const tools = this.#tools;
    if (this.#state !== 'started' || tools === undefined) {
      const message = `cannot launch a sandbox: the launcher is ${this.#state}`;
      throw this.#state === 'new' ? new NotStartedError(message) : new ClosedError(message);
    }
    validateSandboxSpec(requested);
    // After validation: the identity files sit on paths a spec's own mounts may not take.
    const spec: SandboxSpec = { ...requested, mounts: [...(await this.#identityMounts()), ...requested.mounts] };
    const backend = spec.backend ?? 'bwrap';
    const runsc = this.#runsc;
    if (backend === 'gvisor' && runsc === undefined) {
      throw new SandboxBackendUnavailableError('gvisor', 'runsc is not installed (apt-get install -y runsc)');
    }
    const cgroup = new EnvCgroup(this.#cgroupRoot, this.#instance, spec.envId);
    // gVisor bounds the function's processes itself (RLIMIT_NPROC); its host cgroup bounds runsc.
    const pidsMax = spec.pidsMax ?? DEFAULT_PIDS_MAX;
    const limits = cgroupLimits(spec.memoryMiB, backend === 'gvisor' ? gvisorHostPidsMax(pidsMax) : pidsMax, this.#hostCpus);
    await cgroup.create(limits, tools.memsw, spec.cpuBoost === true);
    let bundle: GvisorBundle | undefined;
    let program: { path: string; args: readonly string[]; keepFd: number; nofile: number; argsData?: Buffer };
    try {
      if (backend === 'gvisor' && runsc !== undefined) {
        bundle = await writeGvisorBundle(join(await this.#gvisorRoot(), spec.envId), spec);
        program = { path: runsc, args: bundle.args, keepFd: 2, nofile: GVISOR_HOST_NOFILE };
      } else {
        const bwrap = buildBwrapInvocation(spec, { seccompFd: SECCOMP_FD });
        program = { path: tools.bwrap, args: bwrap.argv, keepFd: SECCOMP_FD, nofile: NOFILE_LIMIT, argsData: bwrap.argsData };
      }
    } catch (error) {
      await cgroup.remove().catch(() => undefined);
      throw error;
    }
    const args = wrapperArgs({
      hostUid: spec.hostUid,
      keepFd: program.keepFd,
      nofile: program.nofile,
      procsFiles: cgroup.procsFiles(),
      setpriv: tools.setpriv,
      program: program.path,
      programArgs: program.args,
    });
    // env {}: bwrap's own environment is readable inside through /proc/1/environ.
    const stdio = bundle === undefined ? ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] as const : ['ignore', 'pipe', 'pipe'] as const;
    const child = spawn(tools.bash, args, { env: {}, cwd: '/', stdio: [...stdio] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (error) {
      await cgroup.remove().catch(() => undefined);
      await bundle?.remove().catch(() => undefined);
      throw error;
    }
    const { stdout, stderr } = child;
    if (child.pid === undefined || stdout === null || stderr === null) {
      throw new InvariantError('spawn did not provide the sandbox pipes');
    }
    if (program.argsData !== undefined) {
      const argsPipe = child.stdio[ARGS_FD] as Writable | null | undefined;
      const seccomp = child.stdio[SECCOMP_FD] as Writable | null | undefined;
      if (argsPipe == null || seccomp == null) throw new InvariantError('spawn did not provide the sandbox pipes');
      // The sandbox may die before reading its options; that shows in its exit, not here.
      argsPipe.on('error', () => undefined);
      argsPipe.end(program.argsData);
      seccomp.on('error', () => undefined);
      seccomp.end(this.#seccomp);
    }
    const sandbox: LaunchedSandbox = new LaunchedSandbox({
      envId: spec.envId,
      pid: child.pid,
      child,
      stdout,
      stderr,
      cgroup,
      limits,
      logger: this.#logger,
      onGone: () => {
        this.#live.delete(sandbox);
        void bundle?.remove().catch(() => undefined);
      },
    });
    this.#live.add(sandbox);
    if (this.#state !== 'started') {
      // close() began while this one was being set up, and did not see it.
      await sandbox.kill();
      throw new ClosedError('cannot launch a sandbox: the launcher is closing');
    }
    return sandbox;
  }

  /** /etc/passwd, group, hosts and nsswitch.conf (sandbox-identity.ts), written once under `<run base>/lambdabox/<instance>/etc`. */
  #identityMounts(): Promise<SandboxMount[]> {
    if (this.#identity === undefined) {
      const written = (async () => {
        const instanceDir = join(await runRoot(this.#runBase), this.#instance);
        await mkdir(instanceDir, { recursive: true, mode: 0o711 });
        return writeIdentityFiles(join(instanceDir, 'etc'));
      })();
      // A failed write is retried by the next launch rather than remembered.
      written.catch(() => {
        if (this.#identity === written) this.#identity = undefined;
      });
      this.#identity = written;
    }
    return this.#identity;
  }

  /** `<run base>/lambdabox/<instance>/gvisor`: a tmpfs, searchable (0711) by the sandbox uids. */
  async #gvisorRoot(): Promise<string> {
    const dir = join(await runRoot(this.#runBase), this.#instance, 'gvisor');
    await mkdir(dir, { recursive: true, mode: 0o711 });
    return dir;
  }

  /** Sandboxes launched and not yet killed. */
  get running(): number {
    return this.#live.size;
  }

  async close(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'closing') return;
    this.#state = 'closing';
    const results = await Promise.allSettled([...this.#live].map((sandbox) => sandbox.kill()));
    for (const result of results) {
      if (result.status === 'rejected') this.#logger.error({ err: result.reason }, 'a sandbox could not be killed');
    }
    for (const controller of CONTROLLERS) {
      await rmdir(this.#instanceCgroup(controller)).catch(() => undefined);
    }
    if (this.#claimedLease !== undefined) {
      // Only the lease: the run directory around it belongs to whoever prepared it.
      await rm(join(this.#claimedLease, 'owner'), { force: true });
      await rmdir(this.#claimedLease).catch(() => undefined);
    }
    this.#state = 'closed';
  }
}
