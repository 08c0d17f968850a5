/**
 * Invocation logs end to end (issue 3, acceptance 1): the `X-Amz-Log-Type: Tail` result, Lambda's
 * START/END/REPORT lines (Init Duration only on a cold start), console output in the Text format,
 * errors and timeouts as Lambda logs them, the per-invocation cap, and the log group as
 * `lambdabox logs tail` prints it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { logsTail } from '../../src/cli/logs-command.js';
import { deploy, invoke } from './invoke-harness.js';
import { functionLogMessages } from '../helpers/log-events.js';

const LOGGER = `console.log('loading module');
export const handler = async (event) => {
  if (event.spam) { for (let i = 0; i < event.spam; i++) console.log(i + ' ' + 'x'.repeat(1024)); return 'spammed'; }
  console.log('hello', { n: 1 });
  console.info('two\\nlines');
  console.warn('careful');
  console.error('bad', 42);
  if (event.fail) throw new Error('it failed');
  if (event.hang) return new Promise(() => setInterval(() => {}, 1000));
  return 'logged';
};
`;

const ISO = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
const NUM = '[0-9]+\\.[0-9]{2}';

describe('Invoke end to end: logs', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;

  before(async () => {
    fx = await startLambdabox();
    lambda = fx.lambda();
    await deploy(fx, lambda, 'logger', { 'index.mjs': LOGGER });
  });
  after(async () => {
    await fx.close();
  });

  test('Tail on a cold start: INIT_START, init output, START, the function\'s Text lines, END, REPORT with Init Duration', async () => {
    const out = await invoke(lambda, 'logger', { tail: true });
    assert.equal(out.text, '"logged"');
    const id = out.requestId ?? '';
    const lines = (out.log ?? '').split('\n');
    assert.equal(lines.pop(), '', 'the tail ends with a newline');
    const expected = [
      new RegExp(`^INIT_START Runtime Version: nodejs:20\\.v1\\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$`),
      new RegExp(`^${ISO}\\tundefined\\tINFO\\tloading module$`),
      new RegExp(`^START RequestId: ${id} Version: \\$LATEST$`),
      new RegExp(`^${ISO}\\t${id}\\tINFO\\thello { n: 1 }$`),
      new RegExp(`^${ISO}\\t${id}\\tINFO\\ttwo\\rlines$`),
      new RegExp(`^${ISO}\\t${id}\\tWARN\\tcareful$`),
      new RegExp(`^${ISO}\\t${id}\\tERROR\\tbad 42$`),
      new RegExp(`^END RequestId: ${id}$`),
      new RegExp(
        `^REPORT RequestId: ${id}\\tDuration: ${NUM} ms\\tBilled Duration: [0-9]+ ms\\tMemory Size: 1769 MB\\tMax Memory Used: [1-9][0-9]* MB\\tInit Duration: ${NUM} ms\\t$`,
      ),
    ];
    assert.equal(lines.length, expected.length, lines.join('\n'));
    expected.forEach((re, i) => assert.match(lines[i] ?? '', re));
    const report = lines.at(-1) ?? '';
    const duration = Number(/Duration: ([0-9.]+) ms/.exec(report)?.[1]);
    const billed = Number(/Billed Duration: ([0-9]+) ms/.exec(report)?.[1]);
    assert.equal(billed, Math.max(1, Math.ceil(duration)));
  });

  test('Tail on a warm invoke has no INIT_START and no Init Duration; without Tail there is no LogResult', async () => {
    const warm = await invoke(lambda, 'logger', { tail: true });
    const log = warm.log ?? '';
    assert.match(log, new RegExp(`^START RequestId: ${warm.requestId} Version: \\$LATEST\\n`));
    assert.doesNotMatch(log, /INIT_START|Init Duration|loading module/);
    assert.match(log, /\tMax Memory Used: [0-9]+ MB\t\n$/);
    const plain = await invoke(lambda, 'logger');
    assert.equal(plain.log, undefined);
  });

  test('a function error and a timeout are logged as Lambda logs them', async () => {
    const failed = await invoke(lambda, 'logger', { payload: '{"fail":true}', tail: true });
    assert.equal(failed.functionError, 'Unhandled');
    assert.match(
      failed.log ?? '',
      new RegExp(`\\n${ISO}\\t${failed.requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"Error","errorMessage":"it failed","stack":\\["Error: it failed",`),
    );
    await deploy(fx, lambda, 'sleepy', { 'index.mjs': LOGGER }, { timeout: 1 });
    const timedOut = await invoke(lambda, 'sleepy', { payload: '{"hang":true}', tail: true });
    const id = timedOut.requestId ?? '';
    const lines = (timedOut.log ?? '').trimEnd().split('\n');
    assert.match(lines.at(-3) ?? '', new RegExp(`^${ISO} ${id} Task timed out after 1\\.00 seconds$`));
    assert.equal(lines.at(-2), `END RequestId: ${id}`);
    assert.match(lines.at(-1) ?? '', new RegExp(`^REPORT RequestId: ${id}\\tDuration: [1-9][0-9]{3}\\.[0-9]{2} ms\\t`));
  });

  test('the tail is the last 4 KB, and a flood of output is capped and marked', async () => {
    const out = await invoke(lambda, 'logger', { payload: '{"spam":400}', tail: true });
    assert.equal(out.text, '"spammed"');
    const tail = Buffer.from(out.log ?? '');
    assert.ok(tail.length <= 4096 && tail.length > 3000, `tail of ${tail.length} bytes`);
    assert.match(out.log ?? '', new RegExp(`REPORT RequestId: ${out.requestId}\\t.*\\n$`));
    assert.match(out.log ?? '', /\[lambdabox\] log output of this invocation was truncated/);
    const stored = await functionLogMessages(fx, 'logger');
    const mine = stored.filter((m) => m.includes(out.requestId ?? '-'));
    assert.ok(mine.length < 400, `${mine.length} lines kept`);
    // Everything the flood wrote before answering belonged to it: the next invocation's log is its own.
    const next = await invoke(lambda, 'logger', { tail: true });
    assert.doesNotMatch(next.log ?? '', /xxxx/);
    assert.match(next.log ?? '', new RegExp(`^START RequestId: ${next.requestId} Version: \\$LATEST\n${ISO}\t${next.requestId}\tINFO\thello`));
  });

  test('the log group holds every invocation in the environment\'s stream, and `lambdabox logs tail` prints it', async () => {
    await deploy(fx, lambda, 'tailed', { 'index.mjs': LOGGER });
    const first = await invoke(lambda, 'tailed');
    const second = await invoke(lambda, 'tailed');
    await fx.box.logsIngest.flush();
    let printed = '';
    const code = await logsTail({ functionName: 'tailed', dataDir: fx.dataDir, endpointUrl: fx.url, write: (t) => (printed += t) }, {});
    assert.equal(code, 0);
    // One event per printed record; a record's message may span lines.
    const lines = printed.trimEnd().split(new RegExp(`\\n(?=${ISO} )`));
    const stream = /^\S+ (\S+) /.exec(lines[0] ?? '')?.[1] ?? '';
    assert.match(stream, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    for (const line of lines) assert.match(line, new RegExp(`^${ISO} ${stream.replace(/[[\]$]/g, '\\$&')} `));
    const messages = lines.map((l) => l.slice(l.indexOf(stream) + stream.length + 1));
    assert.match(messages[0] ?? '', /^INIT_START /);
    assert.ok(messages.includes(`START RequestId: ${first.requestId} Version: $LATEST`));
    assert.ok(messages.includes(`END RequestId: ${second.requestId}`));
    assert.equal(messages.filter((m) => m.startsWith('REPORT ')).length, 2);
    assert.equal(messages.filter((m) => m.includes('Init Duration')).length, 1);
    // A multi-line message is one event; the CLI prints its lines.
    assert.ok(printed.includes(`\tINFO\ttwo\nlines\n`));
  });
});
