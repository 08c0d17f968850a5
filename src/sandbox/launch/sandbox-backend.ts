/**
 * The sandbox backends an environment can run in. Bubblewrap (namespaces + seccomp on the host
 * kernel) is the default; gVisor (runsc, a user-space kernel in front of the host kernel) is the
 * stronger tier for untrusted tenants, at several hundred milliseconds more per cold start. Both
 * run through the same launcher, so both get the env's own host uid, cgroups (memory, pids, CPU,
 * freezer), rlimits and empty spawn environment; they differ in what stands between the function
 * and the host kernel.
 */
import type { SandboxProcess, SandboxSpec } from './sandbox-spec.js';

export const SANDBOX_BACKEND_NAMES = ['bwrap', 'gvisor'] as const;
export type SandboxBackendName = (typeof SANDBOX_BACKEND_NAMES)[number];

/** The function tag that selects a backend (`lambdabox:sandbox=gvisor`); absent means the account default. */
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

/**
 * The backend a function runs in: its `lambdabox:sandbox` tag, else the account default. Tag
 * validation refuses unknown values; one stored before that rule falls back to the default.
 */
export function backendForTags(tags: Readonly<Record<string, string>>, accountDefault: SandboxBackendName): SandboxBackendName {
  const tagged = tags[SANDBOX_TAG];
  return tagged !== undefined && isSandboxBackendName(tagged) ? tagged : accountDefault;
}

export class SandboxBackendUnavailableError extends Error {
  constructor(name: SandboxBackendName, why: string) {
    super(`the ${name} sandbox backend is not available on this host: ${why}`);
    this.name = 'SandboxBackendUnavailableError';
  }
}
