import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildBwrapInvocation, buildBwrapOptions, encodeArgs } from '../../../src/sandbox/launch/bwrap-args.js';
import { cgroupLimits } from '../../../src/sandbox/launch/cgroup-limits.js';
import { processStartTime } from '../../../src/sandbox/launch/instance-lease.js';
import { InvalidSandboxSpecError, validateSandboxSpec } from '../../../src/sandbox/launch/sandbox-spec.js';
import type { SandboxSpec } from '../../../src/sandbox/launch/sandbox-spec.js';
import { UidPool, UidPoolExhaustedError } from '../../../src/sandbox/launch/uid-pool.js';
import { pickRunBase, prepareRunDir, removeRunDir } from '../../../src/sandbox/run-dir.js';

const SPEC: SandboxSpec = {
  envId: 'env-1',
  hostUid: 600001,
  mounts: [
    { kind: 'ro-bind', source: '/srv/code', dest: '/var/task' },
    { kind: 'bind', source: '/srv/envs/env-1/api.sock', dest: '/var/runtime-api/api.sock' },
  ],
  tmpSizeMiB: 512,
  memoryMiB: 128,
  command: ['/usr/bin/node', '/var/runtime/bootstrap.js'],
  env: { AWS_SECRET_ACCESS_KEY: 'very-secret', _HANDLER: 'index.handler' },
  cwd: '/var/task',
};

describe('UidPool', () => {
  let leases: string;
  before(async () => {
    leases = await mkdtemp(join(tmpdir(), 'lbx-uids-'));
  });
  after(() => rm(leases, { recursive: true, force: true }));

  test('hands out distinct uids from 600000-665535 by default', () => {
    const pool = new UidPool(undefined, { leaseDir: null });
    assert.equal(pool.acquire(), 600000);
    assert.equal(pool.acquire(), 600001);
    assert.equal(pool.size, 65536);
  });

  test('round-robin: a released uid is reused last', () => {
    const pool = new UidPool({ first: 10, last: 12 }, { leaseDir: null });
    const first = pool.acquire();
    pool.release(first);
    assert.deepEqual([pool.acquire(), pool.acquire(), pool.acquire()], [11, 12, 10]);
    assert.throws(() => pool.acquire(), UidPoolExhaustedError);
    pool.release(12);
    assert.equal(pool.acquire(), 12);
  });

  test('refuses root, inverted ranges, and releasing a uid not in use', () => {
    assert.throws(() => new UidPool({ first: 0, last: 10 }), RangeError);
    assert.throws(() => new UidPool({ first: 10, last: 9 }), RangeError);
    assert.throws(() => new UidPool({ first: 1.5, last: 9 }), RangeError);
    const pool = new UidPool({ first: 5, last: 6 }, { leaseDir: null });
    assert.throws(() => pool.release(5), /not in use/);
  });

  test('pools sharing a lease directory (two servers on one host) never hand out the same uid', () => {
    const dir = join(leases, 'shared');
    const a = new UidPool({ first: 100, last: 103 }, { leaseDir: dir });
    const b = new UidPool({ first: 100, last: 103 }, { leaseDir: dir });
    assert.deepEqual([a.acquire(), b.acquire(), a.acquire(), b.acquire()], [100, 101, 102, 103]);
    assert.throws(() => a.acquire(), UidPoolExhaustedError);
    assert.equal(readFileSync(join(dir, '101'), 'utf8'), `${process.pid} ${processStartTime(process.pid)}\n`);
    b.release(101);
    assert.equal(existsSync(join(dir, '101')), false);
    assert.equal(a.acquire(), 101);
  });

  test('a lease left by a dead process is taken over; a live one is not', () => {
    const dir = join(leases, 'stale');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '200'), '999999999 1\n');
    writeFileSync(join(dir, '201'), `1 ${processStartTime(1)}\n`);
    const pool = new UidPool({ first: 200, last: 202 }, { leaseDir: dir });
    assert.deepEqual([pool.acquire(), pool.acquire()], [200, 202]);
    assert.equal(readFileSync(join(dir, '200'), 'utf8'), `${process.pid} ${processStartTime(process.pid)}\n`);
    assert.deepEqual(readdirSync(dir).sort(), ['200', '201', '202']);
  });

  test('by default leases live under the run root, which stays traversable', async () => {
    const pool = new UidPool({ first: 665530, last: 665535 });
    const uid = pool.acquire();
    try {
      const root = join(await pickRunBase(), 'lambdabox');
      assert.ok(existsSync(join(root, '.uids', String(uid))));
      assert.equal((await stat(root)).mode & 0o777, 0o711);
    } finally {
      pool.release(uid);
    }
  });
});

