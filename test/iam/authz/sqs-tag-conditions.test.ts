/**
 * SQS ABAC (issue 10 point 3): a queue's tags at request time are `aws:ResourceTag/…` in identity and queue
 * policies alike; CreateQueue / TagQueue tags and UntagQueue keys are `aws:RequestTag/…` / `aws:TagKeys`.
 * Before the fix none was supplied and every Deny below let the call through.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateQueueCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { startLambdabox, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { userWithKey } from './iam-principals.js';
import { sqsClient } from '../../services/sqs/sqs-helpers.js';
import { assertDenied } from './abac-harness.js';

const ACCOUNT = '000000000000';
const arn = (name: string): string => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

const explicitlyDenied = (call: Promise<unknown>, action: string, resource: string): Promise<void> =>
  assertDenied(call, action, resource, { name: 'AccessDenied' });

describe('SQS tag condition keys', () => {
  let fx: LambdaboxFixture;
  let admin: SQSClient;
  let prodUrl: string;
  let plainUrl: string;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    admin = sqsClient(fx);
    prodUrl = (await admin.send(new CreateQueueCommand({ QueueName: 'prodq', tags: { env: 'prod' } }))).QueueUrl ?? '';
    plainUrl = (await admin.send(new CreateQueueCommand({ QueueName: 'plainq' }))).QueueUrl ?? '';
  });
  after(async () => {
    admin.destroy();
    await fx.close();
  });

  test('a Deny on aws:ResourceTag/env=prod stops sends to the prod-tagged queue only, from the next request on', async () => {
    const key = await userWithKey(fx, {
      name: 'sender',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
            { Effect: 'Deny', Action: 'sqs:SendMessage', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
          ],
        },
      ],
    });
    const user = sqsClient(fx, key);
    try {
      await explicitlyDenied(user.send(new SendMessageCommand({ QueueUrl: prodUrl, MessageBody: 'x' })), 'sqs:SendMessage', arn('prodq'));
      await user.send(new SendMessageCommand({ QueueUrl: plainUrl, MessageBody: 'x' }));
      await admin.send(new TagQueueCommand({ QueueUrl: plainUrl, Tags: { env: 'prod' } }));
      await explicitlyDenied(user.send(new SendMessageCommand({ QueueUrl: plainUrl, MessageBody: 'x' })), 'sqs:SendMessage', arn('plainq'));
      await admin.send(new UntagQueueCommand({ QueueUrl: plainUrl, TagKeys: ['env'] }));
      await user.send(new SendMessageCommand({ QueueUrl: plainUrl, MessageBody: 'x' }));
    } finally {
      user.destroy();
    }
  });

  test('a queue policy Deny on aws:ResourceTag applies too (it stops even the account root)', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:ReceiveMessage',
          Resource: arn('prodq'),
          Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } },
        },
      ],
    };
    await admin.send(new SetQueueAttributesCommand({ QueueUrl: prodUrl, Attributes: { Policy: JSON.stringify(policy) } }));
    try {
      await explicitlyDenied(admin.send(new ReceiveMessageCommand({ QueueUrl: prodUrl })), 'sqs:ReceiveMessage', arn('prodq'));
    } finally {
      await admin.send(new SetQueueAttributesCommand({ QueueUrl: prodUrl, Attributes: { Policy: '' } }));
    }
    await admin.send(new ReceiveMessageCommand({ QueueUrl: prodUrl }));
  });

  test('a Deny on aws:TagKeys / aws:RequestTag stops CreateQueue, TagQueue and UntagQueue with those tags', async () => {
    const key = await userWithKey(fx, {
      name: 'tagger',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
            {
              Effect: 'Deny',
              Action: ['sqs:CreateQueue', 'sqs:TagQueue', 'sqs:UntagQueue'],
              Resource: '*',
              Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['owner'] } },
            },
            { Effect: 'Deny', Action: ['sqs:CreateQueue', 'sqs:TagQueue'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/env': 'prod' } } },
          ],
        },
      ],
    });
    const user = sqsClient(fx, key);
    try {
      await explicitlyDenied(user.send(new CreateQueueCommand({ QueueName: 'owned', tags: { owner: 'me' } })), 'sqs:CreateQueue', arn('owned'));
      await explicitlyDenied(user.send(new CreateQueueCommand({ QueueName: 'newprod', tags: { env: 'prod' } })), 'sqs:CreateQueue', arn('newprod'));
      await explicitlyDenied(user.send(new TagQueueCommand({ QueueUrl: plainUrl, Tags: { owner: 'me' } })), 'sqs:TagQueue', arn('plainq'));
      await explicitlyDenied(user.send(new TagQueueCommand({ QueueUrl: plainUrl, Tags: { env: 'prod' } })), 'sqs:TagQueue', arn('plainq'));
      await explicitlyDenied(user.send(new UntagQueueCommand({ QueueUrl: plainUrl, TagKeys: ['owner'] })), 'sqs:UntagQueue', arn('plainq'));
      assert.deepEqual((await admin.send(new ListQueueTagsCommand({ QueueUrl: plainUrl }))).Tags, undefined);

      await user.send(new CreateQueueCommand({ QueueName: 'teamq', tags: { team: 'red' } }));
      await user.send(new TagQueueCommand({ QueueUrl: plainUrl, Tags: { team: 'red' } }));
      await user.send(new UntagQueueCommand({ QueueUrl: plainUrl, TagKeys: ['team'] }));
    } finally {
      user.destroy();
    }
  });

  test('an Allow conditioned on aws:ResourceTag gives exactly the tagged queues', async () => {
    const key = await userWithKey(fx, {
      name: 'prodreader',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } }],
        },
      ],
    });
    const user = sqsClient(fx, key);
    try {
      await user.send(new ReceiveMessageCommand({ QueueUrl: prodUrl }));
      const denied = await failure(user.send(new ReceiveMessageCommand({ QueueUrl: plainUrl })));
      assert.equal(denied.name, 'AccessDenied');
      assert.match(denied.message, /because no identity-based policy allows the sqs:ReceiveMessage action$/);
    } finally {
      user.destroy();
    }
  });
});
