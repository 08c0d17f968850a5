/**
 * A launched sandbox as the rest of lambdabox sees it. Its life is bound to its cgroup: kill()
 * empties the cgroup (the whole tree, whatever it forked or daemonized inside its pid namespace),
 * and only then are the cgroups removed. Memory and CPU figures are read from the cgroup while it
 * exists and kept from the last reading afterwards.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { sigkill, sleep } from './cgroup-v1.js';
import type { CgroupLimits } from './cgroup-limits.js';
import type { EnvCgroup, FreezerState } from './env-cgroup.js';
import type { SandboxExit, SandboxProcess } from './sandbox-spec.js';

/** How long bwrap gets to exit once its sandbox is dead. */
const BWRAP_EXIT_GRACE_MS = 1000;
const POLL_MS = 5;
/** bwrap reports a command killed by signal N as exit status 128 + N. */
const KILLED_BY_SIGKILL = 128 + 9;

export class LaunchedSandbox implements SandboxProcess {
  readonly envId: string;
  readonly pid: number;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly exited: Promise<SandboxExit>;
  readonly #child: ChildProcess;
  readonly #cgroup: EnvCgroup;
  readonly #limits: CgroupLimits;
  readonly #logger: Logger;
  readonly #onGone: () => void;
  #removed = false;
  #hasExited = false;
  #killedByUs = false;
  #killing: Promise<void> | undefined;
  #lastMaxMemory = 0;
  #lastCpu = 0;
  /**
   * The freezer: what the environment wants (frozen while idle), what was last written, and the chain
   * that runs the writes one at a time, in request order, so a thaw always lands after an earlier freeze.
   */
  #freezerWanted: FreezerState = 'THAWED';
  #freezerApplied: FreezerState = 'THAWED';
  #freezerWrites: Promise<void> = Promise.resolve();

  constructor(options: {
    envId: string;
    pid: number;
    child: ChildProcess;
    stdout: Readable;
    stderr: Readable;
    cgroup: EnvCgroup;
    limits: CgroupLimits;
    logger: Logger;
    onGone: () => void;
  }) {
    this.envId = options.envId;
    this.pid = options.pid;
    this.stdout = options.stdout;
    this.stderr = options.stderr;
    this.#child = options.child;
    this.#cgroup = options.cgroup;
    this.#limits = options.limits;
    this.#logger = options.logger;
    this.#onGone = options.onGone;
    this.exited = new Promise((resolve) => {
      options.child.once('exit', (code, signal) => resolve(this.#onExit(code, signal)));
    });
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): SandboxExit {
    this.#hasExited = true;
    this.#snapshot();
    let oomKilled = false;
    try {
      const { oomKills, failCount } = this.#cgroup.memoryCounters();
      const sigkilled = signal === 'SIGKILL' || code === KILLED_BY_SIGKILL;
      // Kernels before 4.13 have no oom_kill count: hitting the limit and dying of SIGKILL is the sign.
      oomKilled = oomKills !== undefined ? oomKills > 0 : failCount > 0 && sigkilled && !this.#killedByUs;
    } catch (error) {
      this.#logger.warn({ envId: this.envId, err: error }, 'cannot read the sandbox memory counters');
    }
    return { code, signal, oomKilled };
  }

  #snapshot(): void {
    if (this.#removed) return;
    try {
      this.#lastMaxMemory = this.#cgroup.maxMemoryUsedBytes();
      this.#lastCpu = this.#cgroup.cpuUsageNanos();
    } catch {
      // The cgroup is gone; keep the last figures.
    }
  }

  kill(): Promise<void> {
    this.#killing ??= this.#kill();
    return this.#killing;
  }

  /**
   * bwrap's pid-1 child dies first, so that bwrap, still alive, reaps it and exits: killed together,
   * that child would be orphaned to the host's init and linger as a zombie of the sandbox uid.
   */
  async #kill(): Promise<void> {
    this.#killedByUs = true;
    // A frozen process cannot die, and bwrap must run to reap its child. Later freezer requests are
    // ignored (#killing is set), so this is the last write of the chain.
    this.#freezerWanted = 'THAWED';
    await this.#freezerStep('THAWED', true);
    try {
      if (this.#cgroup.pids().includes(this.pid)) {
        await this.#cgroup.killAll(this.pid);
        // Still setting up, bwrap may fork its child only now: keep killing until bwrap is gone.
        const deadline = Date.now() + BWRAP_EXIT_GRACE_MS;
        while (!this.#hasExited && Date.now() < deadline) {
          sigkill(this.#cgroup.pids().filter((pid) => pid !== this.pid));
          await sleep(POLL_MS);
        }
      }
      // Not yet in its cgroups (still the wrapper shell), or bwrap did not exit on its own.
      this.#child.kill('SIGKILL');
      await this.#cgroup.killAll();
      await this.exited;
      this.#snapshot();
      this.#removed = true;
      await this.#cgroup.remove();
    } finally {
      this.#onGone();
    }
  }

  maxMemoryUsedBytes(): number {
    this.#snapshot();
    return this.#lastMaxMemory;
  }

  resetMaxMemory(): void {
    if (this.#removed) return;
    try {
      this.#cgroup.resetMaxMemory();
      this.#lastMaxMemory = 0;
    } catch {
      // Gone already: nothing to reset.
    }
  }

  cpuUsageNanos(): number {
    this.#snapshot();
    return this.#lastCpu;
  }

  /**
   * Freezes the sandbox once the current turn of the event loop is over: an invocation already waiting
   * for this environment thaws it first, and then neither write happens. The write itself runs off the
   * main thread; a thaw requested meanwhile waits for it.
   */
  freeze(): void {
    if (this.#killing !== undefined || this.#removed || this.#hasExited) return;
    this.#freezerWanted = 'FROZEN';
    setImmediate(() => void this.#freezerStep('FROZEN', false));
  }

  /** Resolves once the sandbox is thawed (after any freeze write in flight): only then may it be handed work. */
  thaw(): Promise<void> {
    if (this.#killing !== undefined || this.#removed) return Promise.resolve();
    this.#freezerWanted = 'THAWED';
    return this.#freezerStep('THAWED', false);
  }

  /**
   * Queues one write. A freeze is dropped if a thaw was requested since (the environment is wanted
   * again); a write that would not change the state is dropped; after kill() starts only its own thaw
   * runs, and always writes (whatever the kernel's state, the tree must be able to die).
   */
  #freezerStep(state: FreezerState, forKill: boolean): Promise<void> {
    const step = this.#freezerWrites.then(async () => {
      if (this.#removed || (this.#killing !== undefined && !forKill)) return;
      if (!forKill && (this.#freezerWanted !== state || this.#freezerApplied === state)) return;
      try {
        await this.#cgroup.writeFreezerState(state);
        this.#freezerApplied = state;
      } catch {
        // Gone already.
      }
    });
    this.#freezerWrites = step;
    return step;
  }

  freezerState(): string {
    if (this.#removed) return 'gone';
    try {
      return this.#cgroup.freezerState();
    } catch {
      return 'gone';
    }
  }

  setCpuBoost(on: boolean): void {
    if (this.#removed) return;
    try {
      this.#cgroup.setCpuQuota(on ? this.#limits.boostQuotaUs : this.#limits.cfsQuotaUs);
    } catch {
      // Gone already.
    }
  }
}
