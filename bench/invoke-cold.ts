/**
 * Cold starts, one at a time, through the AWS SDK. A new version: lambdabox's first Invoke after
 * UpdateFunctionCode (a new $LATEST revision gets a new environment; the code is unpacked while the
 * version settles, untimed); serverless-offline has no versions, so its figure is the first Invoke of
 * a function it has never run. A destroyed environment: lambdabox reaps it through the server's IPC;
 * serverless-offline's idle reaper ends its workers (terminateIdleLambdaTime).
 */
import { UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { zipOf } from '../test/helpers/zips.js';
import { sdkInvoker } from './invoke-clients.js';
import { coldInvokes, waitUntil } from './invoke-phases.js';
import type { LambdaboxSide, OfflineSide } from './invoke-systems.js';
import { HANDLER } from './invoke-systems.js';
import { summarize } from './measure.js';
import type { Measurement } from './measure.js';
import { threadCount } from './proc-stats.js';

export interface LambdaboxCold {
  readonly m: Measurement;
  /**
   * The REPORT line's Init Duration of each sample: from the environment's launch (cgroups, bwrap,
   * Node start, bootstrap, handler import) to the runtime's first `GET /next`.
   */
  readonly init: Measurement;
}

const INIT_DURATION = /Init Duration: ([\d.]+) ms/;

/** Runs cold samples with the log tail on, and collects each one's Init Duration. */
async function lambdaboxCold(lbx: LambdaboxSide, samples: number, functionName: string, prepare: (i: number) => Promise<void>): Promise<LambdaboxCold> {
  const client = sdkInvoker(lbx.endpoint, 1);
  const inits: number[] = [];
  const onLog = (log: string): void => {
    const ms = INIT_DURATION.exec(log)?.[1];
    if (ms === undefined) throw new Error(`a cold invoke's log has no Init Duration:\n${log}`);
    inits.push(Number(ms));
  };
  try {
    const m = await coldInvokes(samples, prepare, () => client.invoke(0, functionName, 'RequestResponse', onLog));
    return { m, init: summarize(1, inits.reduce((a, b) => a + b, 0) / 1000, inits) };
  } finally {
    client.close();
  }
}

export function lambdaboxColdNewVersion(lbx: LambdaboxSide, samples: number): Promise<LambdaboxCold> {
  return lambdaboxCold(lbx, samples, 'cold', async (i) => {
    await lbx.admin.send(new UpdateFunctionCodeCommand({ FunctionName: 'cold', ZipFile: zipOf({ 'index.mjs': `// revision ${i}\n${HANDLER}` }) }));
    await lbx.server.command('settled');
  });
}

export async function lambdaboxColdDestroyed(lbx: LambdaboxSide, samples: number): Promise<LambdaboxCold> {
  const warm = sdkInvoker(lbx.endpoint, 1);
  try {
    return await lambdaboxCold(lbx, samples, 'hello', async () => {
      await warm.invoke(0, 'hello');
      const { count } = await lbx.server.command('reap');
      if ((count ?? 0) < 1) throw new Error('reap destroyed no environment');
    });
  } finally {
    warm.close();
  }
}

/** Invokes each of `keys` once, in order; `baseThreads` given: first waits until every idle worker has ended. */
export async function offlineColdRound(sls: OfflineSide, keys: readonly string[], baseThreads?: number): Promise<Measurement> {
  if (baseThreads !== undefined && !(await waitUntil(() => threadCount(sls.server.pid) <= baseThreads, 20_000))) {
    throw new Error('serverless-offline kept its idle workers');
  }
  const client = sdkInvoker(sls.endpoint, 1);
  try {
    return await coldInvokes(
      keys.length,
      () => Promise.resolve(),
      (i) => client.invoke(0, sls.server.functionName(keys[i] ?? '')),
    );
  } finally {
    client.close();
  }
}
