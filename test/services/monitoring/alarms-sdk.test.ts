/**
 * Alarms through @aws-sdk/client-cloudwatch under the server's injected clock: M-of-N evaluation
 * (INSUFFICIENT_DATA → ALARM → OK), missing-data treatments, history items on every change, an SQS alarm
 * action delivering CloudWatch's state-change event to a real queue, disabled actions, Lambda actions
 * failing until wired, SetAlarmState, tags, and bad input refused with nothing changed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClient, PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startLambdabox, TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { sqsClient } from '../sqs/sqs-helpers.js';
import { cloudWatchClient, TestClock } from './monitoring-helpers.js';

interface AlarmState {
  readonly value: string;
  readonly reason: string;
  readonly reasonData?: string;
  readonly timestamp: string;
}

interface AlarmEvent {
  readonly source: string;
  readonly alarmArn: string;
  readonly accountId: string;
  readonly time: string;
  readonly region: string;
  readonly alarmData: { readonly alarmName: string; readonly state: AlarmState; readonly previousState: AlarmState; readonly configuration: unknown };
}

describe('CloudWatch alarms through the JS SDK', () => {
  let fx: LambdaboxFixture;
  let cw: CloudWatchClient;
  let sqs: SQSClient;
  const clock = new TestClock();
  // Each test puts its data in the minutes before now and moves the server's clock to just after the
  // periods it needs, never more than a few minutes from real time: the clients sign with the same offset
  // (systemClockOffset), and the SDK would reset that offset from the response Date past 5 minutes' skew.
  const minutesAgo = (n: number): number => Math.floor(Date.now() / 60_000) * 60_000 - n * 60_000;
  const at = (ms: number): void => {
    clock.offsetMs = ms - Date.now();
    cw.config.systemClockOffset = clock.offsetMs;
    sqs.config.systemClockOffset = clock.offsetMs;
  };

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false, clock, alarmEvaluationIntervalMs: 3_600_000 } });
    cw = cloudWatchClient(fx);
    sqs = sqsClient(fx);
  });

  after(async () => {
    cw.destroy();
    sqs.destroy();
    await fx.close();
  });

  const putValue = (metric: string, ts: number, value: number): Promise<unknown> =>
    cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: metric, Timestamp: new Date(ts), Value: value, Unit: 'Count' }] }));
  const alarmOf = async (name: string) => (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
  const base = (name: string, metric: string, extra: Partial<PutMetricAlarmCommandInput> = {}): PutMetricAlarmCommandInput => ({
    AlarmName: name, Namespace: 'App', MetricName: metric, Statistic: 'Sum', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2,
    Threshold: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold', ...extra,
  });

  test('2 of 3 breaching periods: INSUFFICIENT_DATA → ALARM, then OK; an SQS action gets the state-change event', async () => {
    const t0 = minutesAgo(4);
    at(t0 + 1_000);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'alarm-events' }));
    const queueArn = `arn:aws:sqs:us-east-1:${TEST_ACCOUNT_ID}:alarm-events`;
    await cw.send(new PutMetricAlarmCommand(base('errors-high', 'Errors', { AlarmDescription: 'too many errors', AlarmActions: [queueArn], OKActions: [queueArn] })));
    await fx.box.monitoring.evaluateNow();
    const created = await alarmOf('errors-high');
    assert.equal(created?.StateValue, 'INSUFFICIENT_DATA');
    assert.equal(created?.StateReason, 'Unchecked: Initial alarm creation');
    assert.equal(created?.AlarmArn, `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT_ID}:alarm:errors-high`);
    await putValue('Errors', t0 + 1_000, 10);
    await putValue('Errors', t0 + 61_000, 1);
    await putValue('Errors', t0 + 121_000, 3);
    await putValue('Errors', t0 + 122_000, 4);
    at(t0 + 180_500);
    await fx.box.monitoring.evaluateNow();
    const alarmed = await alarmOf('errors-high');
    assert.equal(alarmed?.StateValue, 'ALARM');
    assert.match(
      alarmed?.StateReason ?? '',
      /^Threshold Crossed: 2 out of the last 3 datapoints \[7\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:00\), 10\.0 \(.*\)\] were greater than or equal to the threshold \(5\.0\) \(minimum 2 datapoints for OK -> ALARM transition\)\.$/,
    );
    const reasonData = JSON.parse(alarmed?.StateReasonData ?? '{}') as { recentDatapoints: number[]; statistic: string; period: number };
    assert.deepEqual([reasonData.recentDatapoints, reasonData.statistic, reasonData.period], [[7, 1, 10], 'Sum', 60]);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    const event = JSON.parse(received.Messages?.[0]?.Body ?? '{}') as AlarmEvent;
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: received.Messages?.[0]?.ReceiptHandle }));
    assert.equal(event.source, 'aws.cloudwatch');
    assert.equal(event.alarmArn, created?.AlarmArn);
    assert.equal(event.accountId, TEST_ACCOUNT_ID);
    assert.equal(event.region, 'us-east-1');
    assert.match(event.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.equal(event.alarmData.alarmName, 'errors-high');
    assert.equal(event.alarmData.state.value, 'ALARM');
    assert.equal(event.alarmData.state.reason, alarmed?.StateReason);
    assert.equal(event.alarmData.state.reasonData, alarmed?.StateReasonData);
    assert.equal(event.alarmData.previousState.value, 'INSUFFICIENT_DATA');
    assert.equal(event.alarmData.previousState.reason, 'Unchecked: Initial alarm creation');
    assert.deepEqual(event.alarmData.configuration, {
      description: 'too many errors',
      metrics: [{ id: 'm1', metricStat: { metric: { namespace: 'App', name: 'Errors', dimensions: {} }, period: 60, stat: 'Sum' }, returnData: true }],
    });
    // Quiet periods bring it back: 3 of the last 3 are below the threshold.
    for (const i of [3, 4, 5]) await putValue('Errors', t0 + i * 60_000 + 1_000, 0);
    at(t0 + 360_500);
    await fx.box.monitoring.evaluateNow();
    assert.equal((await alarmOf('errors-high'))?.StateValue, 'OK');
    const okEvent = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    const ok = JSON.parse(okEvent.Messages?.[0]?.Body ?? '{}') as AlarmEvent;
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: okEvent.Messages?.[0]?.ReceiptHandle }));
    assert.deepEqual([ok.alarmData.state.value, ok.alarmData.previousState.value], ['OK', 'ALARM']);
    const history = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'errors-high' }));
    assert.deepEqual(
      history.AlarmHistoryItems?.map((h) => [h.HistoryItemType, h.HistorySummary]),
      [
        ['Action', `Successfully executed action ${queueArn}`],
        ['StateUpdate', 'Alarm updated from ALARM to OK'],
        ['Action', `Successfully executed action ${queueArn}`],
        ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
        ['ConfigurationUpdate', 'Alarm "errors-high" created'],
      ],
    );
    const states = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'errors-high', HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending' }));
    const first = JSON.parse(states.AlarmHistoryItems?.[0]?.HistoryData ?? '{}') as { oldState: { stateValue: string }; newState: { stateValue: string } };
    assert.deepEqual([first.oldState.stateValue, first.newState.stateValue], ['INSUFFICIENT_DATA', 'ALARM']);
    // Disabled actions: the next change sends nothing.
    await cw.send(new DisableAlarmActionsCommand({ AlarmNames: ['errors-high', 'no-such-alarm'] }));
    assert.equal((await alarmOf('errors-high'))?.ActionsEnabled, false);
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'errors-high', StateValue: 'ALARM', StateReason: 'testing' }));
    await fx.box.monitoring.actionsIdle();
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }))).Messages, undefined);
    assert.equal((await alarmOf('errors-high'))?.StateReason, 'testing');
    await cw.send(new EnableAlarmActionsCommand({ AlarmNames: ['errors-high'] }));
    assert.equal((await alarmOf('errors-high'))?.ActionsEnabled, true);
  });

  test('missing data: breaching → ALARM, notBreaching → OK, missing → INSUFFICIENT_DATA, ignore keeps the state', async () => {
    at(Date.now());
    for (const treat of ['breaching', 'notBreaching', 'missing', 'ignore']) {
      await cw.send(new PutMetricAlarmCommand(base(`silent-${treat}`, 'Silent', { EvaluationPeriods: 2, DatapointsToAlarm: 1, TreatMissingData: treat })));
    }
    await fx.box.monitoring.evaluateNow();
    const states = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'silent-' }));
    assert.deepEqual(
      states.MetricAlarms?.map((a) => [a.AlarmName, a.StateValue]),
      [['silent-breaching', 'ALARM'], ['silent-ignore', 'INSUFFICIENT_DATA'], ['silent-missing', 'INSUFFICIENT_DATA'], ['silent-notBreaching', 'OK']],
    );
    assert.equal(
      states.MetricAlarms?.[0]?.StateReason,
      'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].',
    );
    const byState = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'silent-', StateValue: 'OK' }));
    assert.deepEqual(byState.MetricAlarms?.map((a) => a.AlarmName), ['silent-notBreaching']);
    const paged = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'silent-', MaxRecords: 3 }));
    assert.equal(paged.MetricAlarms?.length, 3);
    const rest = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'silent-', MaxRecords: 3, NextToken: paged.NextToken }));
    assert.deepEqual(rest.MetricAlarms?.map((a) => a.AlarmName), ['silent-notBreaching']);
    const composite = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'silent-', AlarmTypes: ['CompositeAlarm'] }));
    assert.deepEqual([composite.CompositeAlarms, composite.MetricAlarms], [[], []]);
  });

  test('on a server that runs no functions a Lambda action fails clearly; the state change stands', async () => {
    at(Date.now());
    const fn = `arn:aws:lambda:us-east-1:${TEST_ACCOUNT_ID}:function:responder`;
    await cw.send(new PutMetricAlarmCommand(base('to-lambda', 'Never', { EvaluationPeriods: 1, DatapointsToAlarm: 1, TreatMissingData: 'breaching', AlarmActions: [fn] })));
    await fx.box.monitoring.evaluateNow();
    assert.equal((await alarmOf('to-lambda'))?.StateValue, 'ALARM');
    const actions = await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'to-lambda', HistoryItemType: 'Action' }));
    assert.match(actions.AlarmHistoryItems?.[0]?.HistorySummary ?? '', /^Failed to execute action arn:aws:lambda:.*:function:responder\. Received error: ".*this server runs no functions"$/);
  });

  test('math alarms (Metrics array) evaluate their expression', async () => {
    const t0 = minutesAgo(2);
    at(t0);
    for (let i = 0; i < 2; i++) {
      await putValue('Good', t0 + i * 60_000 + 1_000, 90);
      await putValue('Bad', t0 + i * 60_000 + 1_000, 10);
    }
    const stat = (id: string, name: string) => ({ Id: id, MetricStat: { Metric: { Namespace: 'App', MetricName: name }, Period: 60, Stat: 'Sum' }, ReturnData: false });
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'error-rate', EvaluationPeriods: 2, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold',
        Metrics: [stat('good', 'Good'), stat('bad', 'Bad'), { Id: 'rate', Expression: 'bad / (good + bad) * 100', ReturnData: true }],
      }),
    );
    at(t0 + 120_500);
    await fx.box.monitoring.evaluateNow();
    const a = await alarmOf('error-rate');
    assert.equal(a?.StateValue, 'ALARM');
    assert.equal(a?.Metrics?.length, 3);
    assert.match(a?.StateReason ?? '', /\[10\.0 .*, 10\.0 .*\] were greater than the threshold \(5\.0\)/);
  });

  test('SetAlarmState, tags, DeleteAlarms; bad input gets CloudWatch errors and changes nothing', async () => {
    at(Date.now());
    await cw.send(new PutMetricAlarmCommand(base('tagged', 'T', { Tags: [{ Key: 'team', Value: 'a' }] })));
    await fx.box.monitoring.evaluateNow();
    const arn = `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT_ID}:alarm:tagged`;
    assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'team', Value: 'a' }]);
    await cw.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'b' }] }));
    await cw.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['env'] }));
    assert.deepEqual((await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'team', Value: 'b' }]);
    const before = await alarmOf('tagged');
    const refused: Array<[() => Promise<unknown>, { name: string; status: number; message: string }]> = [
      [() => cw.send(new PutMetricAlarmCommand(base('tagged', 'T', { AlarmActions: ['arn:aws:sns:us-east-1:000000000000:topic'] }))), { name: 'ValidationException', status: 400, message: 'Invalid action arn:aws:sns:us-east-1:000000000000:topic: SNS topics are not supported by this server (no SNS service); use a Lambda function or an SQS queue.' }],
      [() => cw.send(new PutMetricAlarmCommand(base('tagged', 'T', { OKActions: ['arn:aws:automate:us-east-1:ec2:stop'] }))), { name: 'ValidationException', status: 400, message: 'Invalid action arn:aws:automate:us-east-1:ec2:stop: only Lambda function and SQS queue actions are supported by this server.' }],
      [() => cw.send(new PutMetricAlarmCommand(base('tagged', 'T', { AlarmActions: ['not-an-arn'] }))), { name: 'ValidationException', status: 400, message: 'Invalid arn syntax: not-an-arn' }],
      [() => cw.send(new PutMetricAlarmCommand(base('tagged', 'T', { AlarmActions: [`arn:aws:lambda:eu-west-1:${TEST_ACCOUNT_ID}:function:f`] }))), { name: 'ValidationException', status: 400, message: 'Invalid region eu-west-1 specified. Only us-east-1 is supported.' }],
      [() => cw.send(new PutMetricAlarmCommand(base('tagged', 'T', { DatapointsToAlarm: 4 }))), { name: 'ValidationException', status: 400, message: 'DatapointsToAlarm must be greater than 0 and less than or equal to EvaluationPeriods.' }],
      [() => cw.send(new PutMetricAlarmCommand(base('tagged', 'T', { TreatMissingData: 'sometimes' }))), { name: 'ValidationException', status: 400, message: 'The value sometimes for parameter TreatMissingData is invalid. Valid values are: breaching, notBreaching, ignore, missing.' }],
      [() => cw.send(new PutMetricAlarmCommand(base('tagged', 'T', { Statistic: undefined }))), { name: 'ValidationException', status: 400, message: 'Exactly one of Statistic or ExtendedStatistic must be specified.' }],
      [() => cw.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })), { name: 'ResourceNotFound', status: 404, message: 'Alarm nope not found' }],
      [() => cw.send(new SetAlarmStateCommand({ AlarmName: 'tagged', StateValue: 'OK', StateReason: 'x', StateReasonData: '{nope' })), { name: 'InvalidFormatFault', status: 400, message: 'Invalid JSON in StateReasonData.' }],
      [() => cw.send(new DeleteAlarmsCommand({ AlarmNames: ['tagged', 'ghost'] })), { name: 'ResourceNotFound', status: 404, message: '1 alarm not found: ghost' }],
      [() => cw.send(new ListTagsForResourceCommand({ ResourceARN: `arn:aws:cloudwatch:us-east-1:${TEST_ACCOUNT_ID}:alarm:ghost` })), { name: 'ResourceNotFoundException', status: 404, message: 'Alarm ghost not found' }],
    ];
    for (const [call, expected] of refused) assert.deepEqual(await failure(call()), expected);
    assert.deepEqual(await alarmOf('tagged'), before);
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'tagged', StateValue: 'ALARM', StateReason: 'manual', StateReasonData: '{"a":1}' }));
    const set = await alarmOf('tagged');
    assert.deepEqual([set?.StateValue, set?.StateReason, set?.StateReasonData], ['ALARM', 'manual', '{"a":1}']);
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['tagged'] }));
    assert.equal(await alarmOf('tagged'), undefined);
  });
});
