/**
 * The sandbox backends an environment can run in. Bubblewrap (namespaces + seccomp on the host
 * kernel) is the default; gVisor (runsc, a user-space kernel in front of the host kernel) is the
 * stronger tier for untrusted tenants, at several hundred milliseconds more per cold start. Both
 * run through the same launcher, so both get the env's own host uid, cgroups (memory, pids, CPU,
 * freezer), rlimits and empty spawn environment; they differ in what stands between the function
 * and the host kernel.
 */
import type { SandboxProcess, SandboxSpec } from './sandbox-spec.js';

/** Weakest isolation first: a backend's index is its rank. */
export const SANDBOX_BACKEND_NAMES = ['bwrap', 'gvisor'] as const;
export type SandboxBackendName = (typeof SANDBOX_BACKEND_NAMES)[number];

/**
 * The function tag that selects a backend (`lambdabox:sandbox=gvisor`); absent means the server
 * default. A tag may only raise isolation above the server's default: the operator chooses the
 * floor for every tenant, a tenant may ask for more, never for less.
 */
export const SANDBOX_TAG = 'lambdabox:sandbox';

export interface SandboxBackendCapabilities {
  /** Memory, pids and CPU limits from the env's cgroups apply to everything the sandbox runs. */
  readonly supportsCgroupLimits: boolean;
  /** Idle environments can be frozen (cgroup freezer) and thawed. */
  readonly supportsFreezer: boolean;
  /** Function syscalls are served by a user-space kernel, not the host kernel. */
  readonly userSpaceKernel: boolean;
  /** The seccomp deny-list applies to the function's own syscalls. */
  readonly seccompDenyList: boolean;
}

export interface SandboxBackend {
  readonly name: SandboxBackendName;
  readonly capabilities: SandboxBackendCapabilities;
  launch(spec: SandboxSpec): Promise<SandboxProcess>;
}

export function isSandboxBackendName(value: string): value is SandboxBackendName {
  return (SANDBOX_BACKEND_NAMES as readonly string[]).includes(value);
}

/** How much a backend isolates, comparable: bwrap < gvisor. */
export function isolationRank(name: SandboxBackendName): number {
  return SANDBOX_BACKEND_NAMES.indexOf(name);
}

/**
 * The backend a function runs in: the stronger of its `lambdabox:sandbox` tag and the server
 * default. Tag validation refuses unknown values and values below the default; a tag stored
 * before either rule (or before the operator raised the default) still never runs below it.
 */
export function backendForTags(tags: Readonly<Record<string, string>>, serverDefault: SandboxBackendName): SandboxBackendName {
  const tagged = tags[SANDBOX_TAG];
  if (tagged === undefined || !isSandboxBackendName(tagged)) return serverDefault;
  return isolationRank(tagged) > isolationRank(serverDefault) ? tagged : serverDefault;
}

export class SandboxBackendUnavailableError extends Error {
  constructor(name: SandboxBackendName, why: string) {
    super(`the ${name} sandbox backend is not available on this host: ${why}`);
    this.name = 'SandboxBackendUnavailableError';
  }
}
