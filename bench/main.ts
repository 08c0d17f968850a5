/** `npm run bench -- <name> [options]`: runs one benchmark and prints its markdown report. */
import { runControlBench } from './control.js';
import { runInvokeBench } from './invoke.js';
import { runBackendsBench } from './backends.js';
import { runAuthBench } from './auth.js';
import { runAsyncBench } from './async.js';
import { runNodesBench } from './nodes.js';
import { runAuditBench } from './audit.js';
import { runObserveBench } from './observe.js';

type Bench = (args: readonly string[]) => Promise<void>;

const BENCHES: Readonly<Record<string, { readonly run: Bench; readonly about: string }>> = {
  control: { run: runControlBench, about: 'control plane: CreateFunction, GetFunction, ListFunctions (1,000 functions)' },
  invoke: { run: runInvokeBench, about: 'synchronous Invoke, warm/cold/throughput/memory, side by side with serverless-offline' },
  auth: { run: runAuthBench, about: 'SigV4 verification + IAM policy evaluation per request (20 attached policies), in-process and end to end' },
  async: { run: runAsyncBench, about: 'durable Event enqueue (in process and over HTTP) and end-to-end delivery throughput' },
  nodes: { run: runNodesBench, about: 'several nodes on one PostgreSQL: warm invoke throughput and CPU with 1/2/3 nodes; SQLite vs PostgreSQL latency' },
  audit: { run: runAuditBench, about: 'audit trail: API call overhead with the trail on vs off (same run), events/s made durable' },
  observe: { run: runObserveBench, about: 'warm invoke with logs + metrics + tracing on vs off (same run); PutLogEvents/FilterLogEvents on 1M stored events' },
  backends: { run: runBackendsBench, about: 'cold start and warm invoke per sandbox backend (bwrap, gVisor)' },
};

const PLANNED: readonly string[] = [];

function usage(): string {
  const lines = ['usage: npm run bench -- <name> [options]', '', 'benchmarks:'];
  for (const [name, b] of Object.entries(BENCHES)) lines.push(`  ${name.padEnd(10)}${b.about}`);
  lines.push(`  (not yet written: ${PLANNED.join(', ')})`, '', 'e.g. npm run bench -- control');
  return lines.join('\n') + '\n';
}

const [name, ...rest] = process.argv.slice(2);
const bench = name === undefined ? undefined : BENCHES[name];
if (bench === undefined) {
  if (name !== undefined && name !== '--help' && name !== '-h') process.stderr.write(`unknown benchmark: ${name}\n\n`);
  process.stderr.write(usage());
  process.exitCode = name === '--help' || name === '-h' ? 0 : 2;
} else {
  await bench.run(rest);
}
