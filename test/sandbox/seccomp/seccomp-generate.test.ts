import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUDIT_ARCH_I386,
  AUDIT_ARCH_X86_64,
  BPF_MAX_COND_JUMP,
  ENOSYS,
  EPERM,
  OP_RET,
  SECCOMP_RET_ALLOW,
} from '../../../src/sandbox/seccomp/bpf.js';
import { decodeProgram } from '../../../src/sandbox/seccomp/decode.js';
import { DEFAULT_SECCOMP_POLICY, TIOCLINUX, TIOCSTI } from '../../../src/sandbox/seccomp/deny-list.js';
import type { SeccompPolicy } from '../../../src/sandbox/seccomp/deny-list.js';
import { buildSeccompProgram, generateSeccompFilter } from '../../../src/sandbox/seccomp/generate.js';
import { runSeccompProgram } from '../../../src/sandbox/seccomp/interpret.js';
import type { SeccompData, SeccompVerdict } from '../../../src/sandbox/seccomp/interpret.js';
import { X86_64_SYSCALLS } from '../../../src/sandbox/seccomp/syscalls-x86_64.js';
import type { SyscallName } from '../../../src/sandbox/seccomp/syscalls-x86_64.js';

const program = decodeProgram(generateSeccompFilter());

function verdict(nr: number, args: readonly bigint[] = [], arch = AUDIT_ARCH_X86_64): SeccompVerdict {
  const data: SeccompData = { nr, arch, args };
  return runSeccompProgram(program, data);
}

const sys = (name: SyscallName): number => X86_64_SYSCALLS[name];
const ALLOW = { action: 'allow' } as const;
const KILL = { action: 'kill-process' } as const;
const eperm = { action: 'errno', errno: EPERM } as const;
const enosys = { action: 'errno', errno: ENOSYS } as const;

// Spelled out here, independently of deny-list.ts, so dropping a syscall from the list fails a test.
const MUST_EPERM: readonly SyscallName[] = [
  'ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd', 'mount', 'umount2', 'pivot_root',
  'chroot', 'move_mount', 'open_tree', 'fsopen', 'fsmount', 'fsconfig', 'fspick', 'mount_setattr', 'unshare',
  'setns', 'keyctl', 'add_key', 'request_key', 'bpf', 'perf_event_open', 'userfaultfd', 'kexec_load',
  'kexec_file_load', 'init_module', 'finit_module', 'delete_module', 'create_module', 'reboot', 'swapon', 'swapoff',
  'acct', 'quotactl', 'syslog', 'settimeofday', 'clock_settime', 'clock_adjtime', 'adjtimex', 'open_by_handle_at',
  'name_to_handle_at', 'lookup_dcookie', 'iopl', 'ioperm', 'personality', 'uselib', 'mbind', 'move_pages',
  'set_mempolicy', 'migrate_pages', 'fanotify_init', 'nfsservctl', 'sysfs', '_sysctl', 'ustat', 'memfd_secret',
];
const MUST_ENOSYS: readonly SyscallName[] = ['io_uring_setup', 'io_uring_enter', 'io_uring_register', 'clone3'];

describe('seccomp syscall table', () => {
  test('spot-checks numbers against syscall_64.tbl', () => {
    assert.equal(sys('ptrace'), 101);
    assert.equal(sys('clone'), 56);
    assert.equal(sys('ioctl'), 16);
    assert.equal(sys('unshare'), 272);
    assert.equal(sys('io_uring_setup'), 425);
    assert.equal(sys('clone3'), 435);
    assert.equal(sys('memfd_secret'), 447);
  });
});

