/**
 * `npm run bench -- backends [--cold N] [--warm N]`: cold-start and warm-invoke latency of the same
 * functions in each sandbox backend (hardened bubblewrap, gVisor), side by side in one run. A cold
 * start is an invoke right after every idle environment was reaped; a warm invoke reuses the one
 * frozen environment (so each warm figure includes the thaw). gVisor is left out, with the reason,
 * when the host has no runsc.
 */
import { loadavg } from 'node:os';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Runtime } from '@aws-sdk/client-lambda';
import { SANDBOX_TAG } from '../src/shared/platform-tags/sandbox-tag.js';
import type { SandboxBackendName } from '../src/shared/platform-tags/sandbox-tag.js';
import { TEST_ROLE, zipOf } from '../test/helpers/zips.js';
import { createBenchBox } from './bench-box.js';
import { BENCH_ACCESS_KEY_ID, BENCH_REGION, BENCH_SECRET_ACCESS_KEY } from './invoke-protocol.js';
import { performance } from 'node:perf_hooks';
import { measure, summarize } from './measure.js';
import { markdownReport } from './report.js';
import type { Row } from './report.js';

const FUNCTIONS: readonly { readonly runtime: Runtime; readonly handler: string; readonly files: Record<string, string> }[] = [
  { runtime: 'nodejs20.x', handler: 'index.handler', files: { 'index.mjs': 'export const handler = async () => ({ ok: true });\n' } },
  { runtime: 'python3.11', handler: 'lambda_function.handler', files: { 'lambda_function.py': 'def handler(event, context):\n    return {"ok": True}\n' } },
];

function option(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const value = i < 0 ? undefined : Number(args[i + 1]);
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

export async function runBackendsBench(args: readonly string[]): Promise<void> {
  const coldRuns = option(args, '--cold', 15);
  const warmRuns = option(args, '--warm', 200);
  const startedAt = new Date();
  const bench = await createBenchBox({
    dataDirPrefix: 'lambdabox-bench-backends-',
    region: BENCH_REGION,
    logLevel: 'silent',
    accessKeyId: BENCH_ACCESS_KEY_ID,
    secretAccessKey: BENCH_SECRET_ACCESS_KEY,
  });
  const { box } = bench;
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    await bench.start(TEST_ROLE);
    const lambda = new LambdaClient({
      endpoint: box.url,
      region: BENCH_REGION,
      credentials: { accessKeyId: BENCH_ACCESS_KEY_ID, secretAccessKey: BENCH_SECRET_ACCESS_KEY },
    });
    const sandboxes = box.sandboxes;
    if (sandboxes === undefined) throw new Error('the server runs no sandboxes');
    const backends: SandboxBackendName[] = ['bwrap'];
    if (box.sandboxBackendAvailable('gvisor')) backends.push('gvisor');
    else notes.push('gvisor: not measured, runsc is not installed (apt-get install -y runsc)');
    for (const backend of backends) {
      for (const fn of FUNCTIONS) {
        const name = `bench-${backend}-${fn.runtime.replace('.', '')}`;
        await lambda.send(
          new CreateFunctionCommand({
            FunctionName: name,
            Runtime: fn.runtime,
            Handler: fn.handler,
            Role: TEST_ROLE,
            Code: { ZipFile: zipOf(fn.files) },
            // One full vCPU, so the CPU quota does not dominate what is measured.
            MemorySize: 1769,
            Tags: { [SANDBOX_TAG]: backend },
          }),
        );
        await box.control.deployer.idle();
        const call = async (): Promise<void> => {
          const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
          if (out.FunctionError !== undefined) throw new Error(`${name}: ${Buffer.from(out.Payload ?? []).toString()}`);
        };
        const setup = `${backend}, ${fn.runtime}, 1769 MB`;
        // Reaping the previous environment is not part of a cold start: time only the invoke.
        const coldStarted = performance.now();
        const coldLatencies: number[] = [];
        for (let i = 0; i < coldRuns; i++) {
          await sandboxes.reap(Date.now() + 1e12);
          const t = performance.now();
          await call();
          coldLatencies.push(performance.now() - t);
        }
        const cold = summarize(1, (performance.now() - coldStarted) / 1000, coldLatencies);
        rows.push({ operation: 'cold start (Invoke incl. sandbox + runtime init)', setup, m: cold });
        await call();
        rows.push({ operation: 'warm Invoke (thaw + run + freeze)', setup, m: await measure(1, { ops: warmRuns }, call) });
        await sandboxes.reap(Date.now() + 1e12);
      }
    }
    lambda.destroy();
  } finally {
    await bench.close();
  }
  notes.push('cold: every idle environment reaped before each invoke (reaping not timed); latency at the SDK client, one client');
  notes.push(`host load average at the end: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (other work on the machine inflates every figure)`);
  notes.push('bwrap: namespaces + seccomp deny-list + cgroups; gvisor: runsc --platform=ptrace --network=none, rootless, same cgroups');
  process.stdout.write(markdownReport('Sandbox backends: cold start and warm invoke', `npm run bench -- backends --cold ${coldRuns} --warm ${warmRuns}`, startedAt, rows, notes));
}
