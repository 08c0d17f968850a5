/**
 * Queues and messages survive a restart: a send acknowledged before shutdown is there after it, an
 * in-flight message becomes visible again once its visibility timeout passes, and receipt handles issued
 * before the restart still work.
 *
 * Time is the servers' injected clock, moved by the test: a visibility window measured on the wall clock
 * raced a loaded CI machine (a restart took longer than the window). The queue's timeout is long (60 s)
 * and the test jumps past it; a message that must stay hidden is given the 12-hour maximum.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import { sqsClient } from './sqs-helpers.js';

test('queues, messages and in-flight state survive a restart', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lambdabox-sqs-'));
  // Well inside SigV4's 15-minute skew, so the SDK's real-time signatures still verify.
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  try {
    const first = await startLambdabox({ dataDir, overrides: { sandbox: false, clock } });
    let handleA: string;
    try {
      const sqs = sqsClient(first);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'durable', Attributes: { VisibilityTimeout: '60' } }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'in flight', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } }));
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
      assert.equal(got.Messages?.[0]?.Body, 'in flight');
      handleA = got.Messages?.[0]?.ReceiptHandle ?? '';
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'waiting' }));
      sqs.destroy();
    } finally {
      await first.close();
    }

    const second = await startLambdabox({ dataDir, overrides: { sandbox: false, clock } });
    try {
      const sqs = sqsClient(second);
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'durable' }));
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
      assert.equal(attrs.Attributes?.VisibilityTimeout, '60');
      assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '1');
      assert.equal(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible, '1');
      const visible = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      assert.deepEqual(visible.Messages?.map((m) => m.Body), ['waiting']);
      // "waiting" stays hidden through the jump below; "in flight" (received before the restart) does not.
      await sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: visible.Messages?.[0]?.ReceiptHandle ?? '', VisibilityTimeout: 43_200 }),
      );
      const early = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      assert.equal(early.Messages, undefined, 'nothing is visible before the timeout passes');
      offsetMs += 61_000;
      // The in-flight message comes back once its visibility timeout has passed, received a second time.
      const redelivered = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'], MessageAttributeNames: ['All'] }),
      );
      assert.equal(redelivered.Messages?.length, 1);
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
