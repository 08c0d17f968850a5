/**
 * Memory of one idle warm environment. lambdabox: the processes of its sandbox cgroup (bwrap and the
 * runtime). serverless-offline runs a function in a worker thread of its own process, so its figure is
 * how much that process grows with one idle worker.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sdkInvoker } from './invoke-clients.js';
import { waitUntil } from './invoke-phases.js';
import type { LambdaboxSide, OfflineSide } from './invoke-systems.js';
import { environmentCgroupUsage, environmentPids, memoryOf, processTree, threadCount } from './proc-stats.js';
import type { ProcMemory } from './proc-stats.js';
import { SLS_IDLE_SECONDS } from './serverless-offline.js';

/** How long an environment sits idle before its memory is read. */
export const IDLE_MS = 300;

export interface LambdaboxMemory {
  readonly env: ProcMemory;
  /** memory.usage_in_bytes of its cgroup (what its limit is charged with). */
  readonly envCgroupBytes: number | undefined;
  /** The server process alone (sandboxes not included). */
  readonly server: ProcMemory;
}

export interface OfflineMemory {
  readonly before: ProcMemory;
  readonly warm: ProcMemory;
  /** After its idle reaper ended the worker. */
  readonly reaped: ProcMemory;
  /** Threads of its process without any worker: "every environment destroyed". */
  readonly baseThreads: number;
}

export async function lambdaboxIdleMemory(lbx: LambdaboxSide): Promise<LambdaboxMemory> {
  const probe = sdkInvoker(lbx.endpoint, 1);
  try {
    await probe.invoke(0, 'hello');
  } finally {
    probe.close();
  }
  await sleep(IDLE_MS);
  const envs = environmentPids(lbx.server.instance);
  const [pids] = envs;
  if (envs.length !== 1 || pids === undefined) throw new Error(`expected one environment, found ${envs.length}`);
  return { env: memoryOf(pids), envCgroupBytes: environmentCgroupUsage(lbx.server.instance)[0], server: memoryOf([lbx.server.pid]) };
}

export async function offlineIdleMemory(sls: OfflineSide): Promise<OfflineMemory> {
  const pid = sls.server.pid;
  const probe = sdkInvoker(sls.endpoint, 1);
  const before = memoryOf(processTree(pid));
  try {
    await probe.invoke(0, sls.server.functionName('hello'));
  } finally {
    probe.close();
  }
  await sleep(IDLE_MS);
  const warm = memoryOf(processTree(pid));
  const withWorker = threadCount(pid);
  if (!(await waitUntil(() => threadCount(pid) < withWorker, SLS_IDLE_SECONDS * 3000 + 2000))) {
    throw new Error('serverless-offline never ended its idle worker');
  }
  return { before, warm, reaped: memoryOf(processTree(pid)), baseThreads: threadCount(pid) };
}
