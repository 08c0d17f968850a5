/**
 * The lambdabox side of the invoke benchmark, run as its own process (`node dist/bench/invoke-server.js`)
 * so that it, like serverless-offline, has an event loop and a CPU share of its own rather than the
 * benchmark clients'. The parent drives it over the IPC channel: reap environments, wait for settling.
 */
import { instanceName } from '../src/lambdabox.js';
import { TEST_ROLE } from '../test/helpers/zips.js';
import { closeOnDisconnect, createBenchBox } from './bench-box.js';
import { BENCH_ACCESS_KEY_ID, BENCH_REGION, BENCH_SECRET_ACCESS_KEY } from './invoke-protocol.js';
import type { ServerReady, ServerReply, ServerRequest } from './invoke-protocol.js';

function isRequest(message: unknown): message is ServerRequest {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return typeof m['id'] === 'number' && (m['cmd'] === 'reap' || m['cmd'] === 'settled' || m['cmd'] === 'close');
}

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('invoke-server must be started with an IPC channel');
  const bench = await createBenchBox({
    dataDirPrefix: 'lambdabox-bench-',
    region: BENCH_REGION,
    logLevel: 'silent',
    accessKeyId: BENCH_ACCESS_KEY_ID,
    secretAccessKey: BENCH_SECRET_ACCESS_KEY,
  });
  const { box, dataDir, close } = bench;
  closeOnDisconnect(bench);
  await bench.start(TEST_ROLE);

  process.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    const reply = (r: Omit<ServerReply, 'type' | 'id'>): void => void send({ type: 'done', id: message.id, ...r });
    const run = async (): Promise<Omit<ServerReply, 'type' | 'id'>> => {
      switch (message.cmd) {
        case 'reap':
          // Far in the future: every idle environment is past its idle time.
          return { count: (await box.sandboxes?.reap(Date.now() + 1e9)) ?? 0 };
        case 'settled':
          await box.control.deployer.idle();
          return {};
        case 'close':
          await close();
          return {};
      }
    };
    run().then(reply, (err: unknown) => reply({ error: String(err) }));
  });
  const ready: ServerReady = { type: 'ready', url: box.url, instance: instanceName(dataDir) };
  send(ready);
}

await main();
