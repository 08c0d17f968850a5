import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../../src/observe/logger.js';
import { SandboxLauncher } from '../../../src/sandbox/launch/sandbox-launcher.js';
import { SandboxHostError } from '../../../src/sandbox/launch/host-check.js';
import { claimInstance } from '../../../src/sandbox/launch/instance-lease.js';
import { runRoot } from '../../../src/sandbox/run-dir.js';
import {
  CGROUP_ROOT,
  SKIP_SANDBOX,
  cgroupDir,
  randomName,
  runToEnd,
  specFor,
  startHarness,
  waitForOutput,
} from './launch-harness.js';
import type { LaunchHarness } from './launch-harness.js';

const NODE = '/usr/bin/node';
const CONTROLLERS = ['memory', 'pids', 'cpu', 'cpuacct', 'freezer'];
const MIB = 1024 * 1024;

/**
 * Live processes of a uid. Zombies are left out: they are dead and hold nothing but a pid, and a
 * killed gVisor sandbox (of another test file, which leased the uid before this one) leaves its
 * orphaned ptrace stubs as zombies until the host's init reaps them, which on some hosts takes seconds.
 */
function processesOf(uid: number): string {
  let out: string;
  try {
    out = execFileSync('ps', ['-o', 'pid=,stat=,comm=', '-u', String(uid)], { encoding: 'utf8' });
  } catch {
    return ''; // ps exits 1 when nothing matches.
  }
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, stat]) => pid !== undefined && pid !== '' && stat !== undefined && !stat.startsWith('Z'))
    .map(([pid, , comm]) => `${pid} ${comm ?? ''}`)
    .join('\n');
}

