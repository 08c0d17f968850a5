/**
 * Issue 6 acceptance 2 through @aws-sdk/client-sqs (JSON protocol): create, send, long-poll receive,
 * visibility timeout and redelivery, delete, redrive to a dead-letter queue, purge, errors. The SDK checks
 * MD5OfMessageBody itself, so every send and receive here also verifies the digests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
} from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { sleep, sqsClient } from './sqs-helpers.js';

describe('SQS through the JS SDK (JSON protocol)', () => {
  let fx: LambdaboxFixture;
  let sqs: SQSClient;
  let other: SQSClient;
  // The server's clock, moved forward by the visibility and redrive tests instead of sleeping through a
  // 1-second window: a window that short raced a loaded machine (two calls more than a second apart).
  // Offsets stay well inside SigV4's 15-minute skew, so the SDK's real-time signatures still verify.
  let offsetMs = 0;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false, clock: { now: () => new Date(Date.now() + offsetMs) } } });
    sqs = sqsClient(fx);
    other = sqsClient(fx);
  });

  after(async () => {
    sqs.destroy();
    other.destroy();
    await fx.close();
  });

  async function queue(name: string, attributes: Record<string, string> = {}): Promise<string> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    assert.ok(QueueUrl);
    return QueueUrl;
  }

  test('create is idempotent for equal attributes, refuses different ones; url, list, tags', async () => {
    const url = await queue('orders', { VisibilityTimeout: '20' });
    assert.equal(url, `${fx.url}/000000000000/orders`);
    assert.equal(await queue('orders', { VisibilityTimeout: '20' }), url);
    const clash = await failure(sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { VisibilityTimeout: '21' } })));
    assert.deepEqual(clash, {
      name: 'QueueNameExists',
      status: 400,
      message: 'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
    });
    assert.equal((await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl, url);
    await queue('orders-b');
    await queue('unrelated');
    const listed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'orders' }));
    assert.deepEqual(listed.QueueUrls, [url, `${fx.url}/000000000000/orders-b`]);
    const page1 = await sqs.send(new ListQueuesCommand({ MaxResults: 1 }));
    assert.equal(page1.QueueUrls?.length, 1);
    assert.ok(page1.NextToken);
    const page2 = await sqs.send(new ListQueuesCommand({ MaxResults: 5, NextToken: page1.NextToken }));
    assert.equal(page2.QueueUrls?.length, 2);
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { team: 'billing' } }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { team: 'billing' });
  });

  test('send computes AWS MD5s; receive returns body, attributes and system attributes', async () => {
    const url = await queue('md5s');
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'message-1',
        MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
      }),
    );
    // Digests AWS returned for the same message (recorded responses).
    assert.equal(sent.MD5OfMessageBody, '3d6b824fd8c1520e9a047d21fee6fb1f');
    assert.equal(sent.MD5OfMessageAttributes, 'adb59cd4678ea5a855436b949cd07ab6');
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, AttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    const m = got.Messages?.[0];
    assert.equal(m?.Body, 'message-1');
    assert.equal(m?.MessageId, sent.MessageId);
    assert.equal(m?.MD5OfMessageAttributes, 'adb59cd4678ea5a855436b949cd07ab6');
    assert.deepEqual(m?.MessageAttributes, { MyAttribute: { DataType: 'String', StringValue: 'foobar' } });
    assert.equal(m?.Attributes?.ApproximateReceiveCount, '1');
    assert.match(m?.Attributes?.SentTimestamp ?? '', /^\d{13}$/);
    assert.match(m?.Attributes?.ApproximateFirstReceiveTimestamp ?? '', /^\d{13}$/);
    const binary = await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'b', MessageAttributes: { raw: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]) } } }),
    );
    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['raw'] }));
    assert.deepEqual(Buffer.from(back.Messages?.[0]?.MessageAttributes?.['raw']?.BinaryValue ?? []), Buffer.from([0, 1, 2]));
    assert.equal(back.Messages?.[0]?.MD5OfMessageAttributes, binary.MD5OfMessageAttributes);
  });

  test('a long poll returns as soon as another client sends', async () => {
    const url = await queue('long-poll');
    // The longest wait AWS allows: a poll that is not woken by the send answers ~19 s after it, one
    // that is woken well under 10 s after it even on a loaded machine (a bound only a bug can miss).
    let settled = false;
    const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 })).finally(() => {
      settled = true;
    });
    await sleep(700);
    assert.equal(settled, false, 'the poll on an empty queue is still open');
    const sentAt = Date.now();
    await other.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const got = await receiving;
    const answeredAt = Date.now();
    assert.equal(got.Messages?.[0]?.Body, 'wake up');
    assert.ok(answeredAt - sentAt < 10_000, `answered ${answeredAt - sentAt} ms after the send`);
    // An empty queue keeps the poll open for the whole wait.
    const emptyStart = Date.now();
    const empty = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    assert.equal(empty.Messages, undefined);
    assert.ok(Date.now() - emptyStart >= 950);
  });

  test('visibility timeout expiry redelivers with ApproximateReceiveCount 2; delete removes it', async () => {
    const url = await queue('visibility', { VisibilityTimeout: '60' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.equal(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '1');
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages, undefined, 'hidden while in flight');
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
    assert.deepEqual(attrs.Attributes, { ApproximateNumberOfMessagesNotVisible: '1' });
    // Long polling also wakes when the in-flight message becomes visible again: the clock moves to at most
    // a second before that (the receive was earlier than now), so the poll parks until then and wakes.
    offsetMs += 59_000;
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, AttributeNames: ['All'] }));
    assert.equal(second.Messages?.[0]?.Body, 'again');
    assert.equal(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
    const stale = first.Messages?.[0]?.ReceiptHandle ?? '';
    const current = second.Messages?.[0]?.ReceiptHandle ?? '';
    assert.notEqual(stale, current);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: current }));
    offsetMs += 61_000; // past the second receive's visibility timeout: only a delete keeps it away now
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages, undefined, 'deleted for good');
  });

  test('ChangeMessageVisibility and batches', async () => {
    const url = await queue('batches');
    const batch = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: '' },
          // Long enough that the count below cannot see it delivered already on a slow machine.
          { Id: 'c', MessageBody: 'three', DelaySeconds: 600 },
        ],
      }),
    );
    assert.deepEqual(batch.Successful?.map((e) => e.Id), ['a', 'c']);
    assert.equal(batch.Failed?.[0]?.Id, 'b');
    assert.equal(batch.Failed?.[0]?.Code, 'MissingParameter');
    const delayed = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    assert.equal(delayed.Attributes?.ApproximateNumberOfMessagesDelayed, '1');
    assert.equal(delayed.Attributes?.ApproximateNumberOfMessages, '1');
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 3 }));
    const handle = got.Messages?.[0]?.ReceiptHandle ?? '';
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 0 }));
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 3 }));
    const handles = again.Messages?.map((m) => m.ReceiptHandle ?? '') ?? [];
    assert.ok(handles.length >= 1);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [...handles.map((h, i) => ({ Id: `m${i}`, ReceiptHandle: h })), { Id: 'bad', ReceiptHandle: 'forged' }],
      }),
    );
    assert.equal(deleted.Successful?.length, handles.length);
    assert.equal(deleted.Failed?.[0]?.Code, 'ReceiptHandleIsInvalid');
  });

  test('a message received more than maxReceiveCount times moves to the dead-letter queue', async () => {
    const dlqUrl = await queue('orders-dlq');
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    assert.equal(dlqArn, 'arn:aws:sqs:us-east-1:000000000000:orders-dlq');
    const url = await queue('orders-with-dlq', { VisibilityTimeout: '60' });
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: url,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '2' }) },
      }),
    );
    const policy = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }))).Attributes;
    assert.deepEqual(JSON.parse(policy?.RedrivePolicy ?? '{}'), { deadLetterTargetArn: dlqArn, maxReceiveCount: 2 });
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
      assert.equal(got.Messages?.[0]?.MessageId, sent.MessageId, `receive ${i + 1}`);
      offsetMs += 61_000; // past its visibility timeout
    }
    // The third receive finds the message over its limit: it moves instead of being delivered.
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(third.Messages, undefined);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, AttributeNames: ['All'] }));
    const m = dead.Messages?.[0];
    assert.equal(m?.MessageId, sent.MessageId);
    assert.equal(m?.Body, 'poison');
    assert.equal(m?.Attributes?.DeadLetterQueueSourceArn, 'arn:aws:sqs:us-east-1:000000000000:orders-with-dlq');
    assert.equal(m?.Attributes?.ApproximateReceiveCount, '3');
  });

  test('purge empties the queue once per 60 seconds', async () => {
    const url = await queue('purged');
    for (const body of ['1', '2', '3']) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '0');
    const again = await failure(sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    assert.deepEqual(again, {
      name: 'PurgeQueueInProgress',
      status: 403,
      message: 'Only one PurgeQueue operation on purged is allowed every 60 seconds.',
    });
  });

  test('errors as AWS spells them', async () => {
    const missing = `${fx.url}/000000000000/missing`;
    assert.deepEqual(await failure(sqs.send(new SendMessageCommand({ QueueUrl: missing, MessageBody: 'x' }))), {
      name: 'QueueDoesNotExist',
      status: 400,
      message: 'The specified queue does not exist.',
    });
    const url = await queue('errors');
    assert.deepEqual(await failure(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 }))), {
      name: 'InvalidParameterValue',
      status: 400,
      message: 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    });
    assert.deepEqual(await failure(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 }))), {
      name: 'InvalidParameterValue',
      status: 400,
      message: 'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.',
    });
    const small = await queue('small', { MaximumMessageSize: '1024' });
    assert.deepEqual(await failure(sqs.send(new SendMessageCommand({ QueueUrl: small, MessageBody: 'x'.repeat(1025) }))), {
      name: 'InvalidParameterValue',
      status: 400,
      message: 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
    });
    assert.equal((await failure(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bell \u0007' })))).name, 'InvalidMessageContents');
    const forged = await failure(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' })));
    assert.equal(forged.name, 'ReceiptHandleIsInvalid');
    assert.equal((await failure(sqs.send(new CreateQueueCommand({ QueueName: 'jobs.fifo', Attributes: { FifoQueue: 'true' } })))).name, 'UnsupportedOperation');
    assert.deepEqual(await failure(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { FifoQueue: 'true' } }))), {
      name: 'InvalidAttributeName',
      status: 400,
      message: 'Unknown Attribute FifoQueue.',
    });
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
    assert.deepEqual(await failure(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: tooMany }))), {
      name: 'TooManyEntriesInBatchRequest',
      status: 400,
      message: 'Maximum number of entries per request are 10. You have sent 11.',
    });
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    assert.equal((await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'errors' })))).name, 'QueueDoesNotExist');
  });
});
