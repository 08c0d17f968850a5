/**
 * The lambdabox side of `bench async`, run as its own process (`node dist/bench/async-server.js`) so
 * that the HTTP load generator does not take the server's CPU (and can be profiled apart:
 * `bench async <events> --prof <dir>` starts it with `--cpu-prof`).
 */
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { zipOf } from '../test/helpers/zips.js';
import { closeOnDisconnect, createBenchBox } from './bench-box.js';
import { ASYNC_BENCH_FUNCTION, ASYNC_BENCH_KEY, ASYNC_BENCH_REGION } from './async-protocol.js';
import type { AsyncServerReady, AsyncServerReply, AsyncServerRequest } from './async-protocol.js';

const ROLE = 'arn:aws:iam::000000000000:role/bench-role';

function isRequest(message: unknown): message is AsyncServerRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return typeof m['id'] === 'number' && typeof m['command'] === 'object' && m['command'] !== null;
}

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('async-server must be started with an IPC channel');
  const bench = await createBenchBox({
    dataDirPrefix: 'lambdabox-bench-async-',
    region: ASYNC_BENCH_REGION,
    logLevel: 'warn',
    accessKeyId: ASYNC_BENCH_KEY.accessKeyId,
    secretAccessKey: ASYNC_BENCH_KEY.secretAccessKey,
  });
  const { box, close } = bench;
  closeOnDisconnect(bench);
  await bench.start(ROLE);
  const lambda = new LambdaClient({ endpoint: box.url, region: ASYNC_BENCH_REGION, credentials: ASYNC_BENCH_KEY });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: ASYNC_BENCH_FUNCTION,
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
  const ctx = { region: ASYNC_BENCH_REGION, accountId: '000000000000' };

  process.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    const reply = (r: Omit<AsyncServerReply, 'type' | 'id'>): void => void send({ type: 'done', id: message.id, ...r, at: Number(process.hrtime.bigint() / 1000n) });
    const run = async (): Promise<Omit<AsyncServerReply, 'type' | 'id'>> => {
      const command = message.command;
      switch (command.cmd) {
        case 'enqueue': {
          let next = 0;
          const started = process.hrtime.bigint();
          await Promise.all(
            Array.from({ length: 256 }, async () => {
              while (next < command.events) await async.queue.enqueue(ctx, { name: ASYNC_BENCH_FUNCTION }, `bench-${next++}`, payload);
            }),
          );
          return { ms: Number(process.hrtime.bigint() - started) / 1e6 };
        }
        case 'stats':
          return async.commits.stats;
        case 'pending':
          return { pending: await async.pending() };
        case 'close':
          await close();
          return {};
      }
    };
    run().then(reply, (err: unknown) => reply({ error: String(err) }));
  });
  const ready: AsyncServerReady = { type: 'ready', url: box.url };
  send(ready);
}

await main();