describe('bwrap argv', () => {
  const args = buildBwrapOptions(SPEC);

  test('the argv is only --args 3 and the command: no option, host path or variable is in it', () => {
    const invocation = buildBwrapInvocation(SPEC, { seccompFd: 4 });
    assert.deepEqual(invocation.argv, ['--args', '3', '--', ...SPEC.command]);
    assert.equal(invocation.argsData.toString(), encodeArgs(buildBwrapOptions(SPEC, { seccompFd: 4 })).toString());
    assert.ok(invocation.argsData.includes('--ro-bind\0/srv/code\0/var/task\0'));
  });

  test('--clearenv comes first, then the variables as --setenv triples', () => {
    assert.deepEqual(args.slice(0, 7), ['--clearenv', '--setenv', 'AWS_SECRET_ACCESS_KEY', 'very-secret', '--setenv', '_HANDLER', 'index.handler']);
    assert.equal(args.filter((a) => a === '--clearenv').length, 1);
  });

  test('carries every isolation flag, and no command', () => {
    for (const flag of ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session']) {
      assert.ok(args.includes(flag), flag);
    }
    const pair = (flag: string): string | undefined => args[args.indexOf(flag) + 1];
    assert.equal(pair('--cap-drop'), 'ALL');
    assert.equal(pair('--uid'), '993');
    assert.equal(pair('--gid'), '990');
    assert.equal(pair('--hostname'), 'localhost');
    assert.equal(pair('--chdir'), '/var/task');
    assert.ok(!args.includes('--') && !args.includes('--args') && !args.includes(SPEC.command[1] ?? ''));
  });

  test('mounts, a sized /tmp, and / remounted read-only after every mount', () => {
    const at = (...seq: string[]): number => args.findIndex((_, i) => seq.every((s, j) => args[i + j] === s));
    assert.ok(at('--ro-bind', '/srv/code', '/var/task') > 0);
    assert.ok(at('--bind', '/srv/envs/env-1/api.sock', '/var/runtime-api/api.sock') > 0);
    const tmp = at('--perms', '1777', '--size', String(512 * 1024 * 1024), '--tmpfs', '/tmp');
    assert.ok(tmp > 0);
    const remount = at('--remount-ro', '/');
    assert.ok(remount > tmp && remount > at('--ro-bind', '/srv/code', '/var/task'));
    assert.ok(!args.includes('--seccomp'));
  });

  test('a seccomp fd is the last option', () => {
    const withSeccomp = buildBwrapOptions(SPEC, { seccompFd: 4 });
    assert.deepEqual(withSeccomp.slice(-2), ['--seccomp', '4']);
  });

  test('the options are NUL-terminated', () => {
    assert.equal(encodeArgs(['--setenv', 'A', 'x y', '--setenv', 'B', '']).toString(), '--setenv\0A\0x y\0--setenv\0B\0\0');
  });
});

describe('sandbox spec validation', () => {
  const bad: Array<[string, Partial<SandboxSpec>]> = [
    ['root uid', { hostUid: 0 }],
    ['envId with a slash', { envId: '../x' }],
    ['relative command', { command: ['node'] }],
    ['empty command', { command: [] }],
    ['mount over /usr', { mounts: [{ kind: 'ro-bind', source: '/x', dest: '/usr/lib' }] }],
    ['mount over /', { mounts: [{ kind: 'ro-bind', source: '/x', dest: '/' }] }],
    ['relative mount source', { mounts: [{ kind: 'ro-bind', source: 'x', dest: '/opt' }] }],
    ['unnormalized dest', { mounts: [{ kind: 'ro-bind', source: '/x', dest: '/opt/../usr' }] }],
    ['variable name with =', { env: { 'A=B': 'x' } }],
    ['variable value with NUL', { env: { A: 'x\0y' } }],
    ['zero /tmp', { tmpSizeMiB: 0 }],
    ['fractional memory', { memoryMiB: 128.5 }],
  ];
  for (const [name, change] of bad) {
    test(`refuses ${name}`, () => {
      assert.throws(() => validateSandboxSpec({ ...SPEC, ...change }), InvalidSandboxSpecError);
    });
  }

  test('accepts a well-formed spec', () => {
    validateSandboxSpec(SPEC);
  });
});

