/**
 * The OCI runtime spec (config.json) runsc runs one environment from: the same view of the world as
 * the bwrap sandbox (bwrap-args.ts): the read-only userland, the spec's mounts, a private sized
 * /tmp, a read-only root, uid 993/gid 990 inside, no capabilities, no_new_privs, the rlimits
 * Lambda documents (RLIMIT_NPROC too: gVisor's kernel counts its own tasks, which the host pids
 * cgroup cannot) and the seccomp deny-list (which gVisor enforces on the function's syscalls inside
 * its own kernel, with --oci-seccomp). No network namespace content: runsc runs with
 * --network=none, so only loopback exists inside.
 */
import type { SeccompPolicy } from '../seccomp/deny-list.js';
import { DEFAULT_SECCOMP_POLICY } from '../seccomp/deny-list.js';
import { ENOSYS } from '../seccomp/bpf.js';
import { SANDBOX_GID, SANDBOX_UID } from './bwrap-args.js';
import { NOFILE_LIMIT } from './launch-wrapper.js';
import { DEFAULT_PIDS_MAX } from './sandbox-spec.js';
import type { SandboxSpec } from './sandbox-spec.js';

export interface OciMount {
  readonly destination: string;
  readonly type: string;
  readonly source: string;
  readonly options?: readonly string[];
}

/** Read-only binds of the host userland every sandbox gets; `optional` ones are skipped when missing. */
export const GVISOR_USERLAND: readonly { readonly path: string; readonly optional: boolean }[] = [
  { path: '/usr', optional: false },
  { path: '/etc/ssl/certs', optional: true },
  { path: '/etc/ssl/openssl.cnf', optional: true },
  { path: '/etc/alternatives', optional: true },
];

/** Root-level links to /usr, as the bwrap sandbox has them (merged /usr). */
export const GVISOR_ROOT_LINKS: readonly (readonly [string, string])[] = [
  ['bin', 'usr/bin'],
  ['sbin', 'usr/sbin'],
  ['lib', 'usr/lib'],
  ['lib64', 'usr/lib64'],
];

const MIB = 1024 * 1024;

function bindMount(source: string, destination: string, readOnly = true): OciMount {
  return { destination, type: 'bind', source, options: ['rbind', ...(readOnly ? ['ro'] : []), 'nosuid', 'nodev'] };
}

/**
 * This runsc (Debian's 20221219) ignores `errnoRet`: SCMP_ACT_ERRNO always answers EPERM. The
 * ENOSYS denials (io_uring, which gVisor implements and would otherwise allow; clone3, on whose
 * EPERM glibc would not fall back to clone, so no thread could start) use SCMP_ACT_TRACE instead:
 * with no tracer attached the call fails with ENOSYS, in gVisor's kernel as in Linux, and no tracer
 * can ever attach, since ptrace is itself denied.
 */

/** OCI seccomp section with the deny-list bwrap loads (same syscalls, argument rules and errnos). */
export function ociSeccomp(policy: SeccompPolicy = DEFAULT_SECCOMP_POLICY): Record<string, unknown> {
  const byErrno = new Map<number, string[]>();
  for (const { syscall, errno } of policy.denied) {
    const names = byErrno.get(errno) ?? [];
    names.push(syscall);
    byErrno.set(errno, names);
  }
  const syscalls: Record<string, unknown>[] = [...byErrno].map(([errno, names]) => ({
    names,
    action: errno === ENOSYS ? 'SCMP_ACT_TRACE' : 'SCMP_ACT_ERRNO',
    errnoRet: errno,
  }));
  for (const rule of policy.argumentRules) {
    const args =
      rule.match.kind === 'any-bit'
        ? // Denied when any masked bit is set: one rule per bit, since masked-equal compares the whole mask.
          bits(rule.match.mask).map((bit) => [{ index: rule.arg, value: bit, valueTwo: bit, op: 'SCMP_CMP_MASKED_EQ' }])
        : rule.match.kind === 'equals'
          ? rule.match.values.map((value) => [{ index: rule.arg, value, op: 'SCMP_CMP_EQ' }])
          : noneOf(rule.arg, rule.match.values);
    const action = rule.errno === ENOSYS ? 'SCMP_ACT_TRACE' : 'SCMP_ACT_ERRNO';
    for (const a of args) syscalls.push({ names: [rule.syscall], action, errnoRet: rule.errno, args: a });
  }
  return { defaultAction: 'SCMP_ACT_ALLOW', architectures: ['SCMP_ARCH_X86_64'], syscalls };
}

