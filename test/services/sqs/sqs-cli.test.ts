/**
 * Issue 6 acceptance 2 with Debian's /usr/bin/aws (awscli 2.9, query protocol, XML responses): create,
 * send, long-poll receive, visibility timeout and redelivery, delete, redrive, purge, errors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { awsCli } from '../../helpers/aws-cli.js';
import type { CliResult } from '../../helpers/aws-cli.js';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sleep, sqsClient } from './sqs-helpers.js';

interface CliMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string }>;
}

describe('SQS through /usr/bin/aws (query protocol)', () => {
  let fx: LambdaboxFixture;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
  });

  after(async () => {
    await fx.close();
  });

  function aws(...args: string[]): Promise<CliResult> {
    return awsCli(['sqs', ...args], { endpoint: fx.url, ...fx.credentials });
  }

  async function ok<T>(...args: string[]): Promise<T> {
    const r = await aws(...args);
    assert.equal(r.code, 0, r.stderr);
    return (r.stdout.trim() === '' ? {} : r.json()) as T;
  }

  async function receive(url: string, ...extra: string[]): Promise<CliMessage[]> {
    const r = await ok<{ Messages?: CliMessage[] }>('receive-message', '--queue-url', url, ...extra);
    return r.Messages ?? [];
  }

  test('the whole scenario', async () => {
    const dlq = await ok<{ QueueUrl: string }>('create-queue', '--queue-name', 'cli-dlq');
    const dlqArn = (await ok<{ Attributes: Record<string, string> }>('get-queue-attributes', '--queue-url', dlq.QueueUrl, '--attribute-names', 'QueueArn')).Attributes['QueueArn'];
    assert.equal(dlqArn, 'arn:aws:sqs:us-east-1:000000000000:cli-dlq');
    const redrive = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 });
    const created = await ok<{ QueueUrl: string }>(
      'create-queue',
      '--queue-name',
      'cli-work',
      '--attributes',
      JSON.stringify({ VisibilityTimeout: '1', RedrivePolicy: redrive }),
      '--tags',
      'team=ops',
    );
    const url = created.QueueUrl;
    assert.equal(url, `${fx.url}/000000000000/cli-work`);
    assert.deepEqual(await ok('get-queue-url', '--queue-name', 'cli-work'), { QueueUrl: url });
    assert.deepEqual(await ok('list-queues', '--queue-name-prefix', 'cli-w'), { QueueUrls: [url] });
    assert.deepEqual(await ok('list-queue-tags', '--queue-url', url), { Tags: { team: 'ops' } });

    // Characters XML mangles unless escaped (quotes, CR, markup) survive the round trip.
    const body = 'say "hi" & <bye>\r\nline two';
    const sent = await ok<{ MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes: string }>(
      'send-message',
      '--queue-url',
      url,
      '--message-body',
      body,
      '--message-attributes',
      JSON.stringify({ MyAttribute: { DataType: 'String', StringValue: 'foobar' } }),
    );
    assert.equal(sent.MD5OfMessageAttributes, 'adb59cd4678ea5a855436b949cd07ab6');
    const [first] = await receive(url, '--attribute-names', 'All', '--message-attribute-names', 'All');
    assert.equal(first?.Body, body);
    assert.equal(first?.MessageId, sent.MessageId);
    assert.equal(first?.MD5OfBody, sent.MD5OfMessageBody);
    assert.deepEqual(first?.MessageAttributes, { MyAttribute: { DataType: 'String', StringValue: 'foobar' } });
    assert.equal(first?.Attributes?.['ApproximateReceiveCount'], '1');

    // Visibility timeout 1 s: a long poll gets the same message again, received twice now. The longest
    // wait, so a loaded machine that wakes the poll late still gets it inside the wait.
    const [second] = await receive(url, '--wait-time-seconds', '20', '--attribute-names', 'ApproximateReceiveCount');
    assert.equal(second?.MessageId, sent.MessageId);
    assert.equal(second?.Attributes?.['ApproximateReceiveCount'], '2');

    // Over maxReceiveCount: the next receive moves it to the dead-letter queue.
    await sleep(1100);
    assert.deepEqual(await receive(url), []);
    const [dead] = await receive(dlq.QueueUrl, '--attribute-names', 'All');
    assert.equal(dead?.MessageId, sent.MessageId);
    assert.equal(dead?.Attributes?.['DeadLetterQueueSourceArn'], 'arn:aws:sqs:us-east-1:000000000000:cli-work');
    assert.equal((await aws('delete-message', '--queue-url', dlq.QueueUrl, '--receipt-handle', dead?.ReceiptHandle ?? '')).code, 0);

    // Long poll woken by a send from another client (the SDK: its send is not slowed by CLI start-up).
    // A poll that is not woken answers more than 16 s after the send; the bound leaves a loaded machine
    // 10 s for the CLI to read and print the answer.
    const polling = receive(url, '--wait-time-seconds', '20');
    await sleep(4000);
    const sdk = sqsClient(fx);
    await sdk.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake' }));
    const sentAt = Date.now();
    sdk.destroy();
    const [woken] = await polling;
    assert.equal(woken?.Body, 'wake');
    assert.ok(Date.now() - sentAt < 10_000, `answered ${Date.now() - sentAt} ms after the send`);
    await ok('delete-message', '--queue-url', url, '--receipt-handle', woken?.ReceiptHandle ?? '');

    const batch = await ok<{ Successful: Array<{ Id: string }> }>(
      'send-message-batch',
      '--queue-url',
      url,
      '--entries',
      JSON.stringify([
        { Id: 'a', MessageBody: 'one' },
        { Id: 'b', MessageBody: 'two', MessageAttributes: { k: { DataType: 'Number', StringValue: '42' } } },
      ]),
    );
    assert.deepEqual(batch.Successful.map((e) => e.Id).sort(), ['a', 'b']);
    const attrs = await ok<{ Attributes: Record<string, string> }>('get-queue-attributes', '--queue-url', url, '--attribute-names', 'All');
    assert.equal(attrs.Attributes['ApproximateNumberOfMessages'], '2');
    assert.equal(attrs.Attributes['VisibilityTimeout'], '1');
    assert.equal(attrs.Attributes['QueueArn'], 'arn:aws:sqs:us-east-1:000000000000:cli-work');
    await ok('purge-queue', '--queue-url', url);
    assert.deepEqual(await receive(url), []);
    const purgeAgain = await aws('purge-queue', '--queue-url', url);
    assert.equal(purgeAgain.code, 254);
    assert.match(purgeAgain.stderr, /AWS\.SimpleQueueService\.PurgeQueueInProgress.*Only one PurgeQueue operation on cli-work is allowed every 60 seconds\./);

    await ok('delete-queue', '--queue-url', url);
    const gone = await aws('get-queue-url', '--queue-name', 'cli-work');
    assert.equal(gone.code, 254);
    assert.match(gone.stderr, /\(AWS\.SimpleQueueService\.NonExistentQueue\) when calling the GetQueueUrl operation: The specified queue does not exist\./);
  });

  test('validation errors', async () => {
    const { QueueUrl } = await ok<{ QueueUrl: string }>('create-queue', '--queue-name', 'cli-errors');
    const tooMany = await aws('receive-message', '--queue-url', QueueUrl, '--max-number-of-messages', '11');
    assert.match(tooMany.stderr, /\(InvalidParameterValue\).*Value 11 for parameter MaxNumberOfMessages is invalid\. Reason: Must be between 1 and 10, if provided\./);
    const badVt = await aws('set-queue-attributes', '--queue-url', QueueUrl, '--attributes', 'VisibilityTimeout=43201');
    assert.match(badVt.stderr, /\(InvalidAttributeValue\).*Invalid value for the parameter VisibilityTimeout\./);
    const badHandle = await aws('delete-message', '--queue-url', QueueUrl, '--receipt-handle', 'AAAA');
    assert.match(badHandle.stderr, /\(ReceiptHandleIsInvalid\)/);
    const badName = await aws('create-queue', '--queue-name', 'bad name');
    assert.match(badName.stderr, /\(InvalidParameterValue\).*Can only include alphanumeric characters, hyphens, or underscores\. 1 to 80 in length/);
  });
});
