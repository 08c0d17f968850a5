/**
 * `npm run bench -- audit [--seconds S] [--clients N]`: what the audit trail costs an API call, and how many
 * events per second it makes durable.
 * 1. Two servers in this process, one recording (the default) and one with the trail off (`auditTrail:
 *    false`, a benchmark-only option), driven alternately, call by call, by the same closed-loop SDK
 *    clients, so machine noise falls on both alike: GetFunction (a read-only management event),
 *    TagResource (a write: event + configuration item), and warm Invoke with and without a trail selecting
 *    Lambda data events.
 * 2. Events/s: 16 clients of TagResource/GetFunction against the recording server; events committed and
 *    the group commits that carried them, from the recorder's counters; and the recorder alone, fed
 *    completed calls 256 at a time (its ceiling).
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { CreateTrailCommand, CloudTrailClient, PutEventSelectorsCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { GetFunctionCommand, TagResourceCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION } from '../test/helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../test/helpers/lambdabox-fixture.js';
import { deploy, FAST_MEMORY } from '../test/invoke/invoke-harness.js';
import { rawInvoker } from './invoke-clients.js';
import { CallNote } from '../src/http/call-note.js';
import { summarize } from './measure.js';
import { alternate } from './alternate.js';
import type { Measurement } from './measure.js';
import { markdownReport } from './report.js';
import type { Row } from './report.js';

const FUNCTION = 'bench-audit';
const CODE = { 'index.mjs': 'export const handler = async () => ({ ok: true });\n' };

/** Client `c` of a side (there are as many as benchmark clients). */
function clientOf(s: Side, c: number): LambdaClient {
  const client = s.clients[c];
  if (client === undefined) throw new Error(`no client ${c}`);
  return client;
}

interface Side {
  readonly fx: LambdaboxFixture;
  readonly clients: LambdaClient[];
  readonly arn: string;
}

async function side(recording: boolean, clients: number): Promise<Side> {
  const fx = await startLambdabox({ overrides: { auditTrail: recording } });
  const admin = fx.lambda();
  await deploy(fx, admin, FUNCTION, CODE, { memorySize: FAST_MEMORY });
  const arn = `arn:aws:lambda:${TEST_REGION}:000000000000:function:${FUNCTION}`;
  return { fx, clients: Array.from({ length: clients }, () => fx.lambda()), arn };
}

async function dataEventTrail(fx: LambdaboxFixture, arn: string): Promise<void> {
  const trail = new CloudTrailClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
  await trail.send(new CreateTrailCommand({ Name: 'bench', S3BucketName: 'bench-trail', EnableLogFileValidation: true }));
  await trail.send(
    new PutEventSelectorsCommand({
      TrailName: 'bench',
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::Lambda::Function', Values: [arn] }] }],
    }),
  );
  await trail.send(new StartLoggingCommand({ Name: 'bench' }));
  trail.destroy();
}

/**
 * The recorder alone: completed calls handed to it as fast as it takes them (256 in flight), as the front door
 * would after each call; how many events per second it makes durable.
 */
