/**
 * `GET /metrics`: Prometheus text exposition of what the platform publishes through MetricsIngest (AWS/Lambda
 * counters, duration histogram and concurrency gauge; AWS/SQS from real queue traffic), parsed with
 * parse-prometheus-text-format; the bearer token is required and nothing leaks without it. The ingest's
 * data is also durable and readable through GetMetricStatistics, `AWS/` namespace included.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startLambdabox, TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { sqsClient } from '../sqs/sqs-helpers.js';
import { cloudWatchClient } from './monitoring-helpers.js';

const TOKEN = 'scrape-token-0123456789abcdef';

describe('Prometheus endpoint', () => {
  let fx: LambdaboxFixture;
  let cw: CloudWatchClient;
  let sqs: SQSClient;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false, metricsToken: TOKEN } });
    cw = cloudWatchClient(fx);
    sqs = sqsClient(fx);
  });

  after(async () => {
    cw.destroy();
    sqs.destroy();
    await fx.close();
  });

  const scrape = (authorization?: string): Promise<Response> =>
    fetch(`${fx.url}/metrics`, { headers: authorization === undefined ? {} : { Authorization: authorization } });

  function sample(families: ReturnType<typeof parsePrometheusTextFormat>, name: string, labels: Record<string, string>) {
    const family = families.find((f) => f.name === name);
    assert.ok(family, `no ${name}`);
    return family.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  }

  test('Lambda metrics put through the ingest appear as counters, a histogram and a gauge, and in GetMetricStatistics', async () => {
    const now = Date.now();
    const fn = [{ Name: 'FunctionName', Value: 'hello' }];
    fx.box.metricsIngest.put(TEST_ACCOUNT_ID, 'AWS/Lambda', [
      { MetricName: 'Invocations', Dimensions: fn, Timestamp: now, Unit: 'Count', Value: 1 },
      { MetricName: 'Invocations', Dimensions: fn, Timestamp: now, Unit: 'Count', Value: 1 },
      { MetricName: 'Invocations', Dimensions: [...fn, { Name: 'Resource', Value: 'hello:1' }], Timestamp: now, Unit: 'Count', Value: 1 },
      { MetricName: 'Errors', Dimensions: fn, Timestamp: now, Unit: 'Count', Value: 1 },
      { MetricName: 'Throttles', Dimensions: fn, Timestamp: now, Unit: 'Count', Values: [1], Counts: [3] },
      { MetricName: 'Duration', Dimensions: fn, Timestamp: now, Unit: 'Milliseconds', Values: [3, 40, 700] },
      { MetricName: 'ConcurrentExecutions', Dimensions: fn, Timestamp: now, Unit: 'Count', Value: 2 },
      { MetricName: 'ConcurrentExecutions', Timestamp: now, Unit: 'Count', Value: 5 },
    ]);
    const res = await scrape(`Bearer ${TOKEN}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    const families = parsePrometheusTextFormat(text);
    const labels = { account: TEST_ACCOUNT_ID, function_name: 'hello' };
    assert.equal(sample(families, 'lambdabox_lambda_invocations_total', labels)?.value, '2');
    assert.equal(sample(families, 'lambdabox_lambda_errors_total', labels)?.value, '1');
    assert.equal(sample(families, 'lambdabox_lambda_throttles_total', labels)?.value, '3');
    // The parser drops a labelled histogram's labels, sum and count (a quirk of parse-prometheus-text-format):
    // the buckets come from it, sum and count from the text.
    const duration = families.find((f) => f.name === 'lambdabox_lambda_duration_milliseconds')?.metrics;
    assert.equal(duration?.length, 1);
    assert.deepEqual([duration?.[0]?.buckets?.['1'], duration?.[0]?.buckets?.['5'], duration?.[0]?.buckets?.['50'], duration?.[0]?.buckets?.['1000'], duration?.[0]?.buckets?.['+Inf']], ['0', '1', '2', '3', '3']);
    const series = `{account="${TEST_ACCOUNT_ID}",function_name="hello"}`;
    assert.ok(text.includes(`lambdabox_lambda_duration_milliseconds_sum${series} 743\n`));
    assert.ok(text.includes(`lambdabox_lambda_duration_milliseconds_count${series} 3\n`));
    assert.equal(sample(families, 'lambdabox_lambda_concurrent_executions', labels)?.value, '2');
    assert.equal(sample(families, 'lambdabox_lambda_concurrent_executions', { account: TEST_ACCOUNT_ID, function_name: '' })?.value, '5');
    await fx.box.metricsIngest.flush();
    const stats = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: fn, StartTime: new Date(now - 120_000), EndTime: new Date(now + 60_000), Period: 60,
        Statistics: ['SampleCount', 'Sum', 'Maximum'],
      }),
    );
    assert.deepEqual(stats.Datapoints?.map((d) => [d.SampleCount, d.Sum, d.Maximum]), [[3, 743, 700]]);
  });

  test('SQS traffic shows up as AWS/SQS metrics', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'watched' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello, world' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    for (const m of got.Messages ?? []) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'left' }));
    // The Approximate… gauges are sampled (the SQS sweep); sample now rather than wait for it.
    await fx.box.sampleQueueMetrics();
    const text = await (await scrape(`Bearer ${TOKEN}`)).text();
    const families = parsePrometheusTextFormat(text);
    const labels = { account: TEST_ACCOUNT_ID, queue_name: 'watched' };
    assert.equal(sample(families, 'lambdabox_sqs_messages_sent_total', labels)?.value, '3');
    assert.equal(sample(families, 'lambdabox_sqs_messages_received_total', labels)?.value, String(got.Messages?.length));
    assert.equal(sample(families, 'lambdabox_sqs_messages_deleted_total', labels)?.value, String(got.Messages?.length));
    assert.equal(sample(families, 'lambdabox_sqs_empty_receives_total', labels)?.value, got.Messages?.length === 2 ? '1' : '2');
    assert.equal(sample(families, 'lambdabox_sqs_messages_visible', labels)?.value, String(3 - (got.Messages?.length ?? 0)));
    assert.ok(text.includes(`lambdabox_sqs_sent_message_size_bytes_count{account="${TEST_ACCOUNT_ID}",queue_name="watched"} 3\n`));
    await fx.box.metricsIngest.flush();
    const now = Date.now();
    const sent = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent', Dimensions: [{ Name: 'QueueName', Value: 'watched' }],
        StartTime: new Date(now - 600_000), EndTime: new Date(now + 60_000), Period: 60, Statistics: ['Sum'],
      }),
    );
    assert.equal(sent.Datapoints?.reduce((s, d) => s + (d.Sum ?? 0), 0), 3);
  });

  test('without the token: 401 or 403, and nothing of the registry', async () => {
    for (const [auth, status] of [[undefined, 401], ['Bearer wrong-token', 403], [`Basic ${TOKEN}`, 401], [`Bearer ${TOKEN}x`, 403]] as const) {
      const res = await scrape(auth);
      assert.equal(res.status, status);
      const text = await res.text();
      assert.doesNotMatch(text, /lambdabox_/);
    }
    const post = await fetch(`${fx.url}/metrics`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(post.status, 405);
  });

  test('no token configured: the endpoint is closed', async () => {
    const closed = await startLambdabox({ overrides: { sandbox: false } });
    try {
      const res = await fetch(`${closed.url}/metrics`, { headers: { Authorization: 'Bearer anything' } });
      assert.equal(res.status, 403);
      assert.doesNotMatch(await res.text(), /lambdabox_/);
    } finally {
      await closed.close();
    }
  });
});
