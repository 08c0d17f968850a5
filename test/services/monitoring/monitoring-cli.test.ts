/**
 * CloudWatch through Debian's AWS CLI (/usr/bin/aws 2.9.19, query protocol: form bodies, XML answers,
 * `<ErrorResponse>` errors): metrics put and read back, GetMetricData, ListMetrics, alarms and their history,
 * tags, and errors as the CLI prints them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { awsCli } from '../../helpers/aws-cli.js';
import type { CliResult } from '../../helpers/aws-cli.js';
import { pastMinute } from './monitoring-helpers.js';

describe('CloudWatch through the AWS CLI (query protocol)', () => {
  let fx: LambdaboxFixture;
  const t0 = pastMinute(60);
  const iso = (ms: number): string => new Date(ms).toISOString();

  before(async () => {
    // No background evaluation: it would take the alarm set by hand back to INSUFFICIENT_DATA mid-test.
    fx = await startLambdabox({ overrides: { sandbox: false, alarmEvaluationIntervalMs: 3_600_000 } });
  });

  after(async () => {
    await fx.close();
  });

  const cw = (...args: string[]): Promise<CliResult> =>
    awsCli(['cloudwatch', ...args], { endpoint: fx.url, accessKeyId: fx.credentials.accessKeyId, secretAccessKey: fx.credentials.secretAccessKey });

  async function ok(...args: string[]): Promise<Record<string, unknown>> {
    const r = await cw(...args);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim() === '' ? {} : r.json();
  }

  test('put-metric-data, get-metric-statistics (standard and extended), list-metrics', async () => {
    const data = [
      { MetricName: 'Jobs', Dimensions: [{ Name: 'Queue', Value: 'q1' }], Timestamp: iso(t0 + 1_000), Value: 2, Unit: 'Count' },
      { MetricName: 'Jobs', Dimensions: [{ Name: 'Queue', Value: 'q1' }], Timestamp: iso(t0 + 2_000), Values: [1, 7], Counts: [1, 2], Unit: 'Count' },
      { MetricName: 'Jobs', Dimensions: [{ Name: 'Queue', Value: 'q1' }], Timestamp: iso(t0 + 62_000), StatisticValues: { SampleCount: 2, Sum: 9, Minimum: 4, Maximum: 5 }, Unit: 'Count' },
    ];
    await ok('put-metric-data', '--namespace', 'Cli', '--metric-data', JSON.stringify(data));
    const stats = await ok(
      'get-metric-statistics', '--namespace', 'Cli', '--metric-name', 'Jobs', '--dimensions', 'Name=Queue,Value=q1',
      '--start-time', iso(t0), '--end-time', iso(t0 + 120_000), '--period', '60', '--statistics', 'Sum', 'SampleCount', 'Minimum', 'Maximum', 'Average',
    );
    assert.equal(stats['Label'], 'Jobs');
    assert.deepEqual(stats['Datapoints'], [
      { Timestamp: new Date(t0).toISOString().replace('.000Z', '+00:00'), SampleCount: 4, Average: 4.25, Sum: 17, Minimum: 1, Maximum: 7, Unit: 'Count' },
      { Timestamp: new Date(t0 + 60_000).toISOString().replace('.000Z', '+00:00'), SampleCount: 2, Average: 4.5, Sum: 9, Minimum: 4, Maximum: 5, Unit: 'Count' },
    ]);
    const pct = await ok(
      'get-metric-statistics', '--namespace', 'Cli', '--metric-name', 'Jobs', '--dimensions', 'Name=Queue,Value=q1',
      '--start-time', iso(t0), '--end-time', iso(t0 + 60_000), '--period', '60', '--extended-statistics', 'p50', 'p100',
    );
    assert.deepEqual((pct['Datapoints'] as Array<Record<string, unknown>>)[0]?.['ExtendedStatistics'], { p50: 2, p100: 7 });
    const listed = await ok('list-metrics', '--namespace', 'Cli', '--dimensions', 'Name=Queue');
    assert.deepEqual(listed['Metrics'], [{ Namespace: 'Cli', MetricName: 'Jobs', Dimensions: [{ Name: 'Queue', Value: 'q1' }] }]);
  });

  test('get-metric-data with an expression', async () => {
    const queries = [
      { Id: 'jobs', MetricStat: { Metric: { Namespace: 'Cli', MetricName: 'Jobs', Dimensions: [{ Name: 'Queue', Value: 'q1' }] }, Period: 60, Stat: 'Sum' } },
      { Id: 'double', Expression: 'jobs * 2', Label: 'Twice' },
    ];
    const out = await ok('get-metric-data', '--metric-data-queries', JSON.stringify(queries), '--start-time', iso(t0), '--end-time', iso(t0 + 120_000), '--scan-by', 'TimestampAscending');
    const results = out['MetricDataResults'] as Array<Record<string, unknown>>;
    assert.deepEqual(results.map((r) => [r['Id'], r['Label'], r['Values'], r['StatusCode']]), [
      ['jobs', 'Jobs', [17, 9], 'Complete'],
      ['double', 'Twice', [34, 18], 'Complete'],
    ]);
  });

  test('alarms: put, describe, set-alarm-state, history, tags, delete', async () => {
    await ok(
      'put-metric-alarm', '--alarm-name', 'cli-alarm', '--namespace', 'Cli', '--metric-name', 'Jobs', '--statistic', 'Sum', '--period', '60',
      '--evaluation-periods', '2', '--datapoints-to-alarm', '1', '--threshold', '10', '--comparison-operator', 'GreaterThanThreshold',
      '--treat-missing-data', 'missing', '--dimensions', 'Name=Queue,Value=q1', '--tags', 'Key=team,Value=cli',
    );
    // The alarm's first evaluation (no data in its window: it stays INSUFFICIENT_DATA) is over before the test goes on.
    await fx.box.monitoring.evaluateNow();
    const described = await ok('describe-alarms', '--alarm-names', 'cli-alarm');
    const alarm = (described['MetricAlarms'] as Array<Record<string, unknown>>)[0];
    assert.equal(alarm?.['StateValue'], 'INSUFFICIENT_DATA');
    assert.equal(alarm?.['Threshold'], 10);
    assert.equal(alarm?.['ActionsEnabled'], true);
    assert.deepEqual(alarm?.['Dimensions'], [{ Name: 'Queue', Value: 'q1' }]);
    await ok('set-alarm-state', '--alarm-name', 'cli-alarm', '--state-value', 'ALARM', '--state-reason', 'by hand');
    const history = await ok('describe-alarm-history', '--alarm-name', 'cli-alarm', '--history-item-type', 'StateUpdate');
    assert.deepEqual((history['AlarmHistoryItems'] as Array<Record<string, unknown>>).map((h) => h['HistorySummary']), ['Alarm updated from INSUFFICIENT_DATA to ALARM']);
    const arn = alarm?.['AlarmArn'] as string;
    assert.deepEqual((await ok('list-tags-for-resource', '--resource-arn', arn))['Tags'], [{ Key: 'team', Value: 'cli' }]);
    await ok('delete-alarms', '--alarm-names', 'cli-alarm');
    assert.deepEqual((await ok('describe-alarms', '--alarm-names', 'cli-alarm'))['MetricAlarms'], []);
  });

  test('errors as the CLI prints them', async () => {
    const cases: Array<[string[], string]> = [
      [['put-metric-data', '--namespace', 'AWS/EC2', '--metric-name', 'X', '--value', '1'], 'An error occurred (InvalidParameterValue) when calling the PutMetricData operation: The value AWS/EC2 for parameter Namespace is invalid.'],
      [['set-alarm-state', '--alarm-name', 'ghost', '--state-value', 'OK', '--state-reason', 'x'], 'An error occurred (ResourceNotFound) when calling the SetAlarmState operation: Alarm ghost not found'],
      [
        ['put-metric-alarm', '--alarm-name', 'bad', '--namespace', 'N', '--metric-name', 'M', '--statistic', 'Sum', '--period', '60', '--evaluation-periods', '1', '--threshold', '1', '--comparison-operator', 'GreaterThanThreshold', '--alarm-actions', 'arn:aws:sns:us-east-1:000000000000:t'],
        'An error occurred (ValidationError) when calling the PutMetricAlarm operation: Invalid action arn:aws:sns:us-east-1:000000000000:t: SNS topics are not supported by this server (no SNS service); use a Lambda function or an SQS queue.',
      ],
      [
        ['get-metric-statistics', '--namespace', 'Cli', '--metric-name', 'Jobs', '--start-time', iso(t0), '--end-time', iso(t0 + 60_000), '--period', '60'],
        'An error occurred (InvalidParameterCombination) when calling the GetMetricStatistics operation: Must specify either Statistics or ExtendedStatistics, but not both.',
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cw(...args);
      assert.notEqual(r.code, 0);
      assert.equal(r.stderr.trim(), message);
    }
    assert.deepEqual((await ok('list-metrics', '--namespace', 'AWS/EC2'))['Metrics'], []);
    assert.deepEqual((await ok('describe-alarms', '--alarm-names', 'bad'))['MetricAlarms'], []);
  });
});
