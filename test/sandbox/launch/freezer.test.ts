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
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { deploy, FAST_MEMORY, instanceCgroupDirs, invoke, sandboxProcesses, sleep } from '../../invoke/invoke-harness.js';
import { SKIP_SANDBOX } from './launch-harness.js';

/**
 * After returning, spins the CPU ~90 % of the time from a timer the runtime cannot see. With
 * \`waitTicks\` the handler returns only once the loop has run that many more times, so "it ran while
 * thawed" is shown by the loop itself, not by CPU time in a wall-clock window a loaded machine can miss.
 */
const SPINNER = `let spinning = false;
let ticks = 0;
export const handler = async (event) => {
  if (!spinning) {
    spinning = true;
    setTimeout(() => setInterval(() => { ticks++; const end = Date.now() + 9; while (Date.now() < end); }, 1), 0);
  }
  const from = ticks;
  while (event.waitTicks && ticks - from < event.waitTicks) await new Promise((resolve) => setTimeout(resolve, 5));
  return { pid: process.pid, ticks: ticks - from };
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
    // A generous bound: it returns as soon as the freeze lands, and a loaded machine may take seconds.
    const until = Date.now() + 30_000;
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
    await deploy(fx, lambda, 'spinner', { 'index.mjs': SPINNER }, { memorySize: FAST_MEMORY, timeout: 60 });
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
    const out = await invoke(lambda, 'spinner', { payload: JSON.stringify({ waitTicks: 20 }) });
    assert.equal(out.functionError, undefined, out.text);
    // The same environment (warm), and it spun while thawed: what the idle test measures is the freeze.
    assert.equal(instanceCgroupDirs(fx.dataDir, 'freezer').length, 1);
    assert.ok((JSON.parse(out.text) as { ticks: number }).ticks >= 20, out.text);
    const spun = cpuNanos() - before;
    // 20 ticks of a loop that spins until 9 ms have passed: at least some CPU, however loaded the host.
    assert.ok(spun > 0, `no CPU time while thawed (${spun} ns)`);
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
