/**
 * Idle warm environments are frozen, as Lambda freezes them (issue 5, acceptance 4): a function that
 * leaves a busy loop running after it returns uses no CPU while idle (cpuacct.usage does not grow),
 * the next invoke thaws it and works, and a frozen environment can still be reaped.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { deploy, FAST_MEMORY, instanceCgroupDirs, invoke, sandboxProcesses, sleep } from '../invoke/invoke-harness.js';
import { SKIP_SANDBOX } from './launch-harness.js';

/** After returning, spins the CPU ~90 % of the time from a timer the runtime cannot see. */
const SPINNER = `let spinning = false;
export const handler = async (event) => {
  if (!spinning) {
    spinning = true;
    setTimeout(() => setInterval(() => { const end = Date.now() + 9; while (Date.now() < end); }, 1), 0);
  }
  if (event.waitMs) await new Promise((resolve) => setTimeout(resolve, event.waitMs));
  return { pid: process.pid };
};
`;

function readTrimmed(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8').trim();
}

describe('freezer: idle environments use no CPU', { skip: SKIP_SANDBOX, concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let freezerDir: string;
  let cpuacctDir: string;

  const cpuNanos = (): number => Number(readTrimmed(cpuacctDir, 'cpuacct.usage'));
  const waitFrozen = async (): Promise<string> => {
    const until = Date.now() + 2000;
    let state = readTrimmed(freezerDir, 'freezer.state');
    while (state !== 'FROZEN' && Date.now() < until) {
      await sleep(5);
      state = readTrimmed(freezerDir, 'freezer.state');
    }
    return state;
  };

  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
    await deploy(fx, lambda, 'spinner', { 'index.mjs': SPINNER }, { memorySize: FAST_MEMORY });
    const out = await invoke(lambda, 'spinner', { payload: '{}' });
    assert.equal(out.functionError, undefined, out.text);
    const [freezer] = instanceCgroupDirs(fx.dataDir, 'freezer');
    const [cpuacct] = instanceCgroupDirs(fx.dataDir, 'cpuacct');
    assert.ok(freezer !== undefined && cpuacct !== undefined, 'the environment has freezer and cpuacct cgroups');
    freezerDir = freezer;
    cpuacctDir = cpuacct;
  });
  after(async () => {
    await fx.close();
  });

  test('after an invocation the environment is FROZEN and its CPU time stops growing', async () => {
    assert.equal(await waitFrozen(), 'FROZEN');
    const before = cpuNanos();
    await sleep(1000);
    const grown = cpuNanos() - before;
    assert.equal(grown, 0, `cpuacct grew by ${grown} ns while frozen`);
  });

  test('the next invoke thaws it: the background loop runs again while the handler waits, then it is frozen again', async () => {
    const before = cpuNanos();
    const out = await invoke(lambda, 'spinner', { payload: JSON.stringify({ waitMs: 500 }) });
    assert.equal(out.functionError, undefined, out.text);
    // The same environment (warm), and it spun while thawed: what the idle test measures is the freeze.
    assert.equal(instanceCgroupDirs(fx.dataDir, 'freezer').length, 1);
    const spun = cpuNanos() - before;
    assert.ok(spun > 200e6, `only ${spun} ns of CPU while thawed for 500 ms`);
    assert.equal(await waitFrozen(), 'FROZEN');
    const idle = cpuNanos();
    await sleep(500);
    assert.equal(cpuNanos() - idle, 0);
  });

  test('a frozen environment is reaped cleanly: no process and no cgroup left', async () => {
    assert.equal(await waitFrozen(), 'FROZEN');
    const sandboxes = fx.box.sandboxes;
    assert.ok(sandboxes !== undefined);
    assert.equal(await sandboxes.reap(Date.now() + 24 * 3600 * 1000), 1);
    assert.deepEqual(sandboxProcesses(fx.dataDir), []);
    assert.deepEqual(instanceCgroupDirs(fx.dataDir, 'freezer'), []);
    const out = await invoke(lambda, 'spinner', { payload: '{}' });
    assert.equal(out.functionError, undefined, out.text);
  });
});
