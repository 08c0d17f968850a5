/** Reads a raw seccomp program back into instructions: the inverse of encodeProgram. */
import { BPF_INSTRUCTION_BYTES, BPF_MAX_INSTRUCTIONS } from './bpf.js';
import type { BpfInstruction } from './bpf.js';

export function decodeProgram(bytes: Buffer): BpfInstruction[] {
  if (bytes.length === 0 || bytes.length % BPF_INSTRUCTION_BYTES !== 0) {
    throw new RangeError(`a seccomp program is a non-empty multiple of 8 bytes, got ${bytes.length}`);
  }
  const count = bytes.length / BPF_INSTRUCTION_BYTES;
  if (count > BPF_MAX_INSTRUCTIONS) {
    throw new RangeError(`program has ${count} instructions, over ${BPF_MAX_INSTRUCTIONS}`);
  }
  const program: BpfInstruction[] = [];
  for (let at = 0; at < bytes.length; at += BPF_INSTRUCTION_BYTES) {
    program.push({
      code: bytes.readUInt16LE(at),
      jt: bytes.readUInt8(at + 2),
      jf: bytes.readUInt8(at + 3),
      k: bytes.readUInt32LE(at + 4),
    });
  }
  return program;
}
