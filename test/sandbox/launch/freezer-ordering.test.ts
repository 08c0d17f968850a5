/**
 * The freezer writes run off the main thread, so their order is the sandbox's business: a thaw must
 * have taken effect when it resolves, whatever freeze was requested or in flight before it, and a
 * freeze requested before a thaw must never land after it (it would freeze a running invocation).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { SandboxProcess } from '../../../src/sandbox/launch/sandbox-spec.js';
import { SKIP_SANDBOX, specFor, startHarness } from './launch-harness.js';
import type { LaunchHarness } from './launch-harness.js';

describe('freezer ordering', { skip: SKIP_SANDBOX, concurrency: false }, () => {
  let h: LaunchHarness;
  let proc: SandboxProcess;

  const waitFor = async (state: string): Promise<string> => {
    // Generous: the bound only costs time when the state never comes (a loaded machine is slow to freeze).
    const until = Date.now() + 30_000;
    let now = proc.freezerState();
    while (now !== state && Date.now() < until) {
      await sleep(2);
      now = proc.freezerState();
    }
    return now;
  };

  before(async () => {
    h = await startHarness();
    proc = await h.launcher.launch(specFor(h, ['/bin/sh', '-c', 'while :; do sleep 1; done']));
  });
  after(async () => {
    await proc.kill();
    await h.close();
  });

  test('an idle sandbox ends up FROZEN; a thaw resolves only once it is THAWED', async () => {
    proc.freeze();
    assert.equal(await waitFor('FROZEN'), 'FROZEN');
    await proc.thaw();
    assert.equal(proc.freezerState(), 'THAWED');
  });

  test('a thaw that follows a freeze in flight waits for it, then thaws', async () => {
    for (let i = 0; i < 100; i++) {
      proc.freeze();
      // Let the deferred freeze start its write (or not, for the first variants), then thaw.
      if (i % 4 === 1) await Promise.resolve();
      if (i % 4 === 2) await nextTurn();
      if (i % 4 === 3) await sleep(1);
      await proc.thaw();
      assert.equal(proc.freezerState(), 'THAWED', `iteration ${i}`);
    }
    // Nothing queued lands later: the sandbox stays thawed (an invocation would be running now).
    await sleep(50);
    assert.equal(proc.freezerState(), 'THAWED');
  });

  test('a freeze immediately followed by a thaw writes nothing: the sandbox never stops', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      proc.freeze();
      await proc.thaw();
      seen.add(proc.freezerState());
      await nextTurn();
      seen.add(proc.freezerState());
    }
    assert.deepEqual([...seen], ['THAWED']);
  });

  test('a frozen sandbox can still be killed', async () => {
    proc.freeze();
    assert.equal(await waitFor('FROZEN'), 'FROZEN');
    await proc.kill();
    assert.equal(proc.freezerState(), 'gone');
    proc.freeze();
    await proc.thaw();
  });
});
