/**
 * Every SQS call is authorized by IAM: an IAM user without sqs:SendMessage is denied with AWS's message
 * (JSON and query protocols), a queue policy can grant what the identity policy does not, and the
 * in-process delivery door authorizes an execution role the same way.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { startLambdabox, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { awsCli } from '../../helpers/aws-cli.js';
import type { Caller } from '../../../src/iam/caller.js';
import { sqsClient } from './sqs-helpers.js';

const ACCOUNT = '000000000000';
const QUEUE_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:guarded`;

describe('SQS authorization', () => {
  let fx: LambdaboxFixture;
  let iam: IAMClient;
  let queueUrl: string;
  let reader: { accessKeyId: string; secretAccessKey: string };

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    iam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    const admin = sqsClient(fx);
    queueUrl = (await admin.send(new CreateQueueCommand({ QueueName: 'guarded' }))).QueueUrl ?? '';
    admin.destroy();
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'reader',
        PolicyName: 'receive-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:GetQueueUrl'], Resource: QUEUE_ARN }],
        }),
      }),
    );
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }));
    reader = { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' };
  });

  after(async () => {
    iam.destroy();
    await fx.close();
  });

  test('a user without sqs:SendMessage is denied, with AWS message, in both protocols', async () => {
    const sqs = sqsClient(fx, reader);
    try {
      const denied = await failure(sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' })));
      assert.equal(denied.status, 403);
      assert.equal(denied.name, 'AccessDenied');
      assert.equal(
        denied.message,
        `User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: sqs:SendMessage on resource: ${QUEUE_ARN} because no identity-based policy allows the sqs:SendMessage action`,
      );
      // What the policy allows still works.
      assert.deepEqual((await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages, undefined);
    } finally {
      sqs.destroy();
    }
    const cli = await awsCli(['sqs', 'send-message', '--queue-url', queueUrl, '--message-body', 'x'], { endpoint: fx.url, ...reader });
    assert.equal(cli.code, 254);
    assert.match(cli.stderr, /\(AccessDenied\) when calling the SendMessage operation: User: arn:aws:iam::000000000000:user\/reader is not authorized to perform: sqs:SendMessage/);
  });

  test('a queue policy grants what the identity policy does not', async () => {
    const admin = sqsClient(fx);
    const sqs = sqsClient(fx, reader);
    try {
      const policy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/reader` }, Action: 'sqs:SendMessage', Resource: QUEUE_ARN }],
      };
      await admin.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: JSON.stringify(policy) } }));
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'granted by the queue' }));
      assert.ok(sent.MessageId);
      await admin.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: '' } }));
      assert.equal((await failure(sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' })))).name, 'AccessDenied');
    } finally {
      admin.destroy();
      sqs.destroy();
    }
  });

  test('in-process delivery authorizes the execution role', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    for (const name of ['sender-role', 'mute-role']) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    }
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'sender-role',
        PolicyName: 'send',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN }] }),
      }),
    );
    const role = (name: string): Caller => ({
      kind: 'assumed-role',
      accountId: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/fn`,
      accessKeyId: '',
      session: {
        roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
        sessionName: 'fn',
        issuedAt: new Date(),
        expiresAt: new Date(Date.now() + 3600_000),
        sourceFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn`,
      },
    });
    const sent = await fx.box.queues.send(role('sender-role'), QUEUE_ARN, {
      body: '{"event":1}',
      attributes: { RequestID: { DataType: 'String', StringValue: 'abc' } },
    });
    assert.match(sent.messageId, /^[0-9a-f-]{36}$/);
    await assert.rejects(fx.box.queues.send(role('mute-role'), QUEUE_ARN, { body: 'x' }), (err: Error) => {
      assert.equal(err.name, 'AccessDeniedException');
      assert.match(err.message, /is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:000000000000:guarded/);
      return true;
    });
    await assert.rejects(fx.box.queues.send(role('sender-role'), `arn:aws:sqs:us-east-1:${ACCOUNT}:nowhere`, { body: 'x' }), (err: Error) => {
      // Not allowed on that queue either: the denial comes first, so a role cannot probe for queue names.
      assert.equal(err.name, 'AccessDeniedException');
      return true;
    });
  });
});
