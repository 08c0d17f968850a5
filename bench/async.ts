/**
 * `npm run bench -- async [events] [--clients N] [--prof DIR]`: asynchronous invocation throughput.
 * The server runs in its own process (bench/async-server.ts); this process is the load generator.
 * 1. durable enqueue in process (the queue + group commit, no HTTP): events/s committed;
 * 2. durable enqueue over HTTP: SigV4-signed `X-Amz-Invocation-Type: Event` requests from N (64)
 *    keep-alive clients, counted when the 202 arrives (each 202 follows its commit);
 * 3. end to end: from the first HTTP event until the queue is empty (every event ran in a sandbox).
 * `--prof DIR` starts the server with `--cpu-prof` (the profile is written to DIR when it exits).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'node:http';
import { signRequest } from '../src/iam/sigv4/sign.js';
import { ASYNC_BENCH_FUNCTION, ASYNC_BENCH_KEY, ASYNC_BENCH_REGION } from './async-protocol.js';
import type { AsyncServerCommand, AsyncServerReady, AsyncServerReply } from './async-protocol.js';

interface AsyncServer {
  readonly url: string;
  command(command: AsyncServerCommand): Promise<AsyncServerReply>;
  stop(): Promise<void>;
}

async function startServer(execArgv: readonly string[]): Promise<AsyncServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./async-server.js', import.meta.url)), [], {
    execArgv: [...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<AsyncServerReady>((resolve, reject) => {
    child.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && (m as Record<string, unknown>)['type'] === 'ready') resolve(m as AsyncServerReady);
    });
    child.once('exit', (code, signal) => reject(new Error(`the async bench server exited (${String(code ?? signal)})`)));
  });
  let nextId = 0;
  const pending = new Map<number, (r: AsyncServerReply) => void>();
  child.on('message', (m: unknown) => {
    if (typeof m !== 'object' || m === null || (m as Record<string, unknown>)['type'] !== 'done') return;
    const reply = m as AsyncServerReply;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const command = (c: AsyncServerCommand): Promise<AsyncServerReply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (r) => (r.error === undefined ? resolve(r) : reject(new Error(`async bench server: ${c.cmd}: ${r.error}`))));
      child.send({ id, command: c });
    });
  return {
    url: ready.url,
    command,
    async stop() {
      await command({ cmd: 'close' }).catch(() => undefined);
      child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * A cheap signed client: requests are identical but for the time, so the signature is computed once
 * per second (the server still verifies every request) and the client's CPU stays out of the figure.
 */
function eventPoster(url: URL, body: Buffer, clients: number): { post(): Promise<number>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  let signedAt = -1;
  let headers: Record<string, string> = {};
  const headersNow = (): Record<string, string> => {
    const second = Math.floor(Date.now() / 1000);
    if (second !== signedAt) {
      const signed = signRequest({
        method: 'POST',
        path: url.pathname,
        query: '',
        headers: [['host', url.host], ['x-amz-invocation-type', 'Event']],
        body,
        ...ASYNC_BENCH_KEY,
        region: ASYNC_BENCH_REGION,
        service: 'lambda',
        now: new Date(second * 1000),
      });
      headers = { ...Object.fromEntries(signed.headers), 'content-length': String(body.length) };
      signedAt = second;
    }
    return headers;
  };
  return {
    post: () =>
      new Promise((resolve, reject) => {
        const req = request(url, { method: 'POST', agent, headers: headersNow() }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

async function parallel(total: number, clients: number, one: () => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        next++;
        await one();
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

export async function runAsyncBench(args: readonly string[]): Promise<void> {
  const events = Number(args[0] !== undefined && !args[0].startsWith('--') ? args[0] : 20_000);
  const clients = Number(option(args, '--clients') ?? 64);
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

    const poster = eventPoster(new URL(`/2015-03-31/functions/${ASYNC_BENCH_FUNCTION}/invocations`, server.url), Buffer.from('{"bench":true}'), clients);
    let refused = 0;
    const c2 = await stats();
    const httpMs = await parallel(events, clients, async () => {
      if ((await poster.post()) !== 202) refused++;
    });
    const c3 = await stats();
    const e2eMs = httpMs + (await waitEmpty());
    poster.close();

    const rate = (n: number, ms: number): string => Math.round((n / ms) * 1000).toLocaleString('en-US');
    const perCommit = (a: { commits: number; operations: number }, b: { commits: number; operations: number }): string =>
      `${b.commits - a.commits} commits, ${((b.operations - a.operations) / Math.max(1, b.commits - a.commits)).toFixed(1)} ops/commit`;
    const lines = [
      `## async invocation (${events.toLocaleString('en-US')} events, ${new Date().toISOString().slice(0, 10)})`,
      '',
      '| figure | value |',
      '|---|---|',
      `| durable enqueue, in process (256 concurrent callers) | ${rate(events, inProcessMs)} events/s (${perCommit(c0, c1)}) |`,
      `| durable enqueue over HTTP, 202s (${clients} SigV4 keep-alive clients, separate process) | ${rate(events - refused, httpMs)} events/s (${refused} not 202; ${perCommit(c2, c3)}, deliveries included) |`,
      `| end to end: first HTTP event → queue empty (every event ran) | ${rate(events, e2eMs)} events/s |`,
      '',
      ...(prof === undefined ? [] : [`server profile in ${prof}; HTTP enqueue phase: ${c2.at}..${c3.at} µs (profile clock)`, '']),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await server.stop();
  }
}
