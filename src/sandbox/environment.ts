/**
 * One execution environment: a bwrap sandbox running a runtime, its own Runtime API server on a
 * Unix socket, and its log capture. It belongs to one version for its whole life and runs one
 * invocation at a time (SECURITY.md, invariant 2). A timeout, crash, OOM kill or init failure
 * destroys it, and so does opening more connections to its host-side listeners than its share
 * (connection-guard.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { SandboxLauncher } from './launch/sandbox-launcher.js';
import type { SandboxExit, SandboxProcess } from './launch/sandbox-spec.js';
import type { UidPool } from './launch/uid-pool.js';
import { ConnectionGuard } from './connection-guard.js';
import type { ConnectionLimitExceeded } from './connection-guard.js';
import type { LimitBreachReporter } from './limit-breach.js';
import type { ListenerLimits } from './listener-limits.js';
import { RuntimeApiServer } from './runtime-api/runtime-api-server.js';
import type { InvocationRequest } from './runtime-api/invocation.js';
import { LogCapture } from './log-capture.js';
import type { EnvironmentInvocation, EnvironmentOutcome, EnvironmentSpec } from './environment-types.js';
import type { EnvironmentNetwork, NetworkProvider } from './network/sandbox-network.js';
import { InvalidStateError } from '../shared/errors/lambdabox-error.js';

/** Where the Runtime API socket appears inside the sandbox. */
export const SANDBOX_SOCKET_PATH = '/var/runtime-api/api.sock';
/** Lambda gives the init phase 10 s of its own (on-demand), separate from the function timeout. */
const INIT_TIMEOUT_MS = 10_000;
/** How long a runtime whose response was refused as too large has to come back to /next. */
const REFUSED_RESPONSE_GRACE_MS = 2_000;
/** Event-loop turns spent reading a phase's last output (each turn reads up to megabytes). */
const OUTPUT_DRAIN_TURNS = 64;

export type EnvironmentState = 'starting' | 'ready' | 'busy' | 'stopped';

export interface EnvironmentDeps {
  readonly launcher: SandboxLauncher;
  readonly uids: UidPool;
  readonly runDir: string;
  readonly logger: Logger;
  /** The lambdabox API relay and the egress path; without it the sandbox has only the Runtime API. */
  readonly network?: NetworkProvider;
  /** The connection cap and timeouts of every host-side listener of an environment. */
  readonly listenerLimits: ListenerLimits;
  /** Logs and records an environment destroyed for exceeding its share. */
  readonly breaches: LimitBreachReporter;
}

export class Environment {
  readonly id: string;
  readonly spec: EnvironmentSpec;
  readonly createdAt = Date.now();
  lastUsedAt = Date.now();
  #state: EnvironmentState = 'starting';
  #deps: EnvironmentDeps;
  #api: RuntimeApiServer | undefined;
  #process: SandboxProcess | undefined;
  #uid: number | undefined;
  #dir: string;
  #logs = new LogCapture();
  #initDurationMs: number | undefined;
  #initialised = false;
  #exit: Promise<SandboxExit> | undefined;
  #destroyed: Promise<void> | undefined;
  #network: EnvironmentNetwork | undefined;
  /** The invocation in flight, for the network's log lines. */
  #requestId: string | undefined;

  private constructor(spec: EnvironmentSpec, deps: EnvironmentDeps) {
    this.id = `env-${randomBytes(8).toString('hex')}`;
    this.spec = spec;
    this.#deps = deps;
    this.#dir = join(deps.runDir, 'envs', this.id);
  }

  /** Launches the sandbox; its runtime initialises in the background (a cold start). */
  static async start(spec: EnvironmentSpec, deps: EnvironmentDeps): Promise<Environment> {
    const env = new Environment(spec, deps);
    try {
      await env.#launch();
    } catch (err) {
      await env.destroy();
      throw err;
    }
    return env;
  }

  get state(): EnvironmentState {
    return this.#state;
  }

