/**
 * Runs a seccomp program on one `struct seccomp_data`, with the semantics of the kernel's classic
 * BPF for the instructions our generator emits. Anything else is refused rather than guessed at,
 * so a test can never pass on an instruction this interpreter does not understand.
 */
import {
  OP_JEQ,
  OP_JGE,
  OP_JGT,
  OP_JSET,
  OP_JUMP,
  OP_LOAD_WORD,
  OP_RET,
  SECCOMP_DATA_BYTES,
  SECCOMP_RET_ACTION_FULL,
  SECCOMP_RET_ALLOW,
  SECCOMP_RET_DATA,
  SECCOMP_RET_ERRNO,
  SECCOMP_RET_KILL_PROCESS,
  SECCOMP_RET_KILL_THREAD,
} from './bpf.js';
import type { BpfInstruction } from './bpf.js';

export interface SeccompData {
  readonly nr: number;
  readonly arch: number;
  readonly instructionPointer?: bigint;
  /** Up to six 64-bit arguments; missing ones are 0. */
  readonly args?: readonly bigint[];
}

export type SeccompVerdict =
  | { readonly action: 'allow' }
  | { readonly action: 'errno'; readonly errno: number }
  | { readonly action: 'kill-process' }
  | { readonly action: 'kill-thread' }
  | { readonly action: 'other'; readonly value: number };

export function encodeSeccompData(data: SeccompData): Buffer {
  const out = Buffer.alloc(SECCOMP_DATA_BYTES);
  out.writeInt32LE(data.nr | 0, 0);
  out.writeUInt32LE(data.arch >>> 0, 4);
  out.writeBigUInt64LE(BigInt.asUintN(64, data.instructionPointer ?? 0n), 8);
  const args = data.args ?? [];
  if (args.length > 6) throw new RangeError('seccomp_data holds at most six arguments');
  args.forEach((arg, i) => out.writeBigUInt64LE(BigInt.asUintN(64, arg), 16 + 8 * i));
  return out;
}

export function runSeccompProgram(program: readonly BpfInstruction[], data: SeccompData): SeccompVerdict {
  return toVerdict(execute(program, encodeSeccompData(data)));
}

function execute(program: readonly BpfInstruction[], data: Buffer): number {
  let a = 0;
  let pc = 0;
  // Every jump is forward, so the program cannot loop; the bound only guards against a bad decode.
  for (let steps = 0; steps <= program.length; steps++) {
    const insn = program[pc];
    if (insn === undefined) throw new RangeError(`execution ran off the program at ${pc}`);
    const next = pc + 1;
    switch (insn.code) {
      case OP_LOAD_WORD:
        if (insn.k % 4 !== 0 || insn.k + 4 > SECCOMP_DATA_BYTES) {
          throw new RangeError(`instruction ${pc}: load outside seccomp_data (offset ${insn.k})`);
        }
        a = data.readUInt32LE(insn.k);
        pc = next;
        break;
      case OP_JUMP:
        pc = next + insn.k;
        break;
      case OP_JEQ:
        pc = next + (a === insn.k >>> 0 ? insn.jt : insn.jf);
        break;
      case OP_JGT:
        pc = next + (a > insn.k >>> 0 ? insn.jt : insn.jf);
        break;
      case OP_JGE:
        pc = next + (a >= insn.k >>> 0 ? insn.jt : insn.jf);
        break;
      case OP_JSET:
        pc = next + ((a & insn.k) !== 0 ? insn.jt : insn.jf);
        break;
      case OP_RET:
        return insn.k >>> 0;
      default:
        throw new RangeError(`instruction ${pc}: opcode 0x${insn.code.toString(16)} not supported`);
    }
  }
  throw new RangeError('program did not return');
}

function toVerdict(value: number): SeccompVerdict {
  const action = (value & SECCOMP_RET_ACTION_FULL) >>> 0;
  if (action === SECCOMP_RET_ALLOW) return { action: 'allow' };
  if (action === SECCOMP_RET_ERRNO) return { action: 'errno', errno: value & SECCOMP_RET_DATA };
  if (action === SECCOMP_RET_KILL_PROCESS) return { action: 'kill-process' };
  if (action === SECCOMP_RET_KILL_THREAD) return { action: 'kill-thread' };
  return { action: 'other', value };
}
