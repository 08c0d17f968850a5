/**
 * `npm run bench -- nodes [--seconds S] [--clients N] [--nodes 1,2,3] [--creates N] [--latency-seconds S]`:
 * lambdabox on several nodes sharing one PostgreSQL database (test/helpers/cluster-nodes.ts), on a
 * PostgreSQL server of the bench's own (startPostgresCluster, removed at the end).
 * 1. warm sync-invoke throughput with 1, 2 and 3 nodes: a fresh database and fresh node processes for
 *    each count; the same N closed-loop raw SigV4 clients (this process) for each, client c sending to
 *    node c mod k, for a fixed duration after an untimed warm-up; CPU per invoke from /proc and cgroupfs.
 * 2. single node, SQLite vs PostgreSQL side by side: CreateFunction (SDK) and warm Invoke (raw SigV4)
 *    latency p50/p90/p99, the two servers running at once and every operation alternating between them,
 *    so machine noise falls on both alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CreateFunctionCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { instanceName } from '../src/lambdabox.js';
import { startClusterNodes } from '../test/helpers/cluster-nodes.js';
import type { ClusterNodes } from '../test/helpers/cluster-nodes.js';
import { createLambdaRoleViaApi } from '../test/helpers/lambda-roles.js';
import { TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY } from '../test/helpers/lambdabox-fixture.js';
import { postgresBinDir, startPostgresCluster } from '../test/helpers/postgres-cluster.js';
import type { PostgresCluster } from '../test/helpers/postgres-cluster.js';
import { startServerProcess } from '../test/helpers/server-process.js';
import type { ServerProcess } from '../test/helpers/server-process.js';
import { TEST_ROLE, zipOf } from '../test/helpers/zips.js';
import { rawInvoker } from './invoke-clients.js';
import type { Invoker } from './invoke-clients.js';
import { environmentsCpuMs, processCpuMs, processTree } from './proc-stats.js';
import { reportHeader } from './report.js';

const FUNCTION = 'bench-nodes';
const CODE = zipOf({ 'index.mjs': 'export const handler = async () => ({ ok: true });\n' });
/** One full vCPU, as the invoke bench: the sandbox is not what is measured here. */
const MEMORY = 1769;
const credentials = { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function lambdaAt(url: string): LambdaClient {
  return new LambdaClient({ endpoint: url, region: TEST_REGION, credentials, maxAttempts: 1 });
}

async function createFunction(lambda: LambdaClient, name: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: CODE }, MemorySize: MEMORY }),
  );
}

/** Polls GetFunction at `url` until Active and Successful (60 s at most). */
async function settled(url: string, name: string): Promise<void> {
  const lambda = lambdaAt(url);
  try {
    for (const until = Date.now() + 60_000; ; await sleep(100)) {
      const c = (await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration;
      if (c?.State === 'Active' && c.LastUpdateStatus === 'Successful') return;
      if (Date.now() > until) throw new Error(`${name} at ${url} still ${String(c?.State)}/${String(c?.LastUpdateStatus)}`);
    }
  } finally {
    lambda.destroy();
  }
}

/** Fields 14–17 of /proc/<pid>/stat: utime, stime, cutime, cstime (ticks of 10 ms). */
function cpuWithReapedChildrenMs(pid: number): number {
  let stat = '';
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(f[i] ?? 0), 0) * 10;
}

/**
 * CPU used so far by the PostgreSQL server: every live process of its tree (postmaster, backends,
 * background workers) plus what its exited children used (the postmaster's cutime/cstime), so a
 * backend that ends between two readings is still counted.
 */
function postgresCpuMs(pg: PostgresCluster): number {
  const root = pg.pid();
  if (root === undefined) return 0;
  const [, ...children] = processTree(root);
  return cpuWithReapedChildrenMs(root) + children.reduce((sum, pid) => sum + processCpuMs(pid), 0);
}

interface CpuReading {
  readonly nodes: number;
  readonly sandboxes: number;
  readonly postgres: number;
}

/** Node processes: utime+stime of each server process (all its threads); sandboxes: cpuacct of each node's environment cgroups. */
function cpuNow(cluster: ClusterNodes, pg: PostgresCluster): CpuReading {
  let nodes = 0;
  let sandboxes = 0;
  for (const n of cluster.nodes) {
    const pid = n.process?.child.pid;
    if (pid !== undefined) nodes += processCpuMs(pid);
    sandboxes += environmentsCpuMs(instanceName(n.dataDir));
  }
  return { nodes, sandboxes, postgres: postgresCpuMs(pg) };
}

interface ThroughputRow {
  readonly nodes: number;
  readonly clients: number;
  readonly invokes: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpu: CpuReading;
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Closed loop: each client sends its next invoke when the last one answered, until the time is up. */
async function closedLoop(clients: number, seconds: number, op: (client: number) => Promise<void>): Promise<{ latencies: number[]; errors: number; firstError: string | undefined; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await op(c);
          latencies.push(performance.now() - t);
        } catch (err) {
          errors++;
          firstError ??= String(err).slice(0, 200);
          // A node that fails fast must not turn the loop into a busy spin.
          await sleep(5);
        }
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), errors, firstError, seconds: (performance.now() - start) / 1000 };
}

