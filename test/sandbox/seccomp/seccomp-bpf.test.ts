import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OP_JEQ,
  OP_LOAD_WORD,
  SECCOMP_RET_KILL_PROCESS,
  argLowOffset,
  encodeProgram,
  jump,
  loadWord,
  ret,
  retErrno,
} from '../../../src/sandbox/seccomp/bpf.js';
import { decodeProgram } from '../../../src/sandbox/seccomp/decode.js';
import { encodeSeccompData, runSeccompProgram } from '../../../src/sandbox/seccomp/interpret.js';

describe('cBPF encoding', () => {
  test('sock_filter is 8 little-endian bytes: u16 code, u8 jt, u8 jf, u32 k', () => {
    const bytes = encodeProgram([jump(OP_JEQ, 0xc000003e, 1, 2), ret(SECCOMP_RET_KILL_PROCESS)]);
    assert.equal(bytes.toString('hex'), '15000102' + '3e0000c0' + '06000000' + '00000080');
  });

  test('decode is the inverse of encode', () => {
    const program = [loadWord(4), jump(OP_JEQ, 7, 0, 1), ret(retErrno(1)), ret(0x7fff0000)];
    assert.deepEqual(decodeProgram(encodeProgram(program)), program);
  });

  test('refuses jumps beyond u8, empty programs and ragged bytes', () => {
    assert.throws(() => encodeProgram([jump(OP_JEQ, 1, 256, 0), ret(0)]), /u8/);
    assert.throws(() => encodeProgram([]), RangeError);
    assert.throws(() => decodeProgram(Buffer.alloc(12)), RangeError);
  });

  test('errno and argument offsets', () => {
    assert.equal(retErrno(1), 0x00050001);
    assert.equal(retErrno(38), 0x00050026);
    assert.throws(() => retErrno(0), RangeError);
    assert.equal(argLowOffset(0), 16);
    assert.equal(argLowOffset(5), 56);
    assert.throws(() => argLowOffset(6), RangeError);
  });
});

describe('seccomp interpreter', () => {
  test('lays out seccomp_data as the kernel does', () => {
    const data = encodeSeccompData({ nr: 16, arch: 0xc000003e, args: [1n, 0x1_00005412n] });
    assert.equal(data.length, 64);
    assert.equal(data.readUInt32LE(0), 16);
    assert.equal(data.readUInt32LE(4), 0xc000003e);
    assert.equal(data.readUInt32LE(24), 0x5412);
    assert.equal(data.readUInt32LE(28), 1);
  });

  test('refuses unknown opcodes, unaligned loads and running off the end', () => {
    const d = { nr: 0, arch: 0 };
    assert.throws(() => runSeccompProgram([{ code: 0x04, jt: 0, jf: 0, k: 0 }], d), /not supported/);
    assert.throws(() => runSeccompProgram([{ code: OP_LOAD_WORD, jt: 0, jf: 0, k: 2 }, ret(0)], d), /outside/);
    assert.throws(() => runSeccompProgram([loadWord(0)], d), /ran off/);
  });
});