describe('cgroup limits from MemorySize', () => {
  test('one vCPU at 1769 MB, 10 % floor, capped at the host CPUs', () => {
    assert.deepEqual(cgroupLimits(1769, 1024, 8), {
      memoryBytes: 1769 * 1024 * 1024,
      pidsMax: 1024,
      cpuShares: 1024,
      cfsPeriodUs: 100000,
      cfsQuotaUs: 100000,
      boostQuotaUs: 800000,
    });
    assert.equal(cgroupLimits(128, 1024, 8).cfsQuotaUs, 10000);
    assert.equal(cgroupLimits(3538, 1024, 8).cfsQuotaUs, 200000);
    assert.equal(cgroupLimits(10240, 1024, 2).cfsQuotaUs, 200000);
    assert.equal(cgroupLimits(10240, 1024, 8).cfsQuotaUs, 578858);
  });
});


describe('run directory', () => {
  let base: string;
  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'lbx-rundir-'));
  });
  after(() => rm(base, { recursive: true, force: true }));

  test('the default base is a tmpfs when the host has one', async () => {
    const picked = await pickRunBase();
    if (picked === tmpdir()) return;
    assert.equal((await statfs(picked)).type, 0x01021994);
  });

  test('is <base>/lambdabox/<instance>, 0711 and root-owned, and records its holder', async () => {
    const dir = await prepareRunDir({ instance: 'alpha', base });
    assert.equal(dir, join(base, 'lambdabox', 'alpha'));
    for (const path of [join(base, 'lambdabox'), dir]) {
      const info = await stat(path);
      assert.equal(info.mode & 0o777, 0o711, path);
      assert.equal(info.uid, process.getuid?.());
    }
    assert.equal(await readFile(join(dir, 'owner'), 'utf8'), `${process.pid} ${processStartTime(process.pid)}\n`);
    // Preparing again in the same process keeps what is there.
    await writeFile(join(dir, 'keep'), 'x');
    await prepareRunDir({ instance: 'alpha', base });
    assert.ok(existsSync(join(dir, 'keep')));
  });

  test('removes what dead instances left, keeps live ones, refuses an instance held by another process', async () => {
    const root = join(base, 'lambdabox');
    await mkdir(join(root, 'crashed', 'code'), { recursive: true });
    await writeFile(join(root, 'crashed', 'owner'), '999999999 1\n');
    await mkdir(join(root, 'no-owner'), { recursive: true });
    await mkdir(join(root, 'other-live'), { recursive: true });
    await writeFile(join(root, 'other-live', 'owner'), `1 ${processStartTime(1)}\n`);
    await mkdir(join(root, '.uids'), { recursive: true });
    await prepareRunDir({ instance: 'beta', base });
    assert.ok(existsSync(join(root, '.uids')), 'host-wide uid leases are not an instance');
    assert.equal(existsSync(join(root, 'crashed')), false);
    assert.equal(existsSync(join(root, 'no-owner')), false);
    assert.ok(existsSync(join(root, 'other-live')));
    assert.ok(existsSync(join(root, 'alpha')), 'held by this process');
    await assert.rejects(prepareRunDir({ instance: 'other-live', base }), /in use by process 1/);
    await removeRunDir({ instance: 'other-live', base });
    assert.ok(existsSync(join(root, 'other-live')), 'not removed: another process holds it');
    await removeRunDir({ instance: 'beta', base });
    assert.equal(existsSync(join(root, 'beta')), false);
  });

  test('an instance whose holder died is taken over and emptied', async () => {
    const root = join(base, 'lambdabox');
    await mkdir(join(root, 'gamma', 'envs', 'env-x'), { recursive: true });
    await writeFile(join(root, 'gamma', 'owner'), '999999999 1\n');
    const dir = await prepareRunDir({ instance: 'gamma', base });
    assert.equal(existsSync(join(dir, 'envs')), false);
    assert.ok(existsSync(join(dir, 'owner')));
  });

  test('refuses an instance name that is not [a-z0-9-]', async () => {
    await assert.rejects(prepareRunDir({ instance: '../etc', base }), /invalid lambdabox instance name/);
  });
});