describe('generated seccomp program', () => {
  test('starts with the arch check and ends with ALLOW', () => {
    assert.deepEqual(program[0], { code: 0x20, jt: 0, jf: 0, k: 4 });
    assert.deepEqual(program[1], { code: 0x15, jt: 1, jf: 0, k: AUDIT_ARCH_X86_64 });
    assert.deepEqual(program.at(-1), { code: OP_RET, jt: 0, jf: 0, k: SECCOMP_RET_ALLOW });
  });

  test('every conditional jump stays inside u8 and inside the program', () => {
    program.forEach((insn, i) => {
      assert.ok(insn.jt <= BPF_MAX_COND_JUMP && insn.jf <= BPF_MAX_COND_JUMP, `insn ${i}`);
      if ((insn.code & 0x07) === 0x05) {
        assert.ok(i + 1 + Math.max(insn.jt, insn.jf) < program.length, `insn ${i} jumps past the end`);
      }
    });
  });

  test('each listed syscall gets EPERM', () => {
    for (const name of MUST_EPERM) assert.deepEqual(verdict(sys(name)), eperm, name);
  });

  test('io_uring and clone3 get ENOSYS', () => {
    for (const name of MUST_ENOSYS) assert.deepEqual(verdict(sys(name)), enosys, name);
  });

  test('ordinary syscalls are allowed', () => {
    for (const name of ['read', 'write', 'openat', 'getpid'] as const) {
      assert.deepEqual(verdict(sys(name)), ALLOW, name);
    }
    // Syscalls the table does not name at all fall through to ALLOW too.
    for (const nr of [2, 3, 9, 60, 231, 318, 334, 446]) assert.deepEqual(verdict(nr), ALLOW, String(nr));
  });

  test('clone: plain thread/fork flags allowed, any namespace flag denied', () => {
    const CLONE_THREAD_FLAGS = 0x003d0f00n; // what glibc's pthread_create passes
    const SIGCHLD = 17n;
    assert.deepEqual(verdict(sys('clone'), [CLONE_THREAD_FLAGS]), ALLOW);
    assert.deepEqual(verdict(sys('clone'), [SIGCHLD | 0x01200000n]), ALLOW); // fork(): CHILD_SETTID|CLEARTID
    const namespaceFlags = [0x00020000n, 0x02000000n, 0x04000000n, 0x08000000n, 0x10000000n, 0x20000000n, 0x40000000n];
    for (const flag of namespaceFlags) {
      assert.deepEqual(verdict(sys('clone'), [SIGCHLD | flag]), eperm, `0x${flag.toString(16)}`);
    }
    // High bits in the 64-bit register do not hide a namespace flag.
    assert.deepEqual(verdict(sys('clone'), [0xffffffff_00000000n | 0x10000000n]), eperm);
  });

  test('ioctl: TIOCSTI and TIOCLINUX denied, TCGETS allowed', () => {
    assert.deepEqual(verdict(sys('ioctl'), [0n, BigInt(TIOCSTI)]), eperm);
    assert.deepEqual(verdict(sys('ioctl'), [0n, BigInt(TIOCLINUX)]), eperm);
    // cmd is an unsigned int: the kernel drops the high word, so must the filter.
    assert.deepEqual(verdict(sys('ioctl'), [0n, 0x1_00000000n | BigInt(TIOCSTI)]), eperm);
    assert.deepEqual(verdict(sys('ioctl'), [0n, 0x5401n]), ALLOW); // TCGETS
    assert.deepEqual(verdict(sys('ioctl'), [BigInt(TIOCSTI), 0x5401n]), ALLOW); // the fd is not the cmd
  });

  test('socket and socketpair: only AF_UNIX, AF_INET, AF_INET6 and AF_NETLINK; every other family EAFNOSUPPORT', () => {
    // Spelled out (syscall_64.tbl, linux/socket.h, errno.h) rather than taken from the policy under test.
    const SOCKET = 41;
    const SOCKETPAIR = 53;
    const EAFNOSUPPORT = 97;
    const refused = { action: 'errno', errno: EAFNOSUPPORT } as const;
    const SOCK_STREAM = 1n;
    for (const nr of [SOCKET, SOCKETPAIR]) {
      for (const family of [1n, 2n, 10n, 16n]) assert.deepEqual(verdict(nr, [family, SOCK_STREAM, 0n]), ALLOW, `${nr}(${family})`);
      // AF_UNSPEC, AF_AX25, AF_PACKET, AF_BLUETOOTH, AF_ALG, AF_VSOCK, AF_XDP, AF_MCTP, past AF_MAX, -1.
      for (const family of [0n, 3n, 17n, 31n, 38n, 40n, 44n, 45n, 46n, 1000n, 0xffffffffn]) {
        assert.deepEqual(verdict(nr, [family, SOCK_STREAM, 0n]), refused, `${nr}(${family})`);
      }
      // The family is an int: the kernel ignores the high word of the register, and so does the filter.
      assert.deepEqual(verdict(nr, [0xffffffff_00000000n | 40n, SOCK_STREAM, 0n]), refused);
      assert.deepEqual(verdict(nr, [0x1_00000000n | 2n, SOCK_STREAM, 0n]), ALLOW);
      // Only the first argument is the family.
      assert.deepEqual(verdict(nr, [2n, 40n, 40n]), ALLOW);
    }
  });

  test('a none-of rule allows exactly its values and denies the rest', () => {
    const policy: SeccompPolicy = {
      denied: [{ syscall: 'ptrace', errno: EPERM }],
      argumentRules: [{ syscall: 'ioctl', arg: 1, match: { kind: 'none-of', values: [7, 9] }, errno: ENOSYS }],
    };
    const decoded = decodeProgram(generateSeccompFilter(policy));
    const run = (nr: number, cmd: number): SeccompVerdict =>
      runSeccompProgram(decoded, { nr, arch: AUDIT_ARCH_X86_64, args: [0n, BigInt(cmd)] });
    assert.deepEqual(run(sys('ioctl'), 7), ALLOW);
    assert.deepEqual(run(sys('ioctl'), 9), ALLOW);
    for (const cmd of [0, 6, 8, 10, 0xffffffff]) assert.deepEqual(run(sys('ioctl'), cmd), enosys, String(cmd));
    // The rule ends on a RET both ways: later syscalls are still matched by the denials that follow.
    assert.deepEqual(run(sys('ptrace'), 7), eperm);
    assert.deepEqual(run(sys('read'), 8), ALLOW);
  });

  test('x32 syscalls and foreign architectures are killed', () => {
    assert.deepEqual(verdict(0x40000000 + sys('read')), KILL);
    assert.deepEqual(verdict(0x40000000 + 521), KILL); // x32 ptrace
    assert.deepEqual(verdict(0x7fffffff), KILL);
    assert.deepEqual(verdict(0x80000000), KILL);
    // -1 is "no syscall" (ENOSYS from the kernel), not an x32 call.
    assert.deepEqual(verdict(-1), ALLOW);
    assert.deepEqual(verdict(sys('read'), [], AUDIT_ARCH_I386), KILL);
    assert.deepEqual(verdict(sys('read'), [], 0xc00000b7), KILL); // aarch64
  });

  test('a large policy still encodes with short jumps', () => {
    const names = Object.keys(X86_64_SYSCALLS) as SyscallName[];
    const big: SeccompPolicy = {
      denied: names.filter((n) => n !== 'read').map((syscall, i) => ({ syscall, errno: 1 + (i % 3) })),
      argumentRules: [],
    };
    const decoded = decodeProgram(generateSeccompFilter(big));
    assert.equal(decoded.length, buildSeccompProgram(big).length);
    assert.deepEqual(runSeccompProgram(decoded, { nr: sys('read'), arch: AUDIT_ARCH_X86_64 }), ALLOW);
    assert.equal(runSeccompProgram(decoded, { nr: sys('memfd_secret'), arch: AUDIT_ARCH_X86_64 }).action, 'errno');
  });

  test('argument rules compare up to 128 values, and refuse more', () => {
    const values = Array.from({ length: 128 }, (_, i) => 0x1000 + i);
    const rule = (vs: number[]): SeccompPolicy => ({
      denied: [],
      argumentRules: [{ syscall: 'ioctl', arg: 1, match: { kind: 'equals', values: vs }, errno: EPERM }],
    });
    const decoded = decodeProgram(generateSeccompFilter(rule(values)));
    const run = (cmd: number): SeccompVerdict =>
      runSeccompProgram(decoded, { nr: sys('ioctl'), arch: AUDIT_ARCH_X86_64, args: [0n, BigInt(cmd)] });
    assert.deepEqual(run(0x1000), eperm);
    assert.deepEqual(run(0x107f), eperm);
    assert.deepEqual(run(0x1080), ALLOW);
    assert.throws(() => generateSeccompFilter(rule([...values, 0x2000])), RangeError);
  });

  test('a syscall listed twice is refused', () => {
    const twice: SeccompPolicy = {
      denied: [...DEFAULT_SECCOMP_POLICY.denied, { syscall: 'ptrace', errno: ENOSYS }],
      argumentRules: [],
    };
    assert.throws(() => generateSeccompFilter(twice), /ptrace more than once/);
  });
});