describe('sandbox launch: cgroup limits', { skip: SKIP_SANDBOX }, () => {
  let h: LaunchHarness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('each env gets memory = memsw = MemorySize, no swap, pids.max, CPU ∝ memory', async () => {
    const spec = specFor(h, ['/bin/sh', '-c', 'echo ready; sleep 30'], { memoryMiB: 128, pidsMax: 77 });
    const proc = await h.launcher.launch(spec);
    try {
      await waitForOutput(proc, 'ready');
      const read = (ctrl: string, file: string): string => readFileSync(join(cgroupDir(ctrl, h.instance, spec.envId), file), 'utf8').trim();
      assert.equal(read('memory', 'memory.limit_in_bytes'), String(128 * MIB));
      if (existsSync(join(CGROUP_ROOT, 'memory', 'memory.memsw.limit_in_bytes'))) {
        assert.equal(read('memory', 'memory.memsw.limit_in_bytes'), String(128 * MIB));
      }
      assert.equal(read('memory', 'memory.swappiness'), '0');
      assert.match(read('memory', 'memory.oom_control'), /^oom_kill_disable 0$/m);
      assert.equal(read('pids', 'pids.max'), '77');
      assert.equal(read('cpu', 'cpu.cfs_period_us'), '100000');
      // 128/1769 of a vCPU is 7 %: raised to the 10 % floor.
      assert.equal(read('cpu', 'cpu.cfs_quota_us'), '10000');
      assert.equal(read('cpu', 'cpu.shares'), String(Math.round((1024 * 128) / 1769)));
    } finally {
      await proc.kill();
      h.uids.release(spec.hostUid);
    }
  });

  test('a CPU boost lifts the quota to every host CPU until it is turned off', async () => {
    const spec = specFor(h, ['/bin/sh', '-c', 'echo ready; sleep 30'], { memoryMiB: 128, cpuBoost: true });
    const proc = await h.launcher.launch(spec);
    const quota = (): string => readFileSync(join(cgroupDir('cpu', h.instance, spec.envId), 'cpu.cfs_quota_us'), 'utf8').trim();
    try {
      await waitForOutput(proc, 'ready');
      assert.equal(quota(), String(100000 * availableParallelism()));
      proc.setCpuBoost(false);
      assert.equal(quota(), '10000');
      proc.setCpuBoost(true);
      assert.equal(quota(), String(100000 * availableParallelism()));
    } finally {
      await proc.kill();
      h.uids.release(spec.hostUid);
    }
    proc.setCpuBoost(false); // a no-op once the cgroup is gone
  });

  test('a memory bomb at 128 MiB is OOM-killed and reported as such', async () => {
    const bomb = 'const keep = []; for (;;) keep.push(Buffer.alloc(4 * 1024 * 1024, 1));';
    const { exit } = await runToEnd(h, specFor(h, [NODE, '-e', bomb], { memoryMiB: 128 }));
    assert.equal(exit.oomKilled, true);
    assert.ok(exit.code === 137 || exit.signal === 'SIGKILL', JSON.stringify(exit));
  });

  test('a process that stays under its limit is not reported as OOM-killed', async () => {
    const { exit } = await runToEnd(h, specFor(h, [NODE, '-e', 'Buffer.alloc(32 * 1024 * 1024, 1); process.exit(3)'], { memoryMiB: 128 }));
    assert.deepEqual(exit, { code: 3, signal: null, oomKilled: false });
  });

  test('max memory used is read from the cgroup and can be reset between invocations', async () => {
    // /tmp is a tmpfs, so its pages are charged to the env's memory cgroup.
    const script = 'head -c 41943040 /dev/zero > /tmp/f; rm /tmp/f; echo filled; read _';
    const spec = specFor(h, ['/bin/sh', '-c', script], { tmpSizeMiB: 64, memoryMiB: 256 });
    const proc = await h.launcher.launch(spec);
    try {
      await waitForOutput(proc, 'filled');
      const peak = proc.maxMemoryUsedBytes();
      assert.ok(peak >= 40 * MIB && peak <= 256 * MIB, `peak ${peak}`);
      proc.resetMaxMemory();
      assert.ok(proc.maxMemoryUsedBytes() < 40 * MIB, `after reset ${proc.maxMemoryUsedBytes()}`);
      assert.ok(proc.cpuUsageNanos() > 0);
    } finally {
      await proc.kill();
      h.uids.release(spec.hostUid);
    }
    // Still readable after the cgroup is gone: the last figures are kept.
    assert.ok(proc.maxMemoryUsedBytes() < 40 * MIB);
    assert.ok(proc.cpuUsageNanos() > 0);
  });

  test('pids.max stops a fork loop', async () => {
    const script = `
      const { spawn } = require('child_process');
      let started = 0, refused = 0, settled = 0, code;
      const settle = () => { if (++settled === 60) console.log(JSON.stringify({ started, refused, code })); };
      for (let i = 0; i < 60; i++) {
        const child = spawn('/bin/sleep', ['30']);
        child.on('spawn', () => { started++; settle(); });
        child.on('error', (e) => { refused++; code = e.code; settle(); });
      }`;
    const spec = specFor(h, [NODE, '-e', script], { pidsMax: 32 });
    const proc = await h.launcher.launch(spec);
    try {
      const result = JSON.parse(await waitForOutput(proc, '}')) as { started: number; refused: number; code: string };
      const current = Number(readFileSync(join(cgroupDir('pids', h.instance, spec.envId), 'pids.current'), 'utf8'));
      assert.ok(current <= 32, `pids.current ${current}`);
      assert.ok(result.started < 32, `started ${result.started}`);
      assert.ok(result.refused > 0);
      assert.equal(result.code, 'EAGAIN');
    } finally {
      await proc.kill();
      h.uids.release(spec.hostUid);
    }
  });

  test('kill() takes the whole tree, daemons included, and removes the cgroups', async () => {
    const script = 'setsid sh -c "sleep 300" & (sleep 300 &) ; echo started; exec sleep 300';
    const spec = specFor(h, ['/bin/sh', '-c', script]);
    const proc = await h.launcher.launch(spec);
    await waitForOutput(proc, 'started');
    assert.notEqual(processesOf(spec.hostUid), '', 'the sandbox runs as its pool uid');
    await proc.kill();
    await proc.kill(); // idempotent
    const exit = await proc.exited;
    // bwrap outlives its sandbox by a moment and reports the SIGKILL as 128 + 9.
    assert.deepEqual(exit, { code: 137, signal: null, oomKilled: false });
    assert.equal(processesOf(spec.hostUid), '');
    for (const controller of CONTROLLERS) assert.equal(existsSync(cgroupDir(controller, h.instance, spec.envId)), false, controller);
    h.uids.release(spec.hostUid);
  });

  test('a second sandbox with the same envId is refused and the first one is unharmed', async () => {
    const first = specFor(h, ['/bin/sh', '-c', 'echo ready; sleep 30']);
    const proc = await h.launcher.launch(first);
    try {
      await waitForOutput(proc, 'ready');
      await assert.rejects(h.launcher.launch(specFor(h, ['/bin/true'], { envId: first.envId })), { code: 'EEXIST' });
      for (const controller of CONTROLLERS) assert.ok(existsSync(cgroupDir(controller, h.instance, first.envId)), controller);
      assert.notEqual(processesOf(first.hostUid), '');
    } finally {
      await proc.kill();
      h.uids.release(first.hostUid);
    }
  });

  test('an invalid spec is refused before anything is created', async () => {
    const spec = specFor(h, ['/bin/true'], { hostUid: 0 });
    await assert.rejects(h.launcher.launch(spec), /hostUid/);
    for (const controller of CONTROLLERS) assert.equal(existsSync(cgroupDir(controller, h.instance, spec.envId)), false);
  });
});

