/**
 * Starts sandboxes: one bwrap process tree per environment, as the environment's own unprivileged
 * host uid, in its own cgroups, with an empty spawn environment and only stdout, stderr and the
 * env-args fd open. start() checks the host and cleans what a crashed earlier run left behind;
 * close() kills every sandbox still running.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, rm, rmdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { runRoot } from '../run-dir.js';
import { buildBwrapArgs, encodeEnvArgs, ENV_ARGS_FD } from './bwrap-args.js';
import { cgroupLimits } from './cgroup-limits.js';
import { CONTROLLERS, LAMBDABOX_CGROUP, childCgroups, cgroupTree, killCgroupMembers, removeCgroups } from './cgroup-v1.js';
import { EnvCgroup } from './env-cgroup.js';
import { checkSandboxHost, SandboxHostError } from './host-check.js';
import type { HostTools } from './host-check.js';
import { assertInstanceName, claimInstance, instanceIsLive } from './instance-lease.js';
import { wrapperArgs } from './launch-wrapper.js';
import { LaunchedSandbox } from './sandbox-process.js';
import { DEFAULT_PIDS_MAX, validateSandboxSpec } from './sandbox-spec.js';
import type { SandboxProcess, SandboxSpec } from './sandbox-spec.js';

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
  #state: LauncherState = 'new';
  #tools: HostTools | undefined;
  #claimedLease: string | undefined;

  constructor(options: SandboxLauncherOptions) {
    assertInstanceName(options.instance);
    this.#instance = options.instance;
    this.#cgroupRoot = options.cgroupRoot ?? DEFAULT_CGROUP_ROOT;
    this.#runBase = options.runBase;
    this.#logger = options.logger;
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error(`cannot start the sandbox launcher in state ${this.#state}`);
    const checked = await checkSandboxHost({ cgroupRoot: this.#cgroupRoot });
    if (!checked.ok) throw new SandboxHostError(checked.problems);
    this.#tools = checked.tools;
    const leases = await runRoot(this.#runBase);
    await mkdir(leases, { recursive: true, mode: 0o711 });
    await chmod(leases, 0o711);
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

  async launch(spec: SandboxSpec): Promise<SandboxProcess> {
    const tools = this.#tools;
    if (this.#state !== 'started' || tools === undefined) {
      throw new Error(`cannot launch a sandbox: the launcher is ${this.#state}`);
    }
    validateSandboxSpec(spec);
    const cgroup = new EnvCgroup(this.#cgroupRoot, this.#instance, spec.envId);
    const limits = cgroupLimits(spec.memoryMiB, spec.pidsMax ?? DEFAULT_PIDS_MAX, this.#hostCpus);
    await cgroup.create(limits, tools.memsw, spec.cpuBoost === true);
    const args = wrapperArgs({
      hostUid: spec.hostUid,
      keepFd: ENV_ARGS_FD,
      procsFiles: cgroup.procsFiles(),
      setpriv: tools.setpriv,
      bwrap: tools.bwrap,
      bwrapArgs: buildBwrapArgs(spec),
    });
    // env {}: bwrap's own environment is readable inside through /proc/1/environ.
    const child = spawn(tools.bash, args, { env: {}, cwd: '/', stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (error) {
      await cgroup.remove().catch(() => undefined);
      throw error;
    }
    const { stdout, stderr } = child;
    const envArgs = child.stdio[ENV_ARGS_FD] as Writable | null | undefined;
    if (child.pid === undefined || stdout === null || stderr === null || envArgs == null) {
      throw new Error('spawn did not provide the sandbox pipes');
    }
    // The sandbox may die before reading its variables; that shows in its exit, not here.
    envArgs.on('error', () => undefined);
    envArgs.end(encodeEnvArgs(spec.env));
    const sandbox: LaunchedSandbox = new LaunchedSandbox({
      envId: spec.envId,
      pid: child.pid,
      child,
      stdout,
      stderr,
      cgroup,
      limits,
      logger: this.#logger,
      onGone: () => this.#live.delete(sandbox),
    });
    this.#live.add(sandbox);
    if (this.#state !== 'started') {
      // close() began while this one was being set up, and did not see it.
      await sandbox.kill();
      throw new Error('cannot launch a sandbox: the launcher is closing');
    }
    return sandbox;
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
