/**
 * The sandbox backends an environment can run in. Bubblewrap (namespaces + seccomp on the host
 * kernel) is the default; gVisor (runsc, a user-space kernel in front of the host kernel) is the
 * stronger tier for untrusted tenants, at several hundred milliseconds more per cold start. Both
 * run through the same launcher, so both get the env's own host uid, cgroups (memory, pids, CPU,
 * freezer), rlimits and empty spawn environment; they differ in what stands between the function
 * and the host kernel.
 */
import type { SandboxProcess, SandboxSpec } from './sandbox-spec.js';
import type { SandboxBackendName } from '../../shared/platform-tags/sandbox-tag.js';

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

export class SandboxBackendUnavailableError extends Error {
  constructor(name: SandboxBackendName, why: string) {
    super(`the ${name} sandbox backend is not available on this host: ${why}`);
    this.name = 'SandboxBackendUnavailableError';
  }
}