describe('sandbox launcher: start and close', { skip: SKIP_SANDBOX }, () => {
  test('start() kills and removes cgroups of a crashed instance, and leaves a live one alone', async () => {
    const dead = randomName('dead');
    const live = randomName('live');
    const leases = await runRoot();
    await claimInstance(leases, live); // held by this (live) process
    const sleeper = spawn('/bin/sleep', ['300'], { stdio: 'ignore' });
    try {
      for (const controller of CONTROLLERS) {
        await mkdir(join(CGROUP_ROOT, controller, 'lambdabox', dead, 'env-old'), { recursive: true });
        await mkdir(join(CGROUP_ROOT, controller, 'lambdabox', live, 'env-live'), { recursive: true });
      }
      writeFileSync(join(CGROUP_ROOT, 'memory', 'lambdabox', dead, 'env-old', 'cgroup.procs'), String(sleeper.pid));
      const exited = new Promise((resolve) => sleeper.once('exit', (_code, signal) => resolve(signal)));
      const launcher = new SandboxLauncher({ instance: randomName('t'), logger: createLogger({ level: 'silent' }) });
      await launcher.start();
      assert.equal(await exited, 'SIGKILL');
      for (const controller of CONTROLLERS) {
        assert.equal(existsSync(join(CGROUP_ROOT, controller, 'lambdabox', dead)), false, controller);
        assert.equal(existsSync(join(CGROUP_ROOT, controller, 'lambdabox', live, 'env-live')), true, controller);
      }
      await launcher.close();
    } finally {
      sleeper.kill('SIGKILL');
      await rm(join(leases, live), { recursive: true, force: true });
      for (const controller of CONTROLLERS) {
        for (const dir of [join(live, 'env-live'), live, join(dead, 'env-old'), dead]) {
          try {
            execFileSync('rmdir', [join(CGROUP_ROOT, controller, 'lambdabox', dir)], { stdio: 'ignore' });
          } catch {
            // Already gone.
          }
        }
      }
    }
  });

  test('close() kills every sandbox still running', async () => {
    const h = await startHarness();
    const specs = [1, 2, 3].map(() => specFor(h, ['/bin/sleep', '300']));
    const procs = await Promise.all(specs.map((spec) => h.launcher.launch(spec)));
    assert.equal(h.launcher.running, 3);
    await h.close();
    assert.equal(h.launcher.running, 0);
    for (const proc of procs) {
      // Killed before its shell joined the cgroups (SIGKILL), or through them (bwrap reports 137).
      const exit = await proc.exited;
      assert.ok(exit.code === 137 || exit.signal === 'SIGKILL', JSON.stringify(exit));
    }
    for (const spec of specs) {
      assert.equal(processesOf(spec.hostUid), '');
      h.uids.release(spec.hostUid);
    }
    assert.equal(existsSync(join(CGROUP_ROOT, 'memory', 'lambdabox', h.instance)), false);
    await assert.rejects(h.launcher.launch(specFor(h, ['/bin/true'])), /closed/);
  });

  test('a host without the cgroup controllers gets the exact fix', async () => {
    const launcher = new SandboxLauncher({ instance: randomName('t'), cgroupRoot: '/nonexistent-cgroup-root', logger: createLogger({ level: 'silent' }) });
    const error = await launcher.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof SandboxHostError);
    assert.match(error.message, /cgroup v1 controller "memory" is not mounted/);
    assert.match(error.message, /fix: mkdir -p \/nonexistent-cgroup-root\/memory && mount -t cgroup -o memory cgroup/);
  });
});
