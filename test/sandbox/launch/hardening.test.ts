/**
 * The hardening every environment gets (issue 5, "Hardening every environment"), one property per
 * test, read from inside a real function's sandbox (and, for the cgroup limits the sandbox cannot
 * see, from that environment's cgroups on the host).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { deploy, instanceCgroupDirs, invoke, sandboxProcesses } from '../../invoke/invoke-harness.js';
import { DEFAULT_UID_RANGE } from '../../../src/sandbox/launch/uid-pool.js';
import { SKIP_SANDBOX } from './launch-harness.js';

const PROBE = String.raw`
import os, resource, time

def status(field):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(field + ':'): return line.split(':', 1)[1].strip()
    return ''

def handler(event, context):
    if event.get('hold'):
        time.sleep(event['hold'])
    st = os.statvfs('/tmp')
    return {
        'capEff': status('CapEff'), 'capBnd': status('CapBnd'), 'capPrm': status('CapPrm'),
        'noNewPrivs': status('NoNewPrivs'),
        'uid': os.getuid(),
        'nofile': list(resource.getrlimit(resource.RLIMIT_NOFILE)),
        'core': list(resource.getrlimit(resource.RLIMIT_CORE)),
        'tmpBytes': st.f_blocks * st.f_frsize,
    }
`;

const MEMORY = 512;
const EPHEMERAL = 600;

interface Probe {
  readonly capEff: string;
  readonly capBnd: string;
  readonly capPrm: string;
  readonly noNewPrivs: string;
  readonly uid: number;
  readonly nofile: [number, number];
  readonly core: [number, number];
  readonly tmpBytes: number;
}

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8').trim();

describe('hardening of every environment', { skip: SKIP_SANDBOX, concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let probe: Probe;
  /** The one environment's cgroup directory for a controller. */
  const envCgroup = (controller: string): string => {
    const dirs = instanceCgroupDirs(fx.dataDir, controller);
    assert.equal(dirs.length, 1, `one environment (${controller})`);
    const [dir] = dirs;
    assert.ok(dir !== undefined);
    return dir;
  };

  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
    await deploy(fx, lambda, 'hardening', { 'lambda_function.py': PROBE }, {
      runtime: 'python3.11',
      handler: 'lambda_function.handler',
      memorySize: MEMORY,
    });
    const { UpdateFunctionConfigurationCommand } = await import('@aws-sdk/client-lambda');
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'hardening', EphemeralStorage: { Size: EPHEMERAL } }));
    await fx.settled();
    const out = await invoke(lambda, 'hardening', { payload: '{}' });
    assert.equal(out.functionError, undefined, out.text);
    probe = out.json<Probe>();
  });
  after(async () => {
    await fx.close();
  });

  test('no capabilities: effective, permitted and bounding sets are empty', () => {
    assert.equal(probe.capEff, '0000000000000000');
    assert.equal(probe.capPrm, '0000000000000000');
    assert.equal(probe.capBnd, '0000000000000000');
  });

  test('no_new_privs is set', () => {
    assert.equal(probe.noNewPrivs, '1');
  });

  test('uid 993 inside; an unprivileged host uid from the dedicated range outside', async () => {
    assert.equal(probe.uid, 993);
    const held = invoke(lambda, 'hardening', { payload: '{"hold":1}' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const processes = sandboxProcesses(fx.dataDir);
    await held;
    assert.ok(processes.length > 0);
    for (const p of processes) {
      assert.ok(p.uid >= DEFAULT_UID_RANGE.first && p.uid <= DEFAULT_UID_RANGE.last, `${p.cmdline} runs as ${p.uid}`);
    }
  });

  test('rlimits: 1024 open files, no core dumps', () => {
    assert.deepEqual(probe.nofile, [1024, 1024]);
    assert.deepEqual(probe.core, [0, 0]);
  });

  test('/tmp is limited to EphemeralStorage', () => {
    assert.equal(probe.tmpBytes, EPHEMERAL * 1024 * 1024);
  });

  test('pids limit 1024', () => {
    assert.equal(read(envCgroup('pids'), 'pids.max'), '1024');
  });

  test('memory limited to MemorySize with no swap', () => {
    const dir = envCgroup('memory');
    assert.equal(Number(read(dir, 'memory.limit_in_bytes')), MEMORY * 1024 * 1024);
    assert.equal(read(dir, 'memory.swappiness'), '0');
    try {
      assert.equal(Number(read(dir, 'memory.memsw.limit_in_bytes')), MEMORY * 1024 * 1024);
    } catch (error) {
      // No swap accounting on this kernel: then the host must have no swap for "no swap" to hold.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      assert.equal(readFileSync('/proc/swaps', 'utf8').trim().split('\n').length, 1, 'no swap accounting and the host has swap');
    }
  });

  test('CPU quota proportional to memory once initialised (1 vCPU at 1769 MB)', () => {
    const dir = envCgroup('cpu');
    const period = Number(read(dir, 'cpu.cfs_period_us'));
    const quota = Number(read(dir, 'cpu.cfs_quota_us'));
    assert.equal(quota, Math.round((period * MEMORY) / 1769));
  });
});
