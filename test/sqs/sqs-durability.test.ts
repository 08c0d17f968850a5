/**
 * Queues and messages survive a restart: a send acknowledged before shutdown is there after it, an
 * in-flight message becomes visible again once its visibility timeout passes, and receipt handles issued
 * before the restart still work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { startLambdabox } from '../helpers/lambdabox-fixture.js';
import { sqsClient } from './sqs-helpers.js';

test('queues, messages and in-flight state survive a restart', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-sqs-'));
  try {
    const first = await startLambdabox({ dataDir, overrides: { sandbox: false } });
    let handleA: string;
    try {
      const sqs = sqsClient(first);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'durable', Attributes: { VisibilityTimeout: '3' } }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'in flight', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } }));
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
      assert.equal(got.Messages?.[0]?.Body, 'in flight');
      handleA = got.Messages?.[0]?.ReceiptHandle ?? '';
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'waiting' }));
      sqs.destroy();
    } finally {
      await first.close();
    }

    const second = await startLambdabox({ dataDir, overrides: { sandbox: false } });
    try {
      const sqs = sqsClient(second);
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'durable' }));
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
      assert.equal(attrs.Attributes?.VisibilityTimeout, '3');
      assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '1');
      assert.equal(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible, '1');
      const visible = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      assert.deepEqual(visible.Messages?.map((m) => m.Body), ['waiting']);
      // The in-flight message comes back once its visibility timeout has passed, received a second time.
      const redelivered = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'], MessageAttributeNames: ['All'] }),
      );
      const m = redelivered.Messages?.[0];
      assert.equal(m?.Body, 'in flight');
      assert.equal(m?.Attributes?.ApproximateReceiveCount, '2');
      assert.deepEqual(m?.MessageAttributes, { n: { DataType: 'Number', StringValue: '1' } });
      // The pre-restart handle is stale now (another receive holds the message): deleting with it is a no-op.
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: handleA }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m?.ReceiptHandle ?? '' }));
      const after = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
      assert.equal(after.Attributes?.ApproximateNumberOfMessagesNotVisible, '1', 'only the "waiting" message is in flight');
      sqs.destroy();
    } finally {
      await second.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
