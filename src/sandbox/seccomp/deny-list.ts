/**
 * The default seccomp policy of every sandbox (SECURITY.md, invariant 3; Lambda too limits syscalls
 * with seccomp-bpf:
 * https://docs.aws.amazon.com/whitepapers/latest/security-overview-aws-lambda/lambda-isolation-technologies.html):
 * allow by default, because Node, Python and native modules need a broad surface, and deny what
 * namespaces and dropped capabilities do not already make harmless, plus the kernel attack surface
 * (keys, bpf, perf, io_uring) that a function has no business touching.
 */
import { EAFNOSUPPORT, ENOSYS, EPERM } from './bpf.js';
import type { SyscallName } from './syscalls-x86_64.js';

export interface SyscallDenial {
  readonly syscall: SyscallName;
  readonly errno: number;
}

/**
 * Compares the low 32 bits of one argument; that is all the kernel reads of the flags, commands and
 * address families checked here (each is an int or unsigned int). 'any-bit' and 'equals' name what is
 * denied; 'none-of' names what is allowed and denies every other value.
 */
export type ArgumentMatch =
  | { readonly kind: 'any-bit'; readonly mask: number }
  | { readonly kind: 'equals'; readonly values: readonly number[] }
  | { readonly kind: 'none-of'; readonly values: readonly number[] };

export interface ArgumentRule {
  readonly syscall: SyscallName;
  readonly arg: number;
  readonly match: ArgumentMatch;
  readonly errno: number;
}

export interface SeccompPolicy {
  readonly denied: readonly SyscallDenial[];
  /** Each syscall named here is denied when its argument matches and allowed otherwise. */
  readonly argumentRules: readonly ArgumentRule[];
}

const EPERM_SYSCALLS: readonly SyscallName[] = [
  // Reading or steering other processes.
  'ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd',
  // Mounts, old and new API.
  'mount', 'umount2', 'pivot_root', 'chroot', 'move_mount', 'open_tree', 'fsopen', 'fsmount', 'fsconfig',
  'fspick', 'mount_setattr',
  // New namespaces would reopen everything bwrap closed (user namespaces bring capabilities back).
  'unshare', 'setns',
  // Kernel attack surface.
  'keyctl', 'add_key', 'request_key', 'bpf', 'perf_event_open', 'userfaultfd',
  'kexec_load', 'kexec_file_load', 'init_module', 'finit_module', 'delete_module', 'create_module',
  'get_kernel_syms', 'query_module',
  // Host-wide state.
  'reboot', 'swapon', 'swapoff', 'acct', 'quotactl', 'quotactl_path', 'syslog',
  'settimeofday', 'clock_settime', 'clock_adjtime', 'adjtimex',
  // open_by_handle_at is the classic container breakout (it opens by inode, bypassing the mount root).
  'open_by_handle_at', 'name_to_handle_at', 'lookup_dcookie',
  'iopl', 'ioperm', 'personality', 'uselib',
  'mbind', 'move_pages', 'set_mempolicy', 'migrate_pages',
  'fanotify_init', 'nfsservctl', 'sysfs', '_sysctl', 'ustat', 'memfd_secret',
];

/**
 * ENOSYS rather than EPERM: libuv and glibc take it as "kernel too old" and fall back cleanly.
 * clone3 passes its flags in a struct BPF cannot read, so it is refused outright, sending glibc
 * back to clone, whose flags the argument rule below can check.
 */
const ENOSYS_SYSCALLS: readonly SyscallName[] = ['io_uring_setup', 'io_uring_enter', 'io_uring_register', 'clone3'];

/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET. */
export const CLONE_NAMESPACE_FLAGS = 0x7e020000;
export const TIOCSTI = 0x5412;
export const TIOCLINUX = 0x541c;

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_NETLINK = 16;
/**
 * The only socket families a function may create: what Lambda's runtimes, glibc (netlink for
 * getaddrinfo and getifaddrs) and ordinary networking need. Every other family is kernel surface a
 * function has no use for, and some reach out of the sandbox without any network namespace in the
 * way: AF_VSOCK talks to the hypervisor of a VM host, AF_ALG, AF_BLUETOOTH, AF_XDP, AF_PACKET, ...
 */
export const ALLOWED_SOCKET_FAMILIES: readonly number[] = [AF_UNIX, AF_INET, AF_INET6, AF_NETLINK];

export const DEFAULT_SECCOMP_POLICY: SeccompPolicy = {
  denied: [
    ...EPERM_SYSCALLS.map((syscall) => ({ syscall, errno: EPERM })),
    ...ENOSYS_SYSCALLS.map((syscall) => ({ syscall, errno: ENOSYS })),
  ],
  argumentRules: [
    { syscall: 'clone', arg: 0, match: { kind: 'any-bit', mask: CLONE_NAMESPACE_FLAGS }, errno: EPERM },
    // Injecting keystrokes into (or reading) the controlling terminal; --new-session already detaches it.
    { syscall: 'ioctl', arg: 1, match: { kind: 'equals', values: [TIOCSTI, TIOCLINUX] }, errno: EPERM },
    // EAFNOSUPPORT is what the kernel answers for a family it lacks: callers already handle it.
    { syscall: 'socket', arg: 0, match: { kind: 'none-of', values: ALLOWED_SOCKET_FAMILIES }, errno: EAFNOSUPPORT },
    { syscall: 'socketpair', arg: 0, match: { kind: 'none-of', values: ALLOWED_SOCKET_FAMILIES }, errno: EAFNOSUPPORT },
  ],
};
