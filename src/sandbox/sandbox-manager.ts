/**
 * Pools execution environments per version. An idle environment of the same version (and the same
 * $LATEST revision) is reused warm; otherwise a new one is started (cold). Environments are
 * destroyed after `idleTimeoutMs` unused, after `maxLifetimeMs`, when their version is retired
 * (UpdateFunctionCode/Configuration, deletion), and all of them on close.
 */
import type { Logger } from 'pino';
import { Environment } from './environment.js';
import type { EnvironmentDeps } from './environment.js';
import type { EnvironmentSpec, VersionKey } from './environment-types.js';
import { versionKeyString, warmKeyString } from './environment-types.js';
import { ClosedError } from '../shared/errors/lambdabox-error.js';

/**
 * An environment's longest life: Lambda recycles each environment within 14 hours, even a busy one, so
 * none runs on old credentials, old patches or accumulated state for ever. Its role credentials are
 * sized to it (src/iam/sessions/execution-role-credentials.ts).
 */
export const DEFAULT_MAX_LIFETIME_MS = 14 * 3_600_000;

export interface SandboxManagerOptions extends EnvironmentDeps {
  readonly logger: Logger;
  /** @default 5 minutes */
  readonly idleTimeoutMs?: number;
  /** @default 14 hours, as Lambda */
  readonly maxLifetimeMs?: number;
  /** How often idle and old environments are looked for. @default 5 s */
  readonly reapIntervalMs?: number;
}

export interface Acquired {
  readonly env: Environment;
  readonly cold: boolean;
}

export type SandboxManagerState = 'running' | 'closing' | 'closed';

export class SandboxManager {
  readonly #options: SandboxManagerOptions;
  readonly #idle = new Map<string, Environment[]>();
  readonly #all = new Set<Environment>();
  /** When a version (or `*`: every version of a function) was retired; older environments are not reused. */
  readonly #retiredAt = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;
  #state: SandboxManagerState = 'running';

  constructor(options: SandboxManagerOptions) {
    this.#options = options;
    this.#timer = setInterval(() => void this.reap(), options.reapIntervalMs ?? 5_000);
    this.#timer.unref();
  }

  /** Counts of environments per state, for metrics and tests. */
  stats(): { total: number; idle: number } {
    let idle = 0;
    for (const list of this.#idle.values()) idle += list.length;
    return { total: this.#all.size, idle };
  }

  /** Idle environments by `warmKeyString`: what a node tells its peers it can run warm. */
  idleByKey(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const list of this.#idle.values()) {
      for (const env of list) {
        if (env.state !== 'ready') continue;
        const k = warmKeyString(env.spec.key);
        out[k] = (out[k] ?? 0) + 1;
      }
    }
    return out;
  }

  /** Whether an invoke of this key would find an idle environment here now. */
  hasIdle(key: VersionKey): boolean {
    const want = warmKeyString(key);
    return (this.#idle.get(versionKeyString(key)) ?? []).some((env) => env.state === 'ready' && warmKeyString(env.spec.key) === want);
  }

  /** A warm idle environment of this exact version and revision, or a new one from `spec()`. */
  async acquire(key: VersionKey, spec: () => Promise<EnvironmentSpec>): Promise<Acquired> {
    if (this.#state !== 'running') throw new ClosedError('the sandbox manager is closed');
    const list = this.#idle.get(versionKeyString(key));
    while (list !== undefined && list.length > 0) {
      // Most recently used first: it is the one most likely to have warm caches.
      const env = list.pop();
      if (env === undefined) break;
      // Past its lifetime an environment is not reused even before the reaper sees it: its execution-role
      // credentials are only valid for that lifetime plus one invocation.
      const young = Date.now() - env.createdAt < (this.#options.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS);
      const sameSandbox = (env.spec.key.sandbox ?? 'bwrap') === (key.sandbox ?? 'bwrap');
      if (env.state === 'ready' && young && sameSandbox && env.spec.key.revisionId === key.revisionId) return { env, cold: false };
      void this.#destroy(env);
    }
    const env = await Environment.start(await spec(), this.#options);
    this.#all.add(env);
    if (this.#state !== 'running') {
      await this.#destroy(env);
      throw new ClosedError('the sandbox manager is closed');
    }
    return { env, cold: true };
  }

  /** Returns an environment after an invocation; a stopped or retired one is dropped. */
  release(env: Environment): void {
    // Past its lifetime a busy environment drains: its invocation finishes, then it goes; the next invoke starts a new one.
    const old = Date.now() - env.createdAt >= (this.#options.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS);
    if (env.state !== 'ready' || this.#state !== 'running' || this.#retired(env) || old) {
      void this.#destroy(env);
      return;
    }
    const k = versionKeyString(env.spec.key);
    const list = this.#idle.get(k);
    if (list === undefined) this.#idle.set(k, [env]);
    else list.push(env);
  }

  /** Destroys the idle environments of a version; busy ones are destroyed when released. */
  retire(accountId: string, functionName: string, version?: string): void {
    for (const [k, list] of this.#idle) {
      const env = list[0];
      if (env === undefined) continue;
      const key = env.spec.key;
      if (key.accountId !== accountId || key.functionName !== functionName) continue;
      if (version !== undefined && key.version !== version) continue;
      this.#idle.delete(k);
      for (const e of list) void this.#destroy(e);
    }
    this.#retiredAt.set(`${accountId}:${functionName}:${version ?? '*'}`, Date.now());
  }

  #retired(env: Environment): boolean {
    const { accountId, functionName, version } = env.spec.key;
    for (const k of [`${accountId}:${functionName}:${version}`, `${accountId}:${functionName}:*`]) {
      const at = this.#retiredAt.get(k);
      if (at !== undefined && env.createdAt <= at) return true;
    }
    return false;
  }

  /** Destroys idle environments past the idle timeout and any past the maximum lifetime. */
  async reap(now = Date.now()): Promise<number> {
    const idleMs = this.#options.idleTimeoutMs ?? 300_000;
    const lifeMs = this.#options.maxLifetimeMs ?? DEFAULT_MAX_LIFETIME_MS;
    const doomed: Environment[] = [];
    for (const [k, list] of this.#idle) {
      const keep = list.filter((env) => {
        const expired = now - env.lastUsedAt >= idleMs || now - env.createdAt >= lifeMs;
        if (expired) doomed.push(env);
        return !expired;
      });
      if (keep.length === 0) this.#idle.delete(k);
      else this.#idle.set(k, keep);
    }
    await Promise.all(doomed.map((env) => this.#destroy(env)));
    return doomed.length;
  }

  async #destroy(env: Environment): Promise<void> {
    try {
      await env.destroy();
    } catch (err) {
      this.#options.logger.warn({ err, env: env.id }, 'destroying an environment failed');
    } finally {
      this.#all.delete(env);
    }
  }

  /** Destroys every environment (busy ones included) and stops the reaper. */
  async close(): Promise<void> {
    if (this.#state !== 'running') return;
    this.#state = 'closing';
    clearInterval(this.#timer);
    this.#idle.clear();
    await Promise.all([...this.#all].map((env) => this.#destroy(env)));
    this.#state = 'closed';
  }
}
