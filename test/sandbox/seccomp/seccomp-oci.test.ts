/**
 * The deny-list as the gVisor backend hands it to runsc (config.json's linux.seccomp): the same
 * syscalls and argument rules as the BPF program bwrap loads. The OCI rules are evaluated here the
 * way libseccomp and runsc read them (a rule matches when all its comparisons hold, on the whole
 * 64-bit argument; the first matching rule's action wins, else the default action).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ociSeccomp } from '../../../src/sandbox/launch/gvisor-oci-spec.js';

interface OciArg {
  readonly index: number;
  readonly value: number;
  readonly valueTwo?: number;
  readonly op: string;
}

interface OciRule {
  readonly names: readonly string[];
  readonly action: string;
  readonly errnoRet?: number;
  readonly args?: readonly OciArg[];
}

interface OciSeccomp {
  readonly defaultAction: string;
  readonly syscalls: readonly OciRule[];
}

function holds(arg: OciArg, args: readonly bigint[]): boolean {
  const actual = args[arg.index] ?? 0n;
  const value = BigInt(arg.value);
  switch (arg.op) {
    case 'SCMP_CMP_EQ':
      return actual === value;
    case 'SCMP_CMP_GT':
      return actual > value;
    case 'SCMP_CMP_MASKED_EQ':
      return (actual & value) === BigInt(arg.valueTwo ?? 0);
    default:
      throw new Error(`comparison ${arg.op} not understood by this test`);
  }
}

function action(seccomp: OciSeccomp, name: string, args: readonly bigint[]): string {
  const rule = seccomp.syscalls.find((r) => r.names.includes(name) && (r.args ?? []).every((a) => holds(a, args)));
  return rule === undefined ? seccomp.defaultAction : `${rule.action}/${rule.errnoRet ?? ''}`;
}

const seccomp = ociSeccomp() as unknown as OciSeccomp;
// runsc answers SCMP_ACT_ERRNO with EPERM whatever errnoRet says (gvisor-oci-spec.ts); 97 is asked for.
const REFUSED = 'SCMP_ACT_ERRNO/97';

describe('OCI seccomp for gVisor', () => {
  test('socket and socketpair: only AF_UNIX, AF_INET, AF_INET6 and AF_NETLINK', () => {
    for (const name of ['socket', 'socketpair']) {
      for (const family of [1n, 2n, 10n, 16n]) assert.equal(action(seccomp, name, [family, 1n, 0n]), 'SCMP_ACT_ALLOW', `${name}(${family})`);
      for (let family = 0n; family <= 64n; family++) {
        if ([1n, 2n, 10n, 16n].includes(family)) continue;
        assert.equal(action(seccomp, name, [family, 1n, 0n]), REFUSED, `${name}(${family})`);
      }
      for (const family of [0xffffffffn, 0xffffffff_ffffffffn, 0x1_00000028n]) {
        assert.equal(action(seccomp, name, [family, 1n, 0n]), REFUSED, `${name}(0x${family.toString(16)})`);
      }
    }
  });

  test('the other argument rules keep their meaning', () => {
    assert.equal(action(seccomp, 'clone', [0x10000000n | 17n]), 'SCMP_ACT_ERRNO/1');
    assert.equal(action(seccomp, 'clone', [0x003d0f00n]), 'SCMP_ACT_ALLOW');
    assert.equal(action(seccomp, 'ioctl', [0n, 0x5412n]), 'SCMP_ACT_ERRNO/1');
    assert.equal(action(seccomp, 'ioctl', [0n, 0x5401n]), 'SCMP_ACT_ALLOW');
    assert.equal(action(seccomp, 'ptrace', []), 'SCMP_ACT_ERRNO/1');
    assert.equal(action(seccomp, 'read', []), 'SCMP_ACT_ALLOW');
  });
});