async function writerCeiling(fx: LambdaboxFixture): Promise<string> {
  const recorder = fx.box.trailRecorder;
  const before = recorder.stats;
  const total = 20_000;
  const caller = { accountId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accessKeyId: 'AKIABENCH', kind: 'root' as const };
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (next < total) {
        const i = next++;
        const note = new CallNote();
        note.describe({ eventName: 'TagResource20170331', requestParameters: { Resource: FUNCTION, Tags: { n: String(i) } } });
        recorder.begin(`bench-${i}`);
        await recorder.complete({
          signingName: 'lambda',
          operation: 'TagResource',
          caller,
          region: TEST_REGION,
          status: 204,
          note,
          request: { requestId: `bench-${i}`, method: 'POST', rawPath: '/', rawQuery: '', query: new URLSearchParams(), headers: {}, sourceIp: '127.0.0.1', host: '', receivedAt: new Date() },
        });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const after = recorder.stats;
  const commits = after.commits - before.commits;
  return `recorder alone: ${total} events durable in ${seconds.toFixed(2)} s = ${(total / seconds).toFixed(0)} events/s, ${commits} group commits (${(total / Math.max(1, commits)).toFixed(0)} per commit)`;
}

export async function runAuditBench(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { seconds: { type: 'string', default: '5' }, clients: { type: 'string', default: '8' } } });
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  const startedAt = new Date();
  const on = await side(true, Math.max(clients, 16));
  const off = await side(false, Math.max(clients, 16));
  const rows: Row[] = [];
  const ratios: string[] = [];
  try {
    const pair = [on, off] as const;
    const record = (operation: string, m: [Measurement, Measurement], onSetup = 'trail on'): void => {
      rows.push({ operation, setup: onSetup, m: m[0] }, { operation, setup: 'trail off', m: m[1] });
      // Each client alternates between the servers, so their throughputs are equal by construction: latency is the figure.
      ratios.push(`${operation} (${onSetup}): p50 on/off ${(m[0].p50Ms / m[1].p50Ms).toFixed(2)} (+${(m[0].p50Ms - m[1].p50Ms).toFixed(2)} ms), p99 on/off ${(m[0].p99Ms / m[1].p99Ms).toFixed(2)}`);
    };
    // Warm-up, untimed: environments started, caches filled.
    await alternate(pair, clients, 1, (s, c) => clientOf(s, c).send(new GetFunctionCommand({ FunctionName: FUNCTION })).then(() => undefined));
    record('GetFunction', await alternate(pair, clients, seconds, (s, c) => clientOf(s, c).send(new GetFunctionCommand({ FunctionName: FUNCTION })).then(() => undefined)));
    record(
      'TagResource',
      await alternate(pair, clients, seconds, (s, c, i) => clientOf(s, c).send(new TagResourceCommand({ Resource: s.arn, Tags: { n: String(i % 50) } })).then(() => undefined)),
      'trail on (+ config item)',
    );
    const invokers = pair.map((s) => rawInvoker({ url: s.fx.url, region: TEST_REGION, credentials: s.fx.credentials }, clients));
    const invokeOp = (s: Side, c: number): Promise<void> => (s === on ? invokers[0] : invokers[1])?.invoke(c, FUNCTION) ?? Promise.reject(new Error('no invoker'));
    await alternate(pair, clients, 1, invokeOp);
    record('Invoke (warm)', await alternate(pair, clients, seconds, invokeOp), 'no trail selects data events');
    await dataEventTrail(on.fx, on.arn);
    record('Invoke (warm)', await alternate(pair, clients, seconds, invokeOp), 'a trail selects its data events');
    for (const i of invokers) i.close();
    // Events/s: only the recording server, 16 clients of writes and reads.
    const before = on.fx.box.trailRecorder.stats;
    const lat: number[] = [];
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(
      on.clients.slice(0, 16).map(async (client, c) => {
        for (let k = 0; performance.now() < deadline; k++) {
          const t = performance.now();
          if ((c + k) % 2 === 0) await client.send(new TagResourceCommand({ Resource: on.arn, Tags: { k: String(k % 10) } }));
          else await client.send(new GetFunctionCommand({ FunctionName: FUNCTION }));
          lat.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const after = on.fx.box.trailRecorder.stats;
    const events = after.operations - before.operations;
    const commits = after.commits - before.commits;
    rows.push({ operation: 'TagResource + GetFunction', setup: 'trail on, 16 clients', m: summarize(16, elapsed, lat) });
    ratios.push(await writerCeiling(on.fx));
    ratios.push(`events made durable: ${events} in ${elapsed.toFixed(2)} s = ${(events / elapsed).toFixed(0)} events/s, in ${commits} group commits (${(events / Math.max(1, commits)).toFixed(1)} events per commit)`);
  } finally {
    for (const s of [on, off]) {
      await s.fx.close();
    }
  }
  const command = `npm run bench -- audit --seconds ${seconds} --clients ${clients}`;
  process.stdout.write(
    markdownReport('Audit trail: API call overhead, trail on vs off; events/s', command, startedAt, rows, [
      'both servers in one process, calls alternating between them client by client (same machine noise on both)',
      'store: SQLite (WAL); events group-committed, durable before each response',
      ...ratios,
    ]) + '\n',
  );
}