async function throughputWith(k: number, pg: PostgresCluster, clients: number, seconds: number, warmup: number): Promise<ThroughputRow> {
  const cluster = await startClusterNodes(k, { postgresServerUrl: pg.url, dirPrefix: 'lambdabox-bench-nodes-' });
  const invokers: Invoker[] = [];
  try {
    await createLambdaRoleViaApi(cluster.url(0), credentials, TEST_ROLE);
    const lambda = lambdaAt(cluster.url(0));
    await createFunction(lambda, FUNCTION);
    lambda.destroy();
    for (let n = 0; n < k; n++) await settled(cluster.url(n), FUNCTION);
    for (let n = 0; n < k; n++) invokers.push(rawInvoker({ url: cluster.url(n), region: TEST_REGION, credentials }, clients));
    const op = (c: number): Promise<void> => {
      const invoker = invokers[c % k];
      if (invoker === undefined) throw new Error('no invoker');
      return invoker.invoke(c, FUNCTION);
    };
    // Untimed warm-up: every client's environments exist (on whichever node runs them) before timing.
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; i < warmup; i++) await op(c).catch(() => undefined);
      }),
    );
    const before = cpuNow(cluster, pg);
    const run = await closedLoop(clients, seconds, op);
    const after = cpuNow(cluster, pg);
    return {
      nodes: k,
      clients,
      invokes: run.latencies.length,
      errors: run.errors,
      firstError: run.firstError,
      seconds: run.seconds,
      p50Ms: percentile(run.latencies, 0.5),
      p99Ms: percentile(run.latencies, 0.99),
      cpu: { nodes: after.nodes - before.nodes, sandboxes: after.sandboxes - before.sandboxes, postgres: after.postgres - before.postgres },
    };
  } finally {
    for (const i of invokers) i.close();
    await cluster.close();
  }
}

interface StoreSide {
  readonly store: string;
  readonly url: string;
  readonly creates: number[];
  readonly invokes: number[];
}

/** One SQLite node and one PostgreSQL node running at once; every operation alternates between them. */
async function sqliteVsPostgres(pg: PostgresCluster, creates: number, latencySeconds: number): Promise<StoreSide[]> {
  const sqliteDir = await mkdtemp(join(tmpdir(), 'lambdabox-bench-sqlite-'));
  let sqlite: ServerProcess | undefined;
  const cluster = await startClusterNodes(1, { postgresServerUrl: pg.url, dirPrefix: 'lambdabox-bench-pg1-' });
  const clients: LambdaClient[] = [];
  const invokers: Invoker[] = [];
  try {
    sqlite = await startServerProcess(sqliteDir, [], { env: { LAMBDABOX_STORE: 'sqlite' } });
    const sides: StoreSide[] = [
      { store: 'SQLite (WAL file in the data dir)', url: sqlite.url, creates: [], invokes: [] },
      { store: 'PostgreSQL (same machine, loopback TCP)', url: cluster.url(0), creates: [], invokes: [] },
    ];
    for (const side of sides) {
      await createLambdaRoleViaApi(side.url, credentials, TEST_ROLE);
      clients.push(lambdaAt(side.url));
      invokers.push(rawInvoker({ url: side.url, region: TEST_REGION, credentials }, 1));
    }
    // CreateFunction: the API call (request, SigV4, checks, the durable write); settling runs after it.
    for (let i = 0; i < creates; i++) {
      for (const [s, side] of sides.entries()) {
        const client = clients[s];
        if (client === undefined) throw new Error('no client');
        const t = performance.now();
        await createFunction(client, `${FUNCTION}-${i}`);
        side.creates.push(performance.now() - t);
      }
    }
    for (const side of sides) await settled(side.url, `${FUNCTION}-0`);
    for (const invoker of invokers) for (let i = 0; i < 20; i++) await invoker.invoke(0, `${FUNCTION}-0`);
    const deadline = performance.now() + latencySeconds * 1000;
    while (performance.now() < deadline) {
      for (const [s, side] of sides.entries()) {
        const invoker = invokers[s];
        if (invoker === undefined) throw new Error('no invoker');
        const t = performance.now();
        await invoker.invoke(0, `${FUNCTION}-0`);
        side.invokes.push(performance.now() - t);
      }
    }
    for (const side of sides) {
      side.creates.sort((a, b) => a - b);
      side.invokes.sort((a, b) => a - b);
    }
    return sides;
  } finally {
    for (const c of clients) c.destroy();
    for (const i of invokers) i.close();
    if (sqlite !== undefined) {
      sqlite.child.kill('SIGTERM');
      await sqlite.exited;
    }
    await cluster.close();
    await rm(sqliteDir, { recursive: true, force: true });
  }
}

