/**
 * Classic BPF as seccomp consumes it: `struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }`,
 * 8 bytes each in host order (little-endian on x86_64), and the `struct seccomp_data` layout the
 * program reads (linux/filter.h, linux/bpf_common.h, linux/seccomp.h, linux/audit.h).
 */

export interface BpfInstruction {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

export const BPF_INSTRUCTION_BYTES = 8;
/** The kernel refuses longer programs (BPF_MAXINSNS). */
export const BPF_MAX_INSTRUCTIONS = 4096;
/** jt/jf are u8: a conditional jump reaches at most this many instructions ahead. */
export const BPF_MAX_COND_JUMP = 255;

// Instruction classes and fields.
export const BPF_LD = 0x00;
export const BPF_JMP = 0x05;
export const BPF_RET = 0x06;
export const BPF_W = 0x00;
export const BPF_ABS = 0x20;
export const BPF_JA = 0x00;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;
export const BPF_K = 0x00;

export const OP_LOAD_WORD = BPF_LD | BPF_W | BPF_ABS;
export const OP_JUMP = BPF_JMP | BPF_JA;
export const OP_JEQ = BPF_JMP | BPF_JEQ | BPF_K;
export const OP_JGT = BPF_JMP | BPF_JGT | BPF_K;
export const OP_JGE = BPF_JMP | BPF_JGE | BPF_K;
export const OP_JSET = BPF_JMP | BPF_JSET | BPF_K;
export const OP_RET = BPF_RET | BPF_K;

// Filter return values; the low 16 bits are the action's data (the errno for ERRNO).
export const SECCOMP_RET_KILL_PROCESS = 0x80000000;
export const SECCOMP_RET_KILL_THREAD = 0x00000000;
export const SECCOMP_RET_TRAP = 0x00030000;
export const SECCOMP_RET_ERRNO = 0x00050000;
export const SECCOMP_RET_TRACE = 0x7ff00000;
export const SECCOMP_RET_LOG = 0x7ffc0000;
export const SECCOMP_RET_ALLOW = 0x7fff0000;
export const SECCOMP_RET_ACTION_FULL = 0xffff0000;
export const SECCOMP_RET_DATA = 0x0000ffff;

export const AUDIT_ARCH_X86_64 = 0xc000003e;
export const AUDIT_ARCH_I386 = 0x40000003;

// struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6].
export const SECCOMP_DATA_NR = 0;
export const SECCOMP_DATA_ARCH = 4;
export const SECCOMP_DATA_IP = 8;
export const SECCOMP_DATA_ARGS = 16;
export const SECCOMP_DATA_BYTES = 64;
export const SECCOMP_ARG_COUNT = 6;

/** Offset of the low 32 bits of args[index] (little-endian). */
export function argLowOffset(index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= SECCOMP_ARG_COUNT) {
    throw new RangeError(`seccomp argument index out of range: ${index}`);
  }
  return SECCOMP_DATA_ARGS + 8 * index;
}

export const EPERM = 1;
export const ENOSYS = 38;
export const EAFNOSUPPORT = 97;

export function retErrno(errno: number): number {
  if (!Number.isInteger(errno) || errno < 1 || errno > 4095) throw new RangeError(`invalid errno: ${errno}`);
  return (SECCOMP_RET_ERRNO | errno) >>> 0;
}

export function loadWord(offset: number): BpfInstruction {
  return { code: OP_LOAD_WORD, jt: 0, jf: 0, k: offset };
}

export function jump(code: number, k: number, jt: number, jf: number): BpfInstruction {
  return { code, jt, jf, k: k >>> 0 };
}

export function ret(value: number): BpfInstruction {
  return { code: OP_RET, jt: 0, jf: 0, k: value >>> 0 };
}

export function encodeProgram(program: readonly BpfInstruction[]): Buffer {
  if (program.length === 0 || program.length > BPF_MAX_INSTRUCTIONS) {
    throw new RangeError(`a seccomp program has 1..${BPF_MAX_INSTRUCTIONS} instructions, got ${program.length}`);
  }
  const out = Buffer.alloc(program.length * BPF_INSTRUCTION_BYTES);
  program.forEach((insn, i) => {
    if (insn.jt > BPF_MAX_COND_JUMP || insn.jf > BPF_MAX_COND_JUMP || insn.jt < 0 || insn.jf < 0) {
      throw new RangeError(`instruction ${i}: jump offset out of u8 range (jt ${insn.jt}, jf ${insn.jf})`);
    }
    const at = i * BPF_INSTRUCTION_BYTES;
    out.writeUInt16LE(insn.code, at);
    out.writeUInt8(insn.jt, at + 2);
    out.writeUInt8(insn.jf, at + 3);
    out.writeUInt32LE(insn.k >>> 0, at + 4);
  });
  return out;
}