/** Gaps between allowed values are spelled out one value each; a policy with wide gaps is a mistake. */
const MAX_NONE_OF_DENIALS = 64;

/**
 * A 'none-of' rule as OCI rules, which can only name what they deny: one SCMP_CMP_EQ per value below
 * the largest allowed one that is not allowed, and SCMP_CMP_GT for everything above it. OCI compares
 * the whole 64-bit argument where the BPF filter reads the low 32 bits: a value with high bits set is
 * always above the largest allowed one, so it is denied here too (the kernel would have read only the
 * low half: at worst an allowed value is refused).
 */
function noneOf(index: number, values: readonly number[]): Record<string, unknown>[][] {
  const allowed = [...new Set(values)].sort((a, b) => a - b);
  const out: Record<string, unknown>[][] = [];
  let next = 0;
  for (const value of allowed) {
    for (; next < value; next++) out.push([{ index, value: next, op: 'SCMP_CMP_EQ' }]);
    next = value + 1;
  }
  if (out.length > MAX_NONE_OF_DENIALS) throw new RangeError(`a none-of rule on argument ${index} denies too many single values`);
  out.push([{ index, value: next - 1, op: 'SCMP_CMP_GT' }]);
  return out;
}

function bits(mask: number): number[] {
  const out: number[] = [];
  for (let bit = 0; bit < 32; bit++) {
    const value = 2 ** bit;
    if (Math.floor(mask / value) % 2 === 1) out.push(value);
  }
  return out;
}

/**
 * The host pids cgroup of a gVisor environment: a backstop for runsc itself, not the function's
 * limit. With the ptrace platform each sandboxed process costs the host a stub process and threads
 * (about 2.7 host tasks each, measured at 1,023 processes); at the bwrap limit the sentry could not
 * start a thread and would crash instead of the function seeing EAGAIN.
 */
export function gvisorHostPidsMax(pidsMax: number): number {
  return pidsMax * 4 + 256;
}

/** What one more process costs the environment's memory under runsc (ptrace platform), rounded up. */
const GVISOR_MIB_PER_PROCESS = 4;
const GVISOR_MIN_TASKS = 128;

/**
 * RLIMIT_NPROC inside gVisor: Lambda's 1,024 where memory allows, else what the memory can hold.
 * A process under runsc costs about 3 MiB of the env's memory cgroup (its ptrace stub and the
 * sentry's bookkeeping; under bwrap a forked child costs a quarter of a MiB), measured with 1,023
 * idle Python children (3.1 GB). Without this a fork bomb ends in an OOM kill instead of EAGAIN.
 */
export function gvisorTaskLimit(memoryMiB: number, pidsMax: number): number {
  return Math.min(pidsMax, Math.max(GVISOR_MIN_TASKS, Math.floor(memoryMiB / GVISOR_MIB_PER_PROCESS)));
}

export function buildOciSpec(spec: SandboxSpec, userland: readonly string[]): Record<string, unknown> {
  const tasks = gvisorTaskLimit(spec.memoryMiB, spec.pidsMax ?? DEFAULT_PIDS_MAX);
  const mounts: OciMount[] = [
    { destination: '/proc', type: 'proc', source: 'proc' },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'noexec', 'mode=755'] },
    {
      destination: '/tmp',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'nodev', 'mode=1777', `size=${spec.tmpSizeMiB * MIB}`],
    },
    ...userland.map((path) => bindMount(path, path)),
    ...spec.mounts.map((m) => bindMount(m.source, m.dest, m.kind === 'ro-bind')),
  ];
  return {
    ociVersion: '1.0.0',
    process: {
      terminal: false,
      user: { uid: SANDBOX_UID, gid: SANDBOX_GID },
      args: [...spec.command],
      env: Object.entries(spec.env).map(([name, value]) => `${name}=${value}`),
      cwd: spec.cwd,
      capabilities: { bounding: [], effective: [], inheritable: [], permitted: [], ambient: [] },
      noNewPrivileges: true,
      rlimits: [
        // Processes and threads of the sandbox's uid, as the pids cgroup bounds them under bwrap.
        { type: 'RLIMIT_NPROC', hard: tasks, soft: tasks },
        { type: 'RLIMIT_NOFILE', hard: NOFILE_LIMIT, soft: NOFILE_LIMIT },
        { type: 'RLIMIT_CORE', hard: 0, soft: 0 },
      ],
    },
    root: { path: 'rootfs', readonly: true },
    hostname: 'localhost',
    mounts,
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
      seccomp: ociSeccomp(),
    },
  };
}
