/**
 * AWS checks, when a dead-letter queue or a destination is configured, that the function's execution
 * role may send there (sqs:SendMessage, sns:Publish, lambda:InvokeFunction), counting the queue's Policy
 * and the target function's resource policy, and answers InvalidParameterValueException otherwise.
 * Wordings as AWS users quote them (see src/control/async-target-permission.ts for the sources).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { LAMBDA_TRUST_POLICY } from '../../helpers/lambda-roles.js';
import { rejects } from '../../helpers/aws-errors.js';
import { helloZip, TEST_ROLE } from '../../helpers/zips.js';
import { allow, createRole, roleArn } from '../../services/sts/sts-harness.js';
import { sqsClient } from '../../services/sqs/sqs-helpers.js';

const QUEUE = `arn:aws:sqs:${TEST_REGION}:${TEST_ACCOUNT_ID}:`;
const TOPIC = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:alerts`;
const FUNCTION = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:`;
const INVALID = 'InvalidParameterValueException';
const DLQ_SQS = 'The provided execution role does not have permissions to call SendMessage on SQS';
const DLQ_SNS = 'The provided execution role does not have permissions to call Publish on SNS';
const sendDenied = (arn: string) => `The function's execution role does not have permissions to call SendMessage on ${arn}`;
const publishDenied = (arn: string) => `The function's execution role does not have permissions to call Publish on ${arn}`;
const invokeDenied = (arn: string) => `The function execution role does not have permissions to call InvokeFunction on ${arn}`;

describe('execution-role permissions on dead-letter queues and destinations', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  /** May send to every queue and publish to every topic. */
  let sender: string;
  /** Only the open queue's Policy lets it send there. */
  let bare: string;

  async function createFunction(name: string, role: string, deadLetter?: string) {
    const out = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Role: role,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: helloZip(name) },
        ...(deadLetter === undefined ? {} : { DeadLetterConfig: { TargetArn: deadLetter } }),
      }),
    );
    await fx.settled();
    return out;
  }

  const put = (FunctionName: string, DestinationConfig: { OnSuccess?: { Destination: string }; OnFailure?: { Destination: string } }, Qualifier?: string) =>
    lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName, DestinationConfig, ...(Qualifier === undefined ? {} : { Qualifier }) }));

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false } });
    lambda = fx.lambda();
    sqs = sqsClient(fx);
    sender = (await createRole(fx, 'sender', LAMBDA_TRUST_POLICY, { inlinePolicy: allow(['sqs:SendMessage', 'sns:Publish', 'logs:CreateLogStream', 'logs:PutLogEvents']) })).arn;
    bare = (await createRole(fx, 'bare', LAMBDA_TRUST_POLICY)).arn;
    await sqs.send(new CreateQueueCommand({ QueueName: 'closed' }));
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'open',
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn('bare') }, Action: 'sqs:SendMessage', Resource: `${QUEUE}open` }],
          }),
        },
      }),
    );
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'guarded',
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: `${QUEUE}guarded` }],
          }),
        },
      }),
    );
  });
  after(async () => {
    sqs.destroy();
    await fx.close();
  });

  test('CreateFunction: a dead-letter queue or topic the role may not send to is refused, and nothing is created', async () => {
    await rejects(createFunction('no-dlq', bare, `${QUEUE}closed`), 400, INVALID, DLQ_SQS);
    await rejects(createFunction('no-dlq', bare, TOPIC), 400, INVALID, DLQ_SNS);
    // An explicit deny in the queue's Policy wins over the role's allow.
    await rejects(createFunction('no-dlq', sender, `${QUEUE}guarded`), 400, INVALID, DLQ_SQS);
    await rejects(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'no-dlq' })), 404, 'ResourceNotFoundException',
      `Function not found: ${FUNCTION}no-dlq`);
  });

  test('CreateFunction: allowed by the role\'s policy or by the queue\'s Policy', async () => {
    const byRole = await createFunction('dlq-by-role', sender, `${QUEUE}closed`);
    assert.deepEqual(byRole.DeadLetterConfig, { TargetArn: `${QUEUE}closed` });
    const byQueue = await createFunction('dlq-by-queue', bare, `${QUEUE}open`);
    assert.deepEqual(byQueue.DeadLetterConfig, { TargetArn: `${QUEUE}open` });
    // A queue that does not exist is judged by the role's policy alone.
    const missing = await createFunction('dlq-missing', sender, `${QUEUE}not-yet`);
    assert.deepEqual(missing.DeadLetterConfig, { TargetArn: `${QUEUE}not-yet` });
  });

  test('UpdateFunctionConfiguration: a new dead-letter queue, or a new role for the existing one, is checked', async () => {
    const update = (input: { Role?: string; DeadLetterConfig?: { TargetArn: string } }) =>
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'dlq-by-role', ...input }));
    await rejects(update({ DeadLetterConfig: { TargetArn: `${QUEUE}guarded` } }), 400, INVALID, DLQ_SQS);
    await rejects(update({ Role: bare }), 400, INVALID, DLQ_SQS);
    await rejects(update({ Role: bare, DeadLetterConfig: { TargetArn: TOPIC } }), 400, INVALID, DLQ_SNS);
    const unchanged = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'dlq-by-role' }));
    assert.equal(unchanged.Role, sender);
    assert.deepEqual(unchanged.DeadLetterConfig, { TargetArn: `${QUEUE}closed` });

    // The queue's Policy admits `bare`, so moving both at once is fine; removing the queue needs nothing.
    const moved = await update({ Role: bare, DeadLetterConfig: { TargetArn: `${QUEUE}open` } });
    assert.equal(moved.Role, bare);
    assert.deepEqual(moved.DeadLetterConfig, { TargetArn: `${QUEUE}open` });
    await fx.settled();
    const cleared = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'dlq-by-role', DeadLetterConfig: { TargetArn: '' } }));
    assert.equal(cleared.DeadLetterConfig, undefined);
    await fx.settled();
  });

  test('PutFunctionEventInvokeConfig: queue, topic and function destinations need the role\'s permission, named by ARN', async () => {
    await createFunction('source', bare);
    await createFunction('target', TEST_ROLE);
    await rejects(put('source', { OnSuccess: { Destination: `${QUEUE}closed` } }), 400, INVALID, sendDenied(`${QUEUE}closed`));
    await rejects(put('source', { OnFailure: { Destination: TOPIC } }), 400, INVALID, publishDenied(TOPIC));
    await rejects(put('source', { OnSuccess: { Destination: `${FUNCTION}target` } }), 400, INVALID, invokeDenied(`${FUNCTION}target`));
    // OnFailure is checked first.
    await rejects(
      put('source', { OnSuccess: { Destination: `${QUEUE}closed` }, OnFailure: { Destination: `${FUNCTION}target` } }),
      400,
      INVALID,
      invokeDenied(`${FUNCTION}target`),
    );
    await rejects(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'source' })), 404, 'ResourceNotFoundException',
      `The function ${FUNCTION}source:$LATEST doesn't have an EventInvokeConfig`);

    // The queue's Policy and the target's resource policy (AddPermission) both count.
    await lambda.send(
      new AddPermissionCommand({ FunctionName: 'target', StatementId: 'source', Action: 'lambda:InvokeFunction', Principal: bare }),
    );
    const ok = await put('source', { OnSuccess: { Destination: `${QUEUE}open` }, OnFailure: { Destination: `${FUNCTION}target` } });
    assert.deepEqual(ok.DestinationConfig, { OnSuccess: { Destination: `${QUEUE}open` }, OnFailure: { Destination: `${FUNCTION}target` } });
  });

  test('UpdateFunctionEventInvokeConfig: checked too, after the config must exist', async () => {
    await createFunction('updated', bare);
    await rejects(
      lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'updated', DestinationConfig: { OnSuccess: { Destination: `${QUEUE}closed` } } })),
      404,
      'ResourceNotFoundException',
      `The function ${FUNCTION}updated:$LATEST doesn't have an EventInvokeConfig`,
    );
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'updated', MaximumRetryAttempts: 0 }));
    await rejects(
      lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'updated', DestinationConfig: { OnSuccess: { Destination: `${QUEUE}closed` } } })),
      400,
      INVALID,
      sendDenied(`${QUEUE}closed`),
    );
    const ok = await lambda.send(
      new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'updated', DestinationConfig: { OnSuccess: { Destination: `${QUEUE}open` } } }),
    );
    assert.deepEqual(ok.DestinationConfig, { OnSuccess: { Destination: `${QUEUE}open` }, OnFailure: {} });
    assert.equal(ok.MaximumRetryAttempts, 0);
  });

  test('a config on an alias is checked against the role of the version the alias points to', async () => {
    await createFunction('versioned', sender);
    await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    await fx.settled();
    await lambda.send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'versioned', Role: bare }));
    await fx.settled();
    const onAlias = await put('versioned', { OnFailure: { Destination: `${QUEUE}closed` } }, 'live');
    assert.equal(onAlias.FunctionArn, `${FUNCTION}versioned:live`);
    const onVersion = await put('versioned', { OnFailure: { Destination: `${QUEUE}closed` } }, '1');
    assert.equal(onVersion.FunctionArn, `${FUNCTION}versioned:1`);
    await rejects(put('versioned', { OnFailure: { Destination: `${QUEUE}closed` } }), 400, INVALID, sendDenied(`${QUEUE}closed`));
  });
});
