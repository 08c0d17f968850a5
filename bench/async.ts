/**
 * `npm run bench -- async [events] [--connections N] [--depth N] [--prof DIR]`: asynchronous invocation throughput.
 * The server runs in its own process (bench/async-server.ts); this process is the load generator.
 * 1. durable enqueue in process (the queue + group commit, no HTTP): events/s committed;
 * 2. durable enqueue over HTTP: SigV4-signed `X-Amz-Invocation-Type: Event` requests on N (16)
 *    connections, each pipelining up to `depth` (16) requests (bench/pipelined-poster.ts), counted
 *    when the 202 arrives (each 202 follows its commit);
 * 3. end to end: from the first HTTP event until the queue is empty (every event ran in a sandbox);
 * 4. reference: the same generator against a bare `node:http` server (bench/bare-http-server.ts).
 * `--prof DIR` starts the server with `--cpu-prof` (the profile is written to DIR when it exits).
 */
import { startBenchChild } from './bench-child.js';
import type { BenchChild, BenchReply } from './bench-child.js';
import { postPipelined } from './pipelined-poster.js';
import type { PipelinedPost, PipelinedResult } from './pipelined-poster.js';
import { ASYNC_BENCH_FUNCTION, ASYNC_BENCH_KEY, ASYNC_BENCH_REGION } from './async-protocol.js';
import type { AsyncServerCommand, AsyncServerReady, AsyncServerReply, AsyncServerRequest } from './async-protocol.js';

type AsyncServer = BenchChild<AsyncServerReady, AsyncServerCommand, AsyncServerReply>;

function startServer(execArgv: readonly string[]): Promise<AsyncServer> {
  return startBenchChild<AsyncServerReady, AsyncServerCommand, AsyncServerReply>(
    './async-server.js',
    { wrap: (id, command): AsyncServerRequest => ({ id, command }), close: { cmd: 'close' } },
    { execArgv },
  );
}

/** The same generator against a bare `node:http` server in its own process (bench/bare-http-server.ts). */
async function bareReference(post: PipelinedPost, events: number, connections: number, depth: number): Promise<PipelinedResult> {
  const bare = await startBenchChild<{ readonly url: string }, never, BenchReply>('./bare-http-server.js', { wrap: () => undefined, close: undefined });
  try {
    return await postPipelined({ ...post, url: new URL(post.url.pathname, bare.ready.url) }, events, connections, depth);
  } finally {
    await bare.stop();
  }
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

export async function runAsyncBench(args: readonly string[]): Promise<void> {
  const events = Number(args[0] !== undefined && !args[0].startsWith('--') ? args[0] : 20_000);
  const connections = Number(option(args, '--connections') ?? 16);
  const depth = Number(option(args, '--depth') ?? 16);
  const prof = option(args, '--prof');
  const server = await startServer(prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${prof}`]);
  try {
    const waitEmpty = async (): Promise<number> => {
      const started = Date.now();
      while ((await server.command({ cmd: 'pending' })).pending !== 0) await new Promise((r) => setTimeout(r, 50));
      return Date.now() - started;
    };
    const stats = async (): Promise<{ commits: number; operations: number; at: number }> => {
      const s = await server.command({ cmd: 'stats' });
      return { commits: s.commits ?? 0, operations: s.operations ?? 0, at: s.at ?? 0 };
    };
    const c0 = await stats();
    const inProcessMs = (await server.command({ cmd: 'enqueue', events })).ms ?? 0;
    const c1 = await stats();
    await waitEmpty();

    const c2 = await stats();
    const post: PipelinedPost = {
      url: new URL(`/2015-03-31/functions/${ASYNC_BENCH_FUNCTION}/invocations`, server.ready.url),
      headers: [['x-amz-invocation-type', 'Event']],
      body: Buffer.from('{"bench":true}'),
      ...ASYNC_BENCH_KEY,
      region: ASYNC_BENCH_REGION,
      service: 'lambda',
    };
    const http = await postPipelined(post, events, connections, depth);
    const c3 = await stats();
    const accepted = http.statuses.get(202) ?? 0;
    const refused = events - accepted;
    const httpMs = http.ms;
    const e2eMs = httpMs + (await waitEmpty());
    const bare = await bareReference(post, events, connections, depth);

    const rate = (n: number, ms: number): string => Math.round((n / ms) * 1000).toLocaleString('en-US');
    const perCommit = (a: { commits: number; operations: number }, b: { commits: number; operations: number }): string =>
      `${b.commits - a.commits} commits, ${((b.operations - a.operations) / Math.max(1, b.commits - a.commits)).toFixed(1)} ops/commit`;
    const lines = [
      `## async invocation (${events.toLocaleString('en-US')} events, ${new Date().toISOString().slice(0, 10)})`,
      '',
      '| figure | value |',
      '|---|---|',
      `| durable enqueue, in process (256 concurrent callers) | ${rate(events, inProcessMs)} events/s (${perCommit(c0, c1)}) |`,
      `| durable enqueue over HTTP, 202s (${connections} connections × ${depth} pipelined SigV4 requests, separate process) | ${rate(accepted, httpMs)} events/s (${refused} not 202${refused === 0 ? '' : `: ${JSON.stringify(Object.fromEntries(http.statuses))}`}; ${perCommit(c2, c3)}, deliveries included) |`,
      `| end to end: first HTTP event → queue empty (every event ran) | ${rate(events, e2eMs)} events/s |`,
      `| reference: bare \`node:http\` server answering 202 with no work, same generator, separate process | ${rate(bare.statuses.get(202) ?? 0, bare.ms)} requests/s |`,
      '',
      ...(prof === undefined ? [] : [`server profile in ${prof}; HTTP enqueue phase: ${c2.at}..${c3.at} µs (profile clock)`, '']),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await server.stop();
  }
}
