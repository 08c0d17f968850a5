/**
 * Where a cold start's time goes, below the Invoke API: the sandbox launch alone (cgroups, setpriv,
 * bwrap and its namespaces and mounts) running `/bin/true`, and a bare `node -e 0` inside the same
 * sandbox, each timed from launch to exit. With `node -e 0` outside any sandbox (invoke-phases.ts),
 * these split the Init Duration into sandbox, Node start, and bootstrap + handler import.
 */
import { performance } from 'node:perf_hooks';
import { startHarness, specFor } from '../test/sandbox/launch/launch-harness.js';
import type { LaunchHarness } from '../test/sandbox/launch/launch-harness.js';
import { summarize } from './measure.js';
import type { Measurement } from './measure.js';
import { MEMORY_MIB } from './invoke-systems.js';

export interface LaunchCosts {
  readonly trueInSandbox: Measurement;
  readonly nodeInSandbox: Measurement;
}

async function timedRun(h: LaunchHarness, command: readonly string[]): Promise<number> {
  const spec = specFor(h, command, { memoryMiB: MEMORY_MIB });
  const t = performance.now();
  const proc = await h.launcher.launch(spec);
  proc.stdout.resume();
  proc.stderr.resume();
  const exit = await proc.exited;
  const ms = performance.now() - t;
  await proc.kill();
  h.uids.release(spec.hostUid);
  if (exit.code !== 0) throw new Error(`${command.join(' ')} in a sandbox exited ${String(exit.code ?? exit.signal)}`);
  return ms;
}

async function samplesOf(h: LaunchHarness, command: readonly string[], samples: number): Promise<Measurement> {
  await timedRun(h, command);
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) ms.push(await timedRun(h, command));
  return summarize(1, ms.reduce((a, b) => a + b, 0) / 1000, ms);
}

export async function sandboxLaunchCosts(samples: number): Promise<LaunchCosts> {
  const h = await startHarness();
  try {
    return {
      trueInSandbox: await samplesOf(h, ['/bin/true'], samples),
      nodeInSandbox: await samplesOf(h, [process.execPath, '-e', '0'], samples),
    };
  } finally {
    await h.close();
  }
}
