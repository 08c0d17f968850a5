/**
 * CloudWatch authorization: every operation asks the authorizer for `cloudwatch:<Action>` on AWS's resource
 * (`*` for metrics, the alarm's ARN for alarms) with its condition keys (`cloudwatch:namespace` for
 * PutMetricData); a denied call changes nothing, in both protocols. An SQS alarm action needs
 * sqs:SendMessage on the queue for the alarm's author.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeAlarmsCommand, ListMetricsCommand, PutMetricAlarmCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { cloudWatchClient } from './monitoring-helpers.js';

describe('CloudWatch authorization', () => {
  let fx: LambdaboxFixture;
  let iam: IAMClient;
  let writer: { accessKeyId: string; secretAccessKey: string };

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    iam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'writer' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'writer',
        PolicyName: 'app-metrics-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'App' } } },
            { Effect: 'Allow', Action: ['cloudwatch:ListMetrics', 'cloudwatch:PutMetricAlarm'], Resource: '*' },
          ],
        }),
      }),
    );
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'writer' }));
    writer = { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
  });

  after(async () => {
    iam.destroy();
    await fx.close();
  });

  test('cloudwatch:namespace decides PutMetricData; unlisted actions are denied; nothing is written', async () => {
    const cw = cloudWatchClient(fx, writer);
    try {
      await cw.send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'ok', Value: 1 }] }));
      const denied = await failure(cw.send(new PutMetricDataCommand({ Namespace: 'Other', MetricData: [{ MetricName: 'no', Value: 1 }] })));
      assert.equal(denied.status, 403);
      assert.equal(
        denied.message,
        `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/writer is not authorized to perform: cloudwatch:PutMetricData on resource: * because no identity-based policy allows the cloudwatch:PutMetricData action`,
      );
      const describe = await failure(cw.send(new DescribeAlarmsCommand({})));
      assert.equal(describe.status, 403);
      assert.match(describe.message, /cloudwatch:DescribeAlarms on resource: arn:aws:cloudwatch:us-east-1:000000000000:alarm:\*/);
      const queue = `arn:aws:sqs:us-east-1:${TEST_ACCOUNT_ID}:q`;
      const alarm = await failure(
        cw.send(new PutMetricAlarmCommand({ AlarmName: 'a', Namespace: 'App', MetricName: 'ok', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [queue] })),
      );
      assert.equal(alarm.status, 403);
      assert.match(alarm.message, /sqs:SendMessage on resource: arn:aws:sqs:us-east-1:000000000000:q/);
      assert.deepEqual((await cw.send(new ListMetricsCommand({}))).Metrics?.map((m) => m.Namespace), ['App']);
    } finally {
      cw.destroy();
    }
    const admin = cloudWatchClient(fx);
    assert.deepEqual((await admin.send(new DescribeAlarmsCommand({}))).MetricAlarms, []);
    admin.destroy();
    const cli = await awsCli(['cloudwatch', 'put-metric-data', '--namespace', 'Other', '--metric-name', 'x', '--value', '1'], { endpoint: fx.url, ...writer });
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /\(AccessDenied\) when calling the PutMetricData operation: User: arn:aws:iam::000000000000:user\/writer is not authorized to perform: cloudwatch:PutMetricData/);
  });
});
