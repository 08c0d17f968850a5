/** The invoke benchmark's building blocks: warm runs, cold samples, idle memory, and the bare Runtime API round trip. */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { rawInvoker, sdkInvoker } from './invoke-clients.js';
import type { InvocationType, InvokeEndpoint, Invoker } from './invoke-clients.js';
import { measure, summarize } from './measure.js';
import type { Measurement } from './measure.js';
import { startRuntime } from '../test/runtimes/nodejs/nodejs-harness.js';

export type ClientKind = 'sdk' | 'raw';

export const CLIENT_LABEL: Readonly<Record<ClientKind, string>> = { sdk: 'AWS SDK', raw: 'raw SigV4 HTTP' };

export function invoker(kind: ClientKind, endpoint: InvokeEndpoint, clients: number): Invoker {
  return kind === 'sdk' ? sdkInvoker(endpoint, clients) : rawInvoker(endpoint, clients);
}

/** CPU time used so far, in ms, by the server process and by its environments (0 where there are none). */
export type CpuProbe = () => { readonly server: number; readonly sandbox: number };

/** CPU time per invocation, in ms, split by where it was spent. */
export interface CpuPerInvoke {
  readonly client: number;
  readonly server: number;
  readonly sandbox: number;
}

export interface WarmRun {
  readonly m: Measurement;
  readonly cpu: CpuPerInvoke;
}

const clientCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Warm invocations of one function from `clients` concurrent clients for `seconds`, after an untimed
 * warm-up that starts every client's environment and warms both sides' JIT.
 */
export async function warmInvokes(
  endpoint: InvokeEndpoint,
  kind: ClientKind,
  clients: number,
  functionName: string,
  seconds: number,
  cpu: CpuProbe,
  type: InvocationType = 'RequestResponse',
): Promise<WarmRun> {
  const inv = invoker(kind, endpoint, clients);
  try {
    await measure(clients, { ops: clients * 10 }, (c) => inv.invoke(c, functionName, type));
    const before = { ...cpu(), client: clientCpuMs() };
    const m = await measure(clients, { seconds }, (c) => inv.invoke(c, functionName, type));
    const after = { ...cpu(), client: clientCpuMs() };
    const per = (a: number, b: number): number => (m.ops > 0 ? (b - a) / m.ops : Number.NaN);
    return {
      m,
      cpu: { client: per(before.client, after.client), server: per(before.server, after.server), sandbox: per(before.sandbox, after.sandbox) },
    };
  } finally {
    inv.close();
  }
}

/** `samples` timed invocations, one at a time; `prepare(i)` runs untimed before each and makes it cold. */
export async function coldInvokes(
  samples: number,
  prepare: (i: number) => Promise<void>,
  invoke: (i: number) => Promise<void>,
): Promise<Measurement> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    await prepare(i);
    const t = performance.now();
    await invoke(i);
    latencies.push(performance.now() - t);
  }
  return summarize(1, latencies.reduce((a, b) => a + b, 0) / 1000, latencies);
}

/** Polls `done` every 50 ms until it holds or `timeoutMs` passes; false on timeout. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * The sandbox side alone: the Node bootstrap as a plain child process (no bwrap, no front door, no
 * invoke service) against a RuntimeApiServer on a Unix socket, invoked directly and sequentially.
 */
export async function runtimeApiRoundTrip(handlerSource: string, seconds: number): Promise<Measurement> {
  const rt = await startRuntime({
    fixture: 'mjs',
    handler: 'index.handler',
    prepare: (taskRoot) => writeFile(join(taskRoot, 'index.mjs'), handlerSource),
  });
  try {
    const once = async (): Promise<void> => {
      const out = await rt.invoke({});
      if (out.kind !== 'response' || out.body.toString('utf8') !== '{"ok":true}') throw new Error(`runtime answered ${out.kind}`);
    };
    await measure(1, { ops: 50 }, once);
    return await measure(1, { seconds }, once);
  } finally {
    await rt.close();
  }
}

/** The floor under any process-per-environment cold start: `node -e 0` with an empty environment, spawn to exit. */
export async function nodeStartup(samples: number): Promise<Measurement> {
  const once = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', '0'], { env: {}, stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`node -e 0 exited ${String(code)}`))));
    });
  await once();
  return coldInvokes(samples, () => Promise.resolve(), once);
}