export async function runNodesBench(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      seconds: { type: 'string', default: '5' },
      clients: { type: 'string', default: '16' },
      warmup: { type: 'string', default: '10' },
      nodes: { type: 'string', default: '1,2,3' },
      creates: { type: 'string', default: '100' },
      'latency-seconds': { type: 'string', default: '5' },
    },
  });
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  const warmup = Number(values.warmup);
  const counts = values.nodes.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const creates = Number(values.creates);
  const latencySeconds = Number(values['latency-seconds']);
  const startedAt = new Date();
  const pg = await startPostgresCluster();
  try {
    const rows: ThroughputRow[] = [];
    for (const k of counts) rows.push(await throughputWith(k, pg, clients, seconds, warmup));
    const sides = await sqliteVsPostgres(pg, creates, latencySeconds);

    const base = rows.find((r) => r.nodes === 1);
    const rate = (r: ThroughputRow): number => r.invokes / r.seconds;
    const cpuPer = (r: ThroughputRow, part: number): number => (r.invokes === 0 ? Number.NaN : part / r.invokes);
    const total = (r: ThroughputRow): number => r.cpu.nodes + r.cpu.sandboxes + r.cpu.postgres;
    const lines = [
      ...reportHeader('Several nodes on one PostgreSQL', `npm run bench -- nodes${args.length > 0 ? ` ${args.join(' ')}` : ''}`, startedAt, [
        `every node a \`lambdabox server\` process (compiled CLI, \`--port 0\`, own data dir, shared master key, blob dir and admin key), all on one fresh database of a throwaway PostgreSQL ${postgresBinDir()?.split('/').at(-2) ?? ''} cluster started by the bench (fsync off, loopback); a fresh database and fresh nodes for each node count`,
        `function: \`export const handler = async () => ({ ok: true })\`, nodejs20.x, MemorySize ${MEMORY}; every answer checked (200, body \`{"ok":true}\`)`,
        `throughput: ${clients} closed-loop raw SigV4 clients (node:http keep-alive, this process) for ${seconds} s, client c sending to node c mod k, after an untimed warm-up of ${warmup} invokes per client; errors are counted, not timed`,
        'CPU per invoke = CPU time over the timed part ÷ successful invokes: node processes = /proc utime+stime of each `lambdabox server` process (all threads); sandboxes = cpuacct.usage of each node\'s environment cgroups (every process in a sandbox); PostgreSQL = utime+stime of every live process of the server\'s tree plus the postmaster\'s cutime+cstime (backends that ended). Not counted: the clients (this process, which shares the 2 cores), bwrap/setpriv helpers outside the cgroups',
        'SQLite vs PostgreSQL: one node each, both running at once, operations alternating between them (one client, sequential); CreateFunction via the AWS SDK (same 187-byte zip each time, distinct names; the call only: settling runs after it), warm Invoke via the raw SigV4 client',
      ]),
      '',
      '| nodes | clients | invokes | errors | seconds | invokes/s | ratio to 1 node | p50 ms | p99 ms | CPU ms per invoke: nodes / sandboxes / PostgreSQL | CPU ms per invoke, total | ratio to 1 node |',
      '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
      ...rows.map((r) => {
        const ratio = base === undefined ? Number.NaN : rate(r) / rate(base);
        const cpuRatio = base === undefined ? Number.NaN : cpuPer(r, total(r)) / cpuPer(base, total(base));
        return `| ${r.nodes} | ${r.clients} | ${r.invokes} | ${r.errors} | ${fixed(r.seconds, 2)} | ${fixed(rate(r), 0)} | ${fixed(ratio, 2)} | ${fixed(r.p50Ms, 2)} | ${fixed(r.p99Ms, 2)} | ${fixed(cpuPer(r, r.cpu.nodes), 3)} / ${fixed(cpuPer(r, r.cpu.sandboxes), 3)} / ${fixed(cpuPer(r, r.cpu.postgres), 3)} | ${fixed(cpuPer(r, total(r)), 3)} | ${fixed(cpuRatio, 2)} |`;
      }),
      ...rows.filter((r) => r.firstError !== undefined).map((r) => `\n${r.nodes} nodes: first error: \`${r.firstError ?? ''}\``),
      '',
      '| operation | store | ops | p50 ms | p90 ms | p99 ms |',
      '|---|---|--:|--:|--:|--:|',
      ...sides.flatMap((s) => [
        `| CreateFunction, sequential | ${s.store} | ${s.creates.length} | ${fixed(percentile(s.creates, 0.5), 2)} | ${fixed(percentile(s.creates, 0.9), 2)} | ${fixed(percentile(s.creates, 0.99), 2)} |`,
      ]),
      ...sides.map(
        (s) =>
          `| Invoke (warm), sequential | ${s.store} | ${s.invokes.length} | ${fixed(percentile(s.invokes, 0.5), 2)} | ${fixed(percentile(s.invokes, 0.9), 2)} | ${fixed(percentile(s.invokes, 0.99), 2)} |`,
      ),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    pg.stop();
  }
}
