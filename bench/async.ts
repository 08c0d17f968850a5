/**
 * `npm run bench -- async [events]`: asynchronous invocation throughput on this machine.
 * 1. durable enqueue in process (the queue + group commit, no HTTP): events/s committed;
 * 2. durable enqueue over HTTP: SigV4-signed `X-Amz-Invocation-Type: Event` requests from 64
 *    keep-alive clients, counted when the 202 arrives (each 202 follows its commit);
 * 3. end to end: from the first HTTP event until the queue is empty (every event ran in a sandbox).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { Lambdabox } from '../src/lambdabox.js';
import { createLogger } from '../src/observe/logger.js';
import { signRequest } from '../src/iam/sigv4/sign.js';
import { ensureLambdaRole } from '../test/helpers/lambda-roles.js';
import { zipOf } from '../test/helpers/zips.js';

const KEY = { accessKeyId: 'AKIALAMBDABOXBENCH01', secretAccessKey: 'lambdabox-bench-secret-0123456789abcdef' };
const REGION = 'us-east-1';
const ROLE = 'arn:aws:iam::000000000000:role/bench-role';
const CLIENTS = 64;

function post(agent: Agent, url: URL, body: Buffer): Promise<number> {
  const signed = signRequest({
    method: 'POST',
    path: url.pathname,
    query: '',
    headers: [['host', url.host], ['x-amz-invocation-type', 'Event']],
    body,
    ...KEY,
    region: REGION,
    service: 'lambda',
    now: new Date(),
  });
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...Object.fromEntries(signed.headers), 'content-length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function parallel(total: number, clients: number, one: (n: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) await one(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function runAsyncBench(args: readonly string[]): Promise<void> {
  const events = Number(args[0] ?? 20_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-bench-async-'));
  const box = new Lambdabox({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    region: REGION,
    logger: createLogger({ level: 'warn' }),
    adminAccessKeyId: KEY.accessKeyId,
    adminSecretAccessKey: KEY.secretAccessKey,
    writeCredentialsFile: false,
    runtimeCacheDir: join(tmpdir(), 'lambdabox-runtime-cache'),
  });
  await box.start();
  try {
    await ensureLambdaRole(box, ROLE);
    const lambda = new LambdaClient({ endpoint: box.url, region: REGION, credentials: KEY });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'noop',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: zipOf({ 'index.mjs': 'export const handler = async () => null;\n' }) },
        MemorySize: 1769,
      }),
    );
    lambda.destroy();
    await box.control.deployer.idle();
    const async = box.asyncInvocation;
    if (async === undefined) throw new Error('no async invocation (sandboxes off?)');
    const payload = Buffer.from('{"bench":true}');
    const ctx = { region: REGION, accountId: '000000000000' };

    const c0 = async.commits.stats;
    const inProcessMs = await parallel(events, 256, (n) => async.queue.enqueue(ctx, { name: 'noop' }, `bench-${n}`, payload));
    const c1 = async.commits.stats;
    await waitEmpty(box);

    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const url = new URL('/2015-03-31/functions/noop/invocations', box.url);
    let refused = 0;
    const httpMs = await parallel(events, CLIENTS, async () => {
      if ((await post(agent, url, payload)) !== 202) refused++;
    });
    const c2 = async.commits.stats;
    const e2eMs = httpMs + (await waitEmpty(box));
    agent.destroy();

    const rate = (n: number, ms: number): string => Math.round((n / ms) * 1000).toLocaleString('en-US');
    const lines = [
      `## async invocation (${events.toLocaleString('en-US')} events, ${new Date().toISOString().slice(0, 10)})`,
      '',
      '| figure | value |',
      '|---|---|',
      `| durable enqueue, in process (256 concurrent callers) | ${rate(events, inProcessMs)} events/s (${c1.commits - c0.commits} commits, ${((c1.operations - c0.operations) / Math.max(1, c1.commits - c0.commits)).toFixed(1)} ops/commit) |`,
      `| durable enqueue over HTTP, 202s (${CLIENTS} SigV4 keep-alive clients) | ${rate(events - refused, httpMs)} events/s (${refused} not 202; ${c2.commits - c1.commits} commits) |`,
      `| end to end: first HTTP event → queue empty (every event ran) | ${rate(events, e2eMs)} events/s |`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await box.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function waitEmpty(box: Lambdabox): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await box.asyncInvocation?.pending()) === 0) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
}