  async #launch(): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o711 });
    const socketPath = join(this.#dir, 'api.sock');
    const limits = this.#deps.listenerLimits;
    const guard = new ConnectionGuard({ limit: limits.connectionsPerEnvironment, onExceeded: (e) => this.#exceeded(e) });
    const api = new RuntimeApiServer({ socketPath, logger: this.#deps.logger, limits, guard });
    this.#api = api;
    await api.start();
    api.initDone.then(
      (ms) => {
        this.#initDurationMs = ms;
        this.#process?.setCpuBoost(false);
      },
      () => undefined,
    );
    this.#network = await this.#deps.network?.open({
      envId: this.id,
      dir: this.#dir,
      key: this.spec.key,
      platformLog: (line) => this.#logs.appendLine(line),
      requestId: () => this.#requestId,
      guard,
      limits,
    });
    const network = this.#network ?? { mounts: [], env: {} };
    this.#uid = this.#deps.uids.acquire();
    const proc = await this.#deps.launcher.launch({
      envId: this.id,
      hostUid: this.#uid,
      // Connecting works through a read-only bind; nothing inside may replace the socket.
      mounts: [...this.spec.mounts, ...network.mounts, { kind: 'ro-bind', source: socketPath, dest: SANDBOX_SOCKET_PATH }],
      // Lambda's init phase gets a full CPU whatever the memory size; the quota applies once init is done.
      cpuBoost: true,
      tmpSizeMiB: this.spec.tmpSizeMiB,
      memoryMiB: this.spec.memoryMiB,
      command: this.spec.command,
      env: { ...this.spec.env, ...network.env, _LAMBDABOX_RUNTIME_API_SOCKET: SANDBOX_SOCKET_PATH },
      cwd: '/var/task',
      ...(this.spec.key.sandbox === undefined ? {} : { backend: this.spec.key.sandbox }),
    });
    this.#process = proc;
    this.#logs.attach(proc.stdout);
    this.#logs.attach(proc.stderr);
    this.#exit = proc.exited;
    void proc.exited.then(() => {
      // A runtime that dies fails whatever it was doing; the environment is finished.
      api.destroy(new Error('the runtime process exited'));
      if (this.#state !== 'stopped') void this.destroy();
    });
    this.#state = 'ready';
  }

  /** Runs one invocation. The caller must not call again before this resolves. */
  async invoke(request: Omit<InvocationRequest, 'deadlineMs'>): Promise<EnvironmentInvocation> {
    const api = this.#api;
    const proc = this.#process;
    const exit = this.#exit;
    if (this.#state !== 'ready' || api === undefined || proc === undefined || exit === undefined) {
      throw new InvalidStateError(`environment ${this.id} cannot invoke in state ${this.#state}`);
    }
    this.#state = 'busy';
    // Idle environments are frozen (as Lambda freezes them); the runtime wakes up inside GET /next. The
    // event is handed over only once the thaw (and any freeze still being written) is done.
    await proc.thaw();
    this.#requestId = request.requestId;
    this.lastUsedAt = Date.now();
    const firstInvocation = !this.#initialised;
    this.#initialised = true;
    const exited = exit.then((e): EnvironmentOutcome => ({ kind: 'exit', code: e.code, signal: e.signal, oomKilled: e.oomKilled }));

    let initLogLines: string[] = [];
    if (firstInvocation) {
      const init = await Promise.race([
        api.initDone.then(() => undefined, () => undefined),
        exited,
        delay(INIT_TIMEOUT_MS).then((): EnvironmentOutcome => ({ kind: 'timeout' })),
      ]);
      if (init !== undefined) return this.#finish(init, 0, true, firstInvocation, []);
      await this.#outputRead();
      initLogLines = this.#logs.take();
    }

    const started = performance.now();
    const deadlineMs = Date.now() + this.spec.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<EnvironmentOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), this.spec.timeoutMs);
    });
    let outcome: EnvironmentOutcome;
    try {
      outcome = await Promise.race([
        api.invoke({ ...request, deadlineMs }).catch(() => exited),
        exited,
        timedOut,
      ]);
    } finally {
      clearTimeout(timer);
    }
    // Node timers may fire a fraction of a millisecond early; a timed-out invocation ran its whole timeout.
    const measuredMs = performance.now() - started;
    const durationMs = outcome.kind === 'timeout' ? Math.max(measuredMs, this.spec.timeoutMs) : measuredMs;
    let fatal = outcome.kind === 'timeout' || outcome.kind === 'exit' || outcome.kind === 'init-error';
    if (outcome.kind === 'response-too-large') {
      // The invoke's answer is settled, but the runtime may die of the 413 (awslambdaric does); freezing
      // it first would hand that exit to the next invoke. Keep the environment only if it comes back.
      const back = await Promise.race([api.backInNext(REFUSED_RESPONSE_GRACE_MS), exited.then(() => false)]);
      fatal = !back;
    }
    return this.#finish(outcome, durationMs, fatal, firstInvocation, initLogLines);
  }

  async #finish(
    outcome: EnvironmentOutcome,
    durationMs: number,
    fatal: boolean,
    firstInvocation: boolean,
    initLogLines: string[],
  ): Promise<EnvironmentInvocation> {
    this.#requestId = undefined;
    if (fatal) await this.#stopProcess();
    else await this.#outputRead();
    const result: EnvironmentInvocation = {
      outcome,
      initDurationMs: firstInvocation ? this.#initDurationMs : undefined,
      durationMs,
      maxMemoryUsedMiB: Math.ceil((this.#process?.maxMemoryUsedBytes() ?? 0) / (1024 * 1024)),
      initLogLines,
      logLines: this.#logs.take(),
      fatal,
    };
    if (fatal) await this.destroy();
    else {
      // Nothing runs between invocations: background timers and busy loops stop here, not just the handler.
      this.#process?.freeze();
      this.#state = 'ready';
      this.lastUsedAt = Date.now();
    }
    return result;
  }

  /** Kills the process tree but keeps the env's output readable until destroy(). */
  async #stopProcess(): Promise<void> {
    await this.#process?.kill();
    await this.#outputRead();
  }

  /**
   * Lets the stdout/stderr pipes deliver what the runtime wrote before it answered, so those lines
   * belong to this phase. The writes are in the kernel's socket buffers (hundreds of KB) before the
   * Runtime API call that ended the phase, but are read over several turns of the event loop: turn
   * until one brings nothing. A runtime that keeps writing in the background is cut off after a few.
   */
  async #outputRead(): Promise<void> {
    for (let turn = 0; turn < OUTPUT_DRAIN_TURNS; turn++) {
      const before = this.#logs.received;
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#logs.received === before) return;
    }
  }

  /**
   * One connection too many: the server's descriptors are every account's, so the environment goes at
   * once. The invocation in flight fails as a killed runtime does (Runtime.ExitError, signal: killed).
   */
  #exceeded(e: ConnectionLimitExceeded): void {
    const line = this.#deps.breaches.connections({
      key: this.spec.key,
      envId: this.id,
      requestId: this.#requestId,
      listener: e.listener,
      limit: e.limit,
    });
    this.#logs.appendLine(line);
    void this.destroy();
  }

  /** Kills the whole process tree and removes the cgroup, socket and directory. Idempotent. */
  destroy(): Promise<void> {
    this.#destroyed ??= (async () => {
      this.#state = 'stopped';
      this.#api?.destroy(new Error('the execution environment was destroyed'));
      try {
        await this.#process?.kill();
      } finally {
        await this.#api?.close().catch(() => undefined);
        await this.#network?.close().catch(() => undefined);
        if (this.#uid !== undefined) this.#deps.uids.release(this.#uid);
        await rm(this.#dir, { recursive: true, force: true });
      }
    })();
    return this.#destroyed;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
