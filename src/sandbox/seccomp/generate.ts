/**
 * Compiles a SeccompPolicy into the raw cBPF program `bwrap --seccomp FD` loads.
 *
 * Layout: check the arch (anything but x86_64 is killed, so i386 numbers cannot alias), kill the
 * x32 ABI, then one block per argument rule (each ends in a RET on both paths, so the syscall
 * number in A is only overwritten where nothing follows), then the plain denials grouped by errno
 * in runs short enough for u8 jump offsets, then ALLOW. Every jump is forward and short by
 * construction, whatever the policy's size.
 */
import {
  AUDIT_ARCH_X86_64,
  BPF_MAX_COND_JUMP,
  OP_JEQ,
  OP_JGE,
  OP_JSET,
  SECCOMP_DATA_ARCH,
  SECCOMP_DATA_NR,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_KILL_PROCESS,
  argLowOffset,
  encodeProgram,
  jump,
  loadWord,
  ret,
  retErrno,
} from './bpf.js';
import type { BpfInstruction } from './bpf.js';
import { DEFAULT_SECCOMP_POLICY } from './deny-list.js';
import type { ArgumentRule, SeccompPolicy, SyscallDenial } from './deny-list.js';
import { X32_SYSCALL_BIT, X86_64_SYSCALLS } from './syscalls-x86_64.js';

/** Compares per run of denials; keeps every jt well inside u8. */
const MAX_RUN = 128;
const NO_SYSCALL = 0xffffffff;

export function generateSeccompFilter(policy: SeccompPolicy = DEFAULT_SECCOMP_POLICY): Buffer {
  return encodeProgram(buildSeccompProgram(policy));
}

export function buildSeccompProgram(policy: SeccompPolicy = DEFAULT_SECCOMP_POLICY): BpfInstruction[] {
  assertEachSyscallOnce(policy);
  const program: BpfInstruction[] = [
    loadWord(SECCOMP_DATA_ARCH),
    jump(OP_JEQ, AUDIT_ARCH_X86_64, 1, 0),
    ret(SECCOMP_RET_KILL_PROCESS),
    loadWord(SECCOMP_DATA_NR),
    jump(OP_JGE, X32_SYSCALL_BIT, 0, 2),
    // nr -1 is no syscall at all (the kernel answers ENOSYS; tracers use it to skip one); libseccomp
    // lets it through too.
    jump(OP_JEQ, NO_SYSCALL, 1, 0),
    ret(SECCOMP_RET_KILL_PROCESS),
  ];
  for (const rule of policy.argumentRules) program.push(...argumentBlock(rule));
  for (const run of denialRuns(policy.denied)) program.push(...matchAnyThenReturn(run.numbers, retErrno(run.errno)));
  program.push(ret(SECCOMP_RET_ALLOW));
  return program;
}

function argumentBlock(rule: ArgumentRule): BpfInstruction[] {
  const body: BpfInstruction[] = [loadWord(argLowOffset(rule.arg))];
  if (rule.match.kind === 'any-bit') {
    body.push(jump(OP_JSET, rule.match.mask, 0, 1), ret(retErrno(rule.errno)));
  } else {
    if (rule.match.values.length === 0) throw new RangeError(`argument rule for ${rule.syscall} has no values`);
    // 'equals': a match returns the errno, anything else reaches the ALLOW below; 'none-of': a match
    // jumps straight to that ALLOW, anything else returns the errno.
    const match = rule.match.kind === 'equals' ? matchAnyThenReturn : matchNoneThenReturn;
    body.push(...match(rule.match.values, retErrno(rule.errno)));
  }
  body.push(ret(SECCOMP_RET_ALLOW));
  if (body.length > BPF_MAX_COND_JUMP) throw new RangeError(`argument rule for ${rule.syscall} is too long`);
  return [jump(OP_JEQ, X86_64_SYSCALLS[rule.syscall], 0, body.length), ...body];
}

/** `JEQ v1 … JEQ vn` all landing on one RET; a miss on the last skips it. */
function matchAnyThenReturn(values: readonly number[], verdict: number): BpfInstruction[] {
  if (values.length > MAX_RUN) throw new RangeError(`too many values in one comparison run: ${values.length}`);
  const out = values.map((value, i) =>
    i === values.length - 1 ? jump(OP_JEQ, value, 0, 1) : jump(OP_JEQ, value, values.length - 1 - i, 0),
  );
  out.push(ret(verdict));
  return out;
}

/** `JEQ v1 … JEQ vn` all jumping over the RET that follows them; a miss on the last lands on it. */
function matchNoneThenReturn(values: readonly number[], verdict: number): BpfInstruction[] {
  if (values.length > MAX_RUN) throw new RangeError(`too many values in one comparison run: ${values.length}`);
  return [...values.map((value, i) => jump(OP_JEQ, value, values.length - i, 0)), ret(verdict)];
}

interface DenialRun {
  readonly errno: number;
  readonly numbers: readonly number[];
}

function denialRuns(denied: readonly SyscallDenial[]): DenialRun[] {
  const byErrno = new Map<number, number[]>();
  for (const { syscall, errno } of denied) {
    const list = byErrno.get(errno) ?? [];
    list.push(X86_64_SYSCALLS[syscall]);
    byErrno.set(errno, list);
  }
  const runs: DenialRun[] = [];
  for (const [errno, numbers] of byErrno) {
    for (let i = 0; i < numbers.length; i += MAX_RUN) runs.push({ errno, numbers: numbers.slice(i, i + MAX_RUN) });
  }
  return runs;
}

/** A syscall listed twice would get whichever verdict comes first: a policy bug, not a choice. */
function assertEachSyscallOnce(policy: SeccompPolicy): void {
  const seen = new Set<string>();
  for (const name of [...policy.argumentRules.map((r) => r.syscall), ...policy.denied.map((d) => d.syscall)]) {
    if (seen.has(name)) throw new RangeError(`seccomp policy lists ${name} more than once`);
    seen.add(name);
  }
}
