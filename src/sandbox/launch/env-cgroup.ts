/**
 * One environment's cgroups: `<root>/<controller>/lambdabox/<instance>/<envId>` for memory, pids,
 * cpu, cpuacct and freezer. The launch wrapper joins all of them before it drops to the sandbox uid,
 * so every process of the sandbox, bwrap included, is a member and can be found and killed here.
 */
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupLimits } from './cgroup-limits.js';
import type { Controller } from './cgroup-v1.js';
import {
  CONTROLLERS,
  LAMBDABOX_CGROUP,
  cgroupPids,
  killCgroupMembers,
  readCgroupFile,
  removeCgroups,
  sigkill,
  sleep,
  writeCgroupFile,
} from './cgroup-v1.js';
import { InvariantError } from '../../shared/errors/lambdabox-error.js';

const KILL_TIMEOUT_MS = 10_000;
const FREEZE_WAIT_MS = 100;

export interface MemoryCounters {
  /** Processes the kernel OOM killer killed in this cgroup (memory.oom_control `oom_kill`); undefined before Linux 4.13. */
  readonly oomKills: number | undefined;
  /** Times usage hit the limit (memory.failcnt). */
  readonly failCount: number;
}

export type FreezerState = 'FROZEN' | 'THAWED';
/** Prepared once: a string write costs an encoding on the main thread every time. */
const FREEZER_BYTES: Readonly<Record<FreezerState, Buffer>> = { FROZEN: Buffer.from('FROZEN'), THAWED: Buffer.from('THAWED') };

export class EnvCgroup {
  readonly #dirs: ReadonlyMap<Controller, string>;
  #freezerFile: Promise<FileHandle> | undefined;

  constructor(root: string, instance: string, envId: string) {
    this.#dirs = new Map(CONTROLLERS.map((c) => [c, join(root, c, LAMBDABOX_CGROUP, instance, envId)]));
  }

  dir(controller: Controller): string {
    const dir = this.#dirs.get(controller);
    if (dir === undefined) throw new InvariantError(`unknown controller ${controller}`);
    return dir;
  }

  /** The files the wrapper writes its pid into, one per controller. */
  procsFiles(): string[] {
    return CONTROLLERS.map((c) => join(this.dir(c), 'cgroup.procs'));
  }

  /**
   * Creates the cgroups and applies the limits. The env directory must not exist yet (a clash would
   * mean two sandboxes share limits); on failure what was created is removed again.
   */
  async create(limits: CgroupLimits, memsw: boolean, cpuBoost = false): Promise<void> {
    const created: string[] = [];
    try {
      for (const controller of CONTROLLERS) {
        // Not recursive: an existing directory (EEXIST) is someone else's and must stay untouched.
        await mkdir(this.dir(controller));
        created.push(this.dir(controller));
      }
      const memory = this.dir('memory');
      // limit before memsw: the kernel refuses memsw below the memory limit.
      writeCgroupFile(memory, 'memory.limit_in_bytes', limits.memoryBytes);
      if (memsw) writeCgroupFile(memory, 'memory.memsw.limit_in_bytes', limits.memoryBytes);
      writeCgroupFile(memory, 'memory.swappiness', 0);
      // 0 = the OOM killer is enabled: a process over the limit dies instead of the cgroup hanging.
      writeCgroupFile(memory, 'memory.oom_control', 0);
      writeCgroupFile(this.dir('pids'), 'pids.max', limits.pidsMax);
      const cpu = this.dir('cpu');
      writeCgroupFile(cpu, 'cpu.shares', limits.cpuShares);
      writeCgroupFile(cpu, 'cpu.cfs_period_us', limits.cfsPeriodUs);
      writeCgroupFile(cpu, 'cpu.cfs_quota_us', cpuBoost ? limits.boostQuotaUs : limits.cfsQuotaUs);
    } catch (error) {
      await removeCgroups(created, KILL_TIMEOUT_MS).catch(() => undefined);
      throw error;
    }
  }

  setCpuQuota(quotaUs: number): void {
    writeCgroupFile(this.dir('cpu'), 'cpu.cfs_quota_us', quotaUs);
  }

  pids(): number[] {
    return [...new Set(CONTROLLERS.flatMap((c) => cgroupPids(this.dir(c))))];
  }

  memoryCounters(): MemoryCounters {
    const memory = this.dir('memory');
    const oom = /^oom_kill (\d+)$/m.exec(readCgroupFile(memory, 'memory.oom_control'));
    return {
      oomKills: oom?.[1] === undefined ? undefined : Number(oom[1]),
      failCount: Number(readCgroupFile(memory, 'memory.failcnt').trim()),
    };
  }

  maxMemoryUsedBytes(): number {
    return Number(readCgroupFile(this.dir('memory'), 'memory.max_usage_in_bytes').trim());
  }

  resetMaxMemory(): void {
    writeCgroupFile(this.dir('memory'), 'memory.max_usage_in_bytes', 0);
  }

  cpuUsageNanos(): number {
    return Number(readCgroupFile(this.dir('cpuacct'), 'cpuacct.usage').trim());
  }

  /**
   * Writes freezer.state off the main thread (the kernel's freezer work takes a hundred microseconds or
   * more per write). FROZEN starts freezing every member: the kernel completes it asynchronously
   * (FREEZING, then FROZEN) and a thaw meanwhile cancels it. THAWED has taken effect when this resolves.
   * Callers serialize their writes (LaunchedSandbox does); the file stays open until remove().
   */
  async writeFreezerState(state: FreezerState): Promise<void> {
    this.#freezerFile ??= open(join(this.dir('freezer'), 'freezer.state'), 'r+');
    const file = await this.#freezerFile;
    const bytes = FREEZER_BYTES[state];
    await file.write(bytes, 0, bytes.length, 0);
  }
  /** THAWED, FREEZING or FROZEN. */
  freezerState(): string {
    return readCgroupFile(this.dir('freezer'), 'freezer.state').trim();
  }

  /**
   * Freezes the cgroup so nothing can fork, SIGKILLs every member but `spare`, thaws (a frozen
   * process cannot die), then repeats until no member but `spare` is left.
   */
  async killAll(spare?: number): Promise<void> {
    const freezer = this.dir('freezer');
    let frozen = false;
    try {
      writeCgroupFile(freezer, 'freezer.state', 'FROZEN');
      frozen = true;
      const until = Date.now() + FREEZE_WAIT_MS;
      // A task in uninterruptible sleep keeps the state at FREEZING; kill anyway after a short wait.
      while (readCgroupFile(freezer, 'freezer.state').trim() !== 'FROZEN' && Date.now() < until) await sleep(1);
    } catch {
      // The cgroup is gone or freezing failed: killing in a loop still converges under pids.max.
    }
    sigkill(this.pids().filter((pid) => pid !== spare));
    if (frozen) {
      try {
        writeCgroupFile(freezer, 'freezer.state', 'THAWED');
      } catch {
        // Gone already.
      }
    }
    await killCgroupMembers(
      CONTROLLERS.map((c) => this.dir(c)),
      KILL_TIMEOUT_MS,
      spare,
    );
  }

  async remove(): Promise<void> {
    const file = this.#freezerFile;
    this.#freezerFile = undefined;
    await file?.then((f) => f.close()).catch(() => undefined);
    await removeCgroups(
      CONTROLLERS.map((c) => this.dir(c)),
      KILL_TIMEOUT_MS,
    );
  }
}
