/**
 * The real AWS CLI (aws-cli 2.9.19) against lambdabox: `aws logs filter-log-events`, `aws logs tail --format short`
 * and `aws logs tail --follow`, which polls FilterLogEvents every 5 seconds (awscli/customizations/logs/tail.py),
 * so lambdabox needs no StartLiveTail for it. The follower is read until the line written after it started
 * appears (bounded), then killed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { AWS_CLI, awsCli } from '../../helpers/aws-cli.js';
import { logsClient } from './logs-helpers.js';
import { logsTail } from '../../../src/cli/logs-command.js';

const GROUP = '/aws/lambda/cli-fn';

describe('CloudWatch Logs through the AWS CLI', () => {
  let fx: LambdaboxFixture;
  let logs: CloudWatchLogsClient;
  const cli = (args: readonly string[]) => awsCli(args, { endpoint: fx.url, ...fx.credentials });

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    logs = logsClient(fx);
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: '2026/01/01/[$LATEST]abc' }));
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: GROUP,
        logStreamName: '2026/01/01/[$LATEST]abc',
        logEvents: [
          { timestamp: now - 3000, message: 'START RequestId: 1' },
          { timestamp: now - 2000, message: 'ERROR something broke' },
          { timestamp: now - 1000, message: 'END RequestId: 1' },
        ],
      }),
    );
  });
  after(async () => {
    logs.destroy();
    await fx.close();
  });

  test('filter-log-events with a pattern', async () => {
    const out = await cli(['logs', 'filter-log-events', '--log-group-name', GROUP, '--filter-pattern', 'ERROR']);
    assert.equal(out.code, 0, out.stderr);
    const body = out.json<{ events: Array<{ message: string; logStreamName: string }>; searchedLogStreams: unknown[] }>();
    assert.deepEqual(body.events.map((e) => e.message), ['ERROR something broke']);
    assert.equal(body.events[0]?.logStreamName, '2026/01/01/[$LATEST]abc');
    const bad = await cli(['logs', 'filter-log-events', '--log-group-name', GROUP, '--filter-pattern', '{ $.a = ']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /InvalidParameterException.*Invalid filter pattern/);
  });

  test('tail --format short prints the recent events', async () => {
    const out = await cli(['logs', 'tail', GROUP, '--format', 'short']);
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.replace(/^\S+ /, '')), ['START RequestId: 1', 'ERROR something broke', 'END RequestId: 1']);
    assert.match(lines[0] ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} /);
  });

  test('tail --follow shows a line written after it started', { timeout: 60_000 }, async () => {
    const child = spawn(AWS_CLI, ['logs', 'tail', GROUP, '--follow', '--format', 'short', '--endpoint-url', fx.url], {
      env: {
        PATH: '/usr/bin:/bin',
        HOME: '/nonexistent',
        AWS_ACCESS_KEY_ID: fx.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: fx.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
        // Python buffers a pipe's output; the follower must write each line as it comes.
        PYTHONUNBUFFERED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const seen = (text: string, ms: number): Promise<boolean> =>
      new Promise((resolve) => {
        const done = (ok: boolean): void => {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve(ok);
        };
        const onData = (d: Buffer): void => {
          stdout += d.toString();
          if (stdout.includes(text)) done(true);
        };
        const timer = setTimeout(() => done(stdout.includes(text)), ms);
        child.stdout.on('data', onData);
        if (stdout.includes(text)) done(true);
      });
    try {
      assert.ok(await seen('END RequestId: 1', 30_000), `the history never came: ${stderr}`);
      await logs.send(
        new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: '2026/01/01/[$LATEST]abc', logEvents: [{ timestamp: Date.now(), message: 'arrived later' }] }),
      );
      // The CLI polls every 5 s; 40 s leaves a loaded machine ample room.
      assert.ok(await seen('arrived later', 40_000), `the new line never came: ${stdout} ${stderr}`);
      assert.equal(stdout.split('ERROR something broke').length, 2, 'no event is printed twice');
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('lambdabox logs tail prints the history from the logs store and, following, what the ingest writes later', { timeout: 30_000 }, async () => {
    const env = { AWS_ACCESS_KEY_ID: fx.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: fx.credentials.secretAccessKey };
    let printed = '';
    assert.equal(await logsTail({ functionName: 'cli-fn', endpointUrl: fx.url, lines: 2, write: (t) => (printed += t) }, env), 0);
    const lines = printed.trim().split('\n');
    assert.equal(lines.length, 2, 'only the last two lines of history');
    for (const line of lines) assert.match(line, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z 2026\/01\/01\/\[\$LATEST\]abc \S/);
    assert.ok(!printed.includes('START RequestId'), 'older history is left out');
    assert.equal(await logsTail({ functionName: 'missing-fn', endpointUrl: fx.url, write: () => undefined }, env), 1);

    const abort = new AbortController();
    let followed = '';
    const following = logsTail(
      { functionName: 'cli-fn', endpointUrl: fx.url, follow: true, pollMs: 50, signal: abort.signal, write: (t) => (followed += t) },
      env,
    );
    while (!followed.includes('END RequestId: 1')) await new Promise((r) => setTimeout(r, 20));
    fx.box.logsIngest.append('000000000000', GROUP, '2026/01/01/[$LATEST]def', [{ timestamp: Date.now(), message: 'from the ingest' }]);
    await fx.box.logsIngest.flush();
    const deadline = Date.now() + 20_000;
    while (!followed.includes('from the ingest') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    abort.abort();
    assert.equal(await following, 0);
    assert.match(followed, /\[\$LATEST\]def from the ingest\n/);
    assert.equal(followed.split('from the ingest').length, 2, 'printed once');
  });
});
