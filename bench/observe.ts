/**
 * `npm run bench -- observe [--seconds S] [--clients N] [--events E]`: what observability costs an invoke,
 * and how fast the CloudWatch Logs service takes and searches events.
 * 1. Two servers in this process, driven alternately call by call by the same clients (bench/alternate.ts):
 *    one with function logs (permission-checked, group-committed, sealed), Lambda's metrics and Active X-Ray
 *    tracing; one with `observability: false` (a benchmark-only option: nothing written) and PassThrough.
 *    Warm Invoke p50/p99 on each, and the ratio.
 * 2. PutLogEvents: E events (default 1,000,000) in batches of 10,000 through the SDK, 4 streams in parallel;
 *    events/s. Then FilterLogEvents over the E stored events, every page followed: a term that matches
 *    1 event in 10,000, and a JSON pattern `{ $.level = "ERROR" }` matching as many; events scanned/s.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, FilterLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startLambdabox, TEST_REGION } from '../test/helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../test/helpers/lambdabox-fixture.js';
import { deploy, FAST_MEMORY } from '../test/invoke/invoke-harness.js';
import { alternate } from './alternate.js';
import { rawInvoker } from './invoke-clients.js';
import { markdownReport } from './report.js';
import type { Row } from './report.js';

const FUNCTION = 'bench-observe';
const CODE = { 'index.mjs': "export const handler = async (event) => { console.log('handled', JSON.stringify(event)); return { ok: true }; };\n" };
const BATCH = 10_000;
const STREAMS = 4;

async function side(observed: boolean): Promise<LambdaboxFixture> {
  const fx = await startLambdabox({ overrides: { observability: observed } });
  await deploy(fx, fx.lambda(), FUNCTION, CODE, { memorySize: FAST_MEMORY, tracing: observed ? 'Active' : 'PassThrough' });
  return fx;
}

function message(i: number): string {
  const rare = i % BATCH === BATCH / 2;
  // About 60 bytes: a batch of 10,000 stays under PutLogEvents' 1 MB (26 bytes of overhead per event).
  return JSON.stringify({ level: rare ? 'ERROR' : 'INFO', n: i, path: `/o/${i % 977}`, msg: rare ? 'needle' : 'served' });
}

async function putEvents(logs: CloudWatchLogsClient, group: string, total: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const base = Date.now() - 3_600_000;
  await Promise.all(
    Array.from({ length: STREAMS }, async (_, s) => {
      const stream = `stream-${s}`;
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      for (;;) {
        const start = next;
        if (start >= total) return;
        next += BATCH;
        const n = Math.min(BATCH, total - start);
        // Within a batch: chronological, within 24 h; over the run: the last hour.
        const logEvents = Array.from({ length: n }, (_, k) => ({ timestamp: base + Math.floor(((start + k) / total) * 3_000_000), message: message(start + k) }));
        await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

async function filterAll(logs: CloudWatchLogsClient, group: string, filterPattern: string): Promise<{ seconds: number; matched: number; calls: number }> {
  const t0 = performance.now();
  let matched = 0;
  let calls = 0;
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern, ...(nextToken === undefined ? {} : { nextToken }) }));
    calls++;
    matched += page.events?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return { seconds: (performance.now() - t0) / 1000, matched, calls };
}

export async function runObserveBench(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: { seconds: { type: 'string', default: '10' }, clients: { type: 'string', default: '4' }, events: { type: 'string', default: '1000000' } },
  });
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  const total = Number(values.events);
  const startedAt = new Date();
  const rows: Row[] = [];
  const notes: string[] = [];
  const on = await side(true);
  const off = await side(false);
  try {
    const invokers = [on, off].map((fx) => rawInvoker({ url: fx.url, region: TEST_REGION, credentials: fx.credentials }, clients));
    const op = (fx: LambdaboxFixture, c: number): Promise<void> => (fx === on ? invokers[0] : invokers[1])?.invoke(c, FUNCTION) ?? Promise.reject(new Error('no invoker'));
    await alternate([on, off] as const, clients, 2, op);
    const [mOn, mOff] = await alternate([on, off] as const, clients, seconds, op);
    for (const i of invokers) i.close();
    rows.push({ operation: 'Invoke (warm)', setup: 'logs + metrics + Active tracing', m: mOn }, { operation: 'Invoke (warm)', setup: 'observability off', m: mOff });
    notes.push(
      `warm Invoke p50 on/off ${(mOn.p50Ms / mOff.p50Ms).toFixed(2)} (+${(mOn.p50Ms - mOff.p50Ms).toFixed(2)} ms), p99 on/off ${(mOn.p99Ms / mOff.p99Ms).toFixed(2)}`,
    );
    await on.box.logsIngest.flush();
    await on.box.traceIngest.flush();
    // What the observed side really kept: one START line per invocation in the function's group.
    const starts = await filterAll(
      new CloudWatchLogsClient({ endpoint: on.url, region: TEST_REGION, credentials: on.credentials, maxAttempts: 1 }),
      `/aws/lambda/${FUNCTION}`,
      '"START RequestId"',
    );
    notes.push(`observed side: ${starts.matched} START lines stored for the ${mOn.ops} timed and warm-up invocations it served`);

    const logs = new CloudWatchLogsClient({ endpoint: on.url, region: TEST_REGION, credentials: on.credentials, maxAttempts: 1 });
    const group = '/bench/observe';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    const putSeconds = await putEvents(logs, group, total);
    notes.push(`PutLogEvents: ${total} events in ${total / BATCH} batches of ${BATCH} (${STREAMS} streams in parallel) in ${putSeconds.toFixed(1)} s = ${(total / putSeconds).toFixed(0)} events/s`);
    for (const pattern of ['needle', '{ $.level = "ERROR" }']) {
      const r = await filterAll(logs, group, pattern);
      notes.push(
        `FilterLogEvents \`${pattern}\` over ${total} stored events: ${r.matched} matched, ${r.calls} calls, ${r.seconds.toFixed(1)} s = ${(total / r.seconds).toFixed(0)} events scanned/s`,
      );
    }
    logs.destroy();
  } finally {
    await on.close();
    await off.close();
  }
  const command = `npm run bench -- observe --seconds ${seconds} --clients ${clients} --events ${total}`;
  process.stdout.write(
    markdownReport('Observability: warm invoke with logs, metrics and tracing on vs off; Logs throughput', command, startedAt, rows, [
      'both servers in one process, calls alternating between them client by client (same machine noise on both)',
      'store: SQLite (WAL); log events sealed per event (AES-GCM), group-committed',
      ...notes,
    ]) + '\n',
  );
}
