/**
 * What Lambda leaves for an operator (issue 14, acceptance 1): AWS/Lambda metrics of a function invoked N
 * times with K errors are exactly N and K and its Duration statistics are those of its REPORT lines; a role
 * without logs:CreateLogStream/PutLogEvents loses its logs and a metric says so; an alarm on Errors goes to
 * ALARM and invokes its target function (allowed by that function's resource policy); JSON log format lines
 * are searchable with JSON filter patterns and `aws logs tail`; EMF lines become metrics.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AddPermissionCommand, InvokeCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricStatisticsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import type { Datapoint, Statistic } from '@aws-sdk/client-cloudwatch';
import { startLambdabox, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { allow, createRole } from '../../services/sts/sts-harness.js';
import { LAMBDA_TRUST_POLICY } from '../../helpers/lambda-roles.js';
import { functionLogMessages, logEvents } from '../../helpers/log-events.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { TestClock } from '../../services/monitoring/monitoring-helpers.js';
import { ARN_PREFIX, deploy, invoke } from '../invoke-harness.js';

const FLAKY = {
  'index.mjs': `export const handler = async (event) => {
  console.log('working on ' + event.n);
  if (event.fail) throw new Error('failed on purpose ' + event.n);
  return { n: event.n };
};
`,
};
const SINK = { 'index.mjs': "export const handler = async (event) => { console.log('ALARM_EVENT ' + JSON.stringify(event)); return 'ok'; };\n" };
const EMF = {
  'index.mjs': `export const handler = async () => {
  console.log(JSON.stringify({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [['Service']], Metrics: [{ Name: 'Orders', Unit: 'Count' }] }] }, Service: 'cart', Orders: 3 }));
  return 'ok';
};
`,
};
const JSON_LOGGER = {
  'index.mjs': `export const handler = async () => { console.info('all good'); console.error('something broke'); console.debug('hidden'); return 'ok'; };\n`,
};

describe('Lambda observability: metrics, logs, alarms', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let cw: CloudWatchClient;
  const clock = new TestClock();

  before(async () => {
    fx = await startLambdabox({ overrides: { clock, alarmEvaluationIntervalMs: 3_600_000 } });
    lambda = fx.lambda();
    cw = new CloudWatchClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
  });
  after(async () => {
    cw.destroy();
    await fx.close();
  });

  async function statistics(namespace: string, metric: string, dimensions: Record<string, string>, statistics: Statistic[]): Promise<Datapoint[]> {
    await fx.box.metricsIngest.flush();
    const now = clock.now().getTime();
    const out = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: namespace,
        MetricName: metric,
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
        StartTime: new Date(now - 3_600_000),
        EndTime: new Date(now + 3_600_000),
        Period: 60,
        Statistics: statistics,
      }),
    );
    return out.Datapoints ?? [];
  }
  const sum = (points: Datapoint[], key: 'Sum' | 'SampleCount'): number => points.reduce((a, p) => a + (p[key] ?? 0), 0);

  test('N invocations with K errors: Invocations N, Errors K, and Duration as the REPORT lines say', async () => {
    await deploy(fx, lambda, 'flaky', FLAKY);
    const N = 5;
    const K = 2;
    for (let n = 0; n < N; n++) {
      const out = await invoke(lambda, 'flaky', { payload: JSON.stringify({ n, fail: n < K }) });
      assert.equal(out.functionError, n < K ? 'Unhandled' : undefined);
    }
    const fn = { FunctionName: 'flaky' };
    assert.equal(sum(await statistics('AWS/Lambda', 'Invocations', fn, ['Sum']), 'Sum'), N);
    assert.equal(sum(await statistics('AWS/Lambda', 'Errors', fn, ['Sum']), 'Sum'), K);
    assert.equal(sum(await statistics('AWS/Lambda', 'Invocations', { ...fn, Resource: 'flaky' }, ['Sum']), 'Sum'), N);
    const reports = (await functionLogMessages(fx, 'flaky'))
      .map((m) => /^REPORT RequestId: \S+\tDuration: ([\d.]+) ms/.exec(m)?.[1])
      .filter((d): d is string => d !== undefined)
      .map(Number);
    assert.equal(reports.length, N);
    const durations = await statistics('AWS/Lambda', 'Duration', fn, ['SampleCount', 'Sum', 'Minimum', 'Maximum']);
    assert.equal(sum(durations, 'SampleCount'), N);
    // REPORT prints two decimals: each figure is within half a hundredth of the metric's.
    assert.ok(Math.abs(sum(durations, 'Sum') - reports.reduce((a, b) => a + b, 0)) <= N * 0.005 + 1e-9);
    assert.equal(Math.min(...durations.map((p) => p.Minimum ?? Infinity)).toFixed(2), Math.min(...reports).toFixed(2));
    assert.equal(Math.max(...durations.map((p) => p.Maximum ?? -Infinity)).toFixed(2), Math.max(...reports).toFixed(2));
    // Across all functions too (no dimensions).
    assert.ok(sum(await statistics('AWS/Lambda', 'Invocations', {}, ['Sum']), 'Sum') >= N);
  });

  test('throttles and asynchronous invocation publish their metrics per function', async () => {
    await deploy(fx, lambda, 'parked', FLAKY);
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'parked', ReservedConcurrentExecutions: 0 }));
    await assert.rejects(invoke(lambda, 'parked', { payload: '{"n":1}' }), (err: Error) => err.name === 'TooManyRequestsException');
    assert.equal(sum(await statistics('AWS/Lambda', 'Throttles', { FunctionName: 'parked' }, ['Sum']), 'Sum'), 1);
    assert.equal(sum(await statistics('AWS/Lambda', 'Invocations', { FunctionName: 'parked' }, ['Sum']), 'Sum'), 0, 'a throttled call is no invocation');
    await deploy(fx, lambda, 'queued', FLAKY);
    await lambda.send(new InvokeCommand({ FunctionName: 'queued', InvocationType: 'Event', Payload: Buffer.from('{"n":2}') }));
    for (let i = 0; i < 200 && (await fx.box.asyncInvocation?.pending()) !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(sum(await statistics('AWS/Lambda', 'AsyncEventsReceived', { FunctionName: 'queued' }, ['Sum']), 'Sum'), 1);
    assert.equal(sum(await statistics('AWS/Lambda', 'AsyncEventAge', { FunctionName: 'queued' }, ['SampleCount']), 'SampleCount'), 1);
    assert.equal(sum(await statistics('AWS/Lambda', 'Invocations', { FunctionName: 'queued' }, ['Sum']), 'Sum'), 1);
  });

  test('a role without logs permissions loses its logs, and DroppedLogEvents counts them', async () => {
    const role = await createRole(fx, 'no-logs', LAMBDA_TRUST_POLICY, { inlinePolicy: allow(['lambda:ListFunctions']) });
    await deploy(fx, lambda, 'mute', FLAKY, { role: role.arn });
    const out = await invoke(lambda, 'mute', { payload: '{"n":1}', tail: true });
    assert.match(out.log ?? '', /working on 1/, 'the caller still gets its tail');
    await fx.box.logsIngest.flush();
    assert.deepEqual(await functionLogMessages(fx, 'mute'), []);
    const dropped = await statistics('Lambdabox/Lambda', 'DroppedLogEvents', { FunctionName: 'mute' }, ['Sum']);
    assert.ok(sum(dropped, 'Sum') >= 4, JSON.stringify(dropped));
  });

  test('an alarm on Errors goes to ALARM and invokes its target function', async () => {
    await deploy(fx, lambda, 'pager', SINK);
    const alarmArn = `arn:aws:cloudwatch:${TEST_REGION}:000000000000:alarm:flaky-errors`;
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'pager',
        StatementId: 'alarms',
        Action: 'lambda:InvokeFunction',
        Principal: 'lambda.alarms.cloudwatch.amazonaws.com',
        SourceArn: alarmArn,
      }),
    );
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'flaky-errors',
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: 'flaky' }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [`${ARN_PREFIX}pager`],
      }),
    );
    // The minutes of the errors above are complete once the server's clock is a minute on.
    clock.offsetMs = 61_000;
    await fx.box.monitoring.evaluateNow();
    const alarm = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['flaky-errors'] }))).MetricAlarms?.[0];
    assert.equal(alarm?.StateValue, 'ALARM', alarm?.StateReason);
    let seen: Record<string, unknown> | undefined;
    for (let i = 0; i < 200 && seen === undefined; i++) {
      const line = (await functionLogMessages(fx, 'pager')).find((m) => m.includes('\tALARM_EVENT '));
      if (line !== undefined) seen = JSON.parse(line.slice(line.indexOf('ALARM_EVENT ') + 'ALARM_EVENT '.length)) as Record<string, unknown>;
      else await new Promise((r) => setTimeout(r, 100));
    }
    const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'flaky-errors' }));
    assert.ok(seen, `the target function ran: ${JSON.stringify(history.AlarmHistoryItems?.map((h) => h.HistorySummary))}`);
    assert.equal(seen['source'], 'aws.cloudwatch');
    assert.equal(seen['alarmArn'], alarmArn);
    assert.equal((seen['alarmData'] as { state: { value: string } }).state.value, 'ALARM');
  });

  test('without the resource policy naming the alarms principal, the alarm does not invoke', async () => {
    await deploy(fx, lambda, 'closed-pager', SINK);
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'closed',
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: 'flaky' }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [`${ARN_PREFIX}closed-pager`],
      }),
    );
    await fx.box.monitoring.evaluateNow();
    assert.equal((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['closed'] }))).MetricAlarms?.[0]?.StateValue, 'ALARM');
    // The action was refused before anything was queued: the evaluation above waited for it.
    assert.equal(await fx.box.asyncInvocation?.pending(), 0);
    assert.deepEqual(await functionLogMessages(fx, 'closed-pager'), []);
  });

  test('JSON log format: JSON filter patterns find the error line; `aws logs tail` prints the group', async () => {
    clock.offsetMs = 0;
    await deploy(fx, lambda, 'structured', JSON_LOGGER, { logging: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' } });
    await invoke(lambda, 'structured');
    const errors = await logEvents(fx, '/aws/lambda/structured', '{ $.level = "ERROR" }');
    assert.equal(errors.length, 1);
    assert.equal((JSON.parse(errors[0]?.message ?? '{}') as { message: string }).message, 'something broke');
    const reports = await logEvents(fx, '/aws/lambda/structured', '{ $.type = "platform.report" }');
    assert.equal(reports.length, 1);
    assert.equal((await logEvents(fx, '/aws/lambda/structured', 'hidden')).length, 0, 'DEBUG is below ApplicationLogLevel');
    const tail = await awsCli(['logs', 'tail', '/aws/lambda/structured', '--format', 'short', '--since', '1h'], { endpoint: fx.url, ...fx.credentials });
    assert.equal(tail.code, 0, tail.stderr);
    assert.match(tail.stdout, /something broke/);
    assert.match(tail.stdout, /platform\.start/);
  });

  test('Embedded Metric Format lines become the function account\'s metrics', async () => {
    await deploy(fx, lambda, 'emf', EMF);
    await invoke(lambda, 'emf');
    await invoke(lambda, 'emf');
    await fx.box.logsIngest.flush();
    const points = await statistics('Shop', 'Orders', { Service: 'cart' }, ['Sum', 'SampleCount']);
    assert.equal(sum(points, 'Sum'), 6);
    assert.equal(sum(points, 'SampleCount'), 2);
  });
});
