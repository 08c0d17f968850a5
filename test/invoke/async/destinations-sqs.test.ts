/**
 * Queue targets of asynchronous invocation (issue 6, acceptance 1), read back the way users read them:
 * ReceiveMessage through @aws-sdk/client-sqs and `/usr/bin/aws sqs receive-message`. OnFailure and
 * OnSuccess records have AWS's exact shape (as recorded from AWS in LocalStack's destination snapshots);
 * the dead-letter queue gets the raw event with RequestID / ErrorCode / ErrorMessage attributes; an
 * execution role without sqs:SendMessage yields a delivery-failure line and a metric. Time runs 100×
 * faster (asyncTiming.scale), so Lambda's one-minute retry spacing takes 600 ms.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  InvokeCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { startLambdabox } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { LAMBDA_TRUST_POLICY } from '../../helpers/lambda-roles.js';
import { zipOf } from '../../helpers/zips.js';
import { allow, createRole, trust } from '../../services/sts/sts-harness.js';
import { sqsClient } from '../../services/sqs/sqs-helpers.js';
import { ACCOUNT, ARN_PREFIX, FAST_MEMORY } from '../invoke-harness.js';
import { WORKER, logMessages, startsFor, waitFor } from './async-helpers.js';

const QUEUE_ARN_PREFIX = `arn:aws:sqs:us-east-1:${ACCOUNT}:`;

interface DestinationRecord {
  version: string;
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: string; approximateInvokeCount: number };
  requestPayload: unknown;
  responseContext?: Record<string, unknown>;
  responsePayload?: unknown;
}

describe('asynchronous invocation: queue destinations and dead-letter queues', { concurrency: false }, () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let senderRole: string;
  const urls = new Map<string, string>();

  async function queue(name: string): Promise<string> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    assert.ok(QueueUrl);
    urls.set(name, QueueUrl);
    return `${QUEUE_ARN_PREFIX}${name}`;
  }

  /** Long-polls `name` until a message matches, deletes it and returns it. */
  async function receive(name: string, matches: (m: Message) => boolean, timeoutMs = 30_000): Promise<Message> {
    const url = urls.get(name) ?? '';
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 2, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 1 }),
      );
      for (const m of out.Messages ?? []) {
        if (!matches(m)) continue;
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
        return m;
      }
    }
    throw new Error(`timed out waiting for a message in ${name}`);
  }

  function recordOf(m: Message): DestinationRecord {
    return JSON.parse(m.Body ?? '') as DestinationRecord;
  }

  const forRequest = (id: string) => (m: Message) => recordOf(m).requestContext?.requestId === id;

  async function deploy(name: string, role: string, deadLetter?: string): Promise<void> {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: role,
        Code: { ZipFile: zipOf({ 'index.mjs': WORKER }) },
        MemorySize: FAST_MEMORY,
        Timeout: 10,
        ...(deadLetter === undefined ? {} : { DeadLetterConfig: { TargetArn: deadLetter } }),
      }),
    );
    await fx.settled();
  }

  async function eventInvoke(name: string, payload: unknown, qualifier?: string): Promise<string> {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: name,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(payload)),
        ...(qualifier === undefined ? {} : { Qualifier: qualifier }),
      }),
    );
    assert.equal(out.StatusCode, 202);
    return out.$metadata.requestId ?? '';
  }

  function metrics() {
    const m = fx.box.asyncInvocation?.metrics();
    assert.ok(m);
    return m;
  }

  before(async () => {
    fx = await startLambdabox({ overrides: { asyncTiming: { scale: 0.01 } } });
    lambda = fx.lambda();
    sqs = sqsClient(fx);
    // The execution role of the functions whose targets work: it may send to any queue, as AWS requires.
    senderRole = (await createRole(fx, 'async-sender', LAMBDA_TRUST_POLICY, { inlinePolicy: allow(['sqs:SendMessage', 'logs:CreateLogStream', 'logs:PutLogEvents']) })).arn;
  });
  after(async () => {
    sqs.destroy();
    await fx.close();
  });

  test('a failing function runs 1 + MaximumRetryAttempts times; OnFailure and the DLQ get AWS\'s records', async () => {
    const failures = await queue('worker-failures');
    const successes = await queue('worker-successes');
    const dlq = await queue('worker-dlq');
    await deploy('worker', senderRole, dlq);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'worker',
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: failures }, OnSuccess: { Destination: successes } },
      }),
    );
    const payload = '{"fail":true,"id":"f1"}';
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event', Payload: Buffer.from(payload) }));
    const id = out.$metadata.requestId ?? '';

    const record = recordOf(await receive('worker-failures', forRequest(id)));
    assert.equal(await startsFor(fx, 'worker', id), 2);
    assert.deepEqual(Object.keys(record), ['version', 'timestamp', 'requestContext', 'requestPayload', 'responseContext', 'responsePayload']);
    assert.equal(record.version, '1.0');
    assert.match(record.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(record.requestContext, {
      requestId: id,
      functionArn: `${ARN_PREFIX}worker:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 2,
    });
    assert.deepEqual(record.requestPayload, { fail: true, id: 'f1' });
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    const response = record.responsePayload as { errorType: string; errorMessage: string };
    assert.equal(response.errorType, 'Error');
    assert.equal(response.errorMessage, 'failing on purpose: f1');

    // The dead-letter queue: the event byte for byte, and the three attributes with AWS's types.
    const dead = await receive('worker-dlq', (m) => m.MessageAttributes?.['RequestID']?.StringValue === id);
    assert.equal(dead.Body, payload);
    assert.deepEqual(dead.MessageAttributes, {
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'failing on purpose: f1' },
      RequestID: { DataType: 'String', StringValue: id },
    });
    assert.equal(await fx.box.asyncInvocation?.pending(), 0);
  });

  test('OnSuccess: the Success record, with the response', async () => {
    const id = await eventInvoke('worker', { id: 's1' });
    const record = recordOf(await receive('worker-successes', forRequest(id)));
    assert.deepEqual(Object.keys(record), ['version', 'timestamp', 'requestContext', 'requestPayload', 'responseContext', 'responsePayload']);
    assert.deepEqual(record.requestContext, {
      requestId: id,
      functionArn: `${ARN_PREFIX}worker:$LATEST`,
      condition: 'Success',
      approximateInvokeCount: 1,
    });
    assert.deepEqual(record.requestPayload, { id: 's1' });
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
    assert.deepEqual(record.responsePayload, { done: 's1' });
  });

  test('aws lambda invoke --invocation-type Event, then aws sqs receive-message reads the OnSuccess record', async () => {
    const cli = { endpoint: fx.url, ...fx.credentials };
    const invoked = await awsCli(
      ['lambda', 'invoke', '--function-name', 'worker', '--invocation-type', 'Event', '--cli-binary-format', 'raw-in-base64-out',
        '--payload', '{"id":"cli1"}', '/dev/null'],
      cli,
    );
    assert.equal(invoked.code, 0, invoked.stderr);
    assert.equal(invoked.json<{ StatusCode: number }>().StatusCode, 202);
    const url = urls.get('worker-successes') ?? '';
    let found: DestinationRecord | undefined;
    for (let i = 0; i < 10 && found === undefined; i++) {
      const res = await awsCli(['sqs', 'receive-message', '--queue-url', url, '--wait-time-seconds', '2', '--max-number-of-messages', '10'], cli);
      assert.equal(res.code, 0, res.stderr);
      const messages = res.stdout.trim() === '' ? [] : (res.json<{ Messages?: { Body: string }[] }>().Messages ?? []);
      found = messages.map((m) => JSON.parse(m.Body) as DestinationRecord).find((r) => (r.requestPayload as { id?: string }).id === 'cli1');
    }
    assert.ok(found, 'the OnSuccess record of the CLI event');
    assert.equal(found.requestContext.condition, 'Success');
    assert.equal(found.requestContext.functionArn, `${ARN_PREFIX}worker:$LATEST`);
    assert.deepEqual(found.responsePayload, { done: 'cli1' });
  });

  test('MaximumEventAgeInSeconds: the retry would come too late, so OnFailure gets EventAgeExceeded', async () => {
    const aged = await queue('aged-failures');
    await deploy('aged', senderRole);
    // 60 s (AWS's minimum) is 600 ms here: exactly the wait before the first retry.
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'aged',
        MaximumEventAgeInSeconds: 60,
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: aged } },
      }),
    );
    const before = metrics().eventAgeExceeded;
    const id = await eventInvoke('aged', { fail: true, id: 'a1' });
    const record = recordOf(await receive('aged-failures', forRequest(id)));
    assert.deepEqual(record.requestContext, {
      requestId: id,
      functionArn: `${ARN_PREFIX}aged:$LATEST`,
      condition: 'EventAgeExceeded',
      approximateInvokeCount: 1,
    });
    // As AWS records it: the last attempt's response goes with the age condition.
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.equal((record.responsePayload as { errorMessage: string }).errorMessage, 'failing on purpose: a1');
    assert.equal(await startsFor(fx, 'aged', id), 1);
    assert.equal(metrics().eventAgeExceeded - before, 1);
  });

  test('an execution role without sqs:SendMessage: delivery-failure lines and metrics, never silence', async () => {
    const closed = await queue('closed-successes');
    const closedDlq = await queue('closed-dlq');
    // AWS checks the role when targets are configured, so the grant is revoked only afterwards.
    const role = await createRole(fx, 'revoked-sender', LAMBDA_TRUST_POLICY, { inlinePolicy: allow(['sqs:SendMessage', 'logs:CreateLogStream', 'logs:PutLogEvents']) });
    await deploy('unprivileged', role.arn, closedDlq);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'unprivileged',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnSuccess: { Destination: closed } },
      }),
    );
    await fx.box.control.store.transact((tx) => tx.deleteInlinePolicy(ACCOUNT, 'role', 'revoked-sender', 'inline'));
    // Written past the IAM API, so the authorizer's cached view of the role is dropped by hand.
    fx.box.policySource.invalidate();
    const before = metrics();
    const ok = await eventInvoke('unprivileged', { id: 'u1' });
    const failed = await eventInvoke('unprivileged', { fail: true, id: 'u2' });
    const lineFor = (id: string) =>
      waitFor(`the delivery failure line of ${id}`, async () => (await logMessages(fx, 'unprivileged')).find((m) => m.startsWith(`ASYNC_DELIVERY_FAILED RequestId: ${id}`)));
    const successLine = await lineFor(ok);
    assert.match(successLine, new RegExp(`Target: OnSuccess ${closed}\\t`));
    assert.match(successLine, /Condition: Success/);
    assert.match(successLine, /AccessDenied/);
    assert.match(successLine, /sqs:SendMessage/);
    const deadLine = await lineFor(failed);
    assert.match(deadLine, new RegExp(`Target: DeadLetterConfig ${closedDlq}\\t`));
    assert.match(deadLine, /Condition: RetriesExhausted/);
    assert.match(deadLine, /AccessDenied/);
    const after = metrics();
    assert.equal(after.destinationDeliveryFailures - before.destinationDeliveryFailures, 1);
    assert.equal(after.deadLetterErrors - before.deadLetterErrors, 1);
    // Nothing reached either queue, and nothing is left waiting: the failures were final, not lost.
    for (const name of ['closed-successes', 'closed-dlq']) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: urls.get(name), WaitTimeSeconds: 0 }));
      assert.equal(out.Messages?.length ?? 0, 0, name);
    }
    assert.equal(await fx.box.asyncInvocation?.pending(), 0);
  });

  test('reserved concurrency 0: straight to OnFailure (ZeroReservedConcurrency) and the DLQ, without running', async () => {
    const zeroFailures = await queue('zero-failures');
    const zeroDlq = await queue('zero-dlq');
    await deploy('zero', senderRole, zeroDlq);
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'zero', DestinationConfig: { OnFailure: { Destination: zeroFailures } } }));
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'zero', ReservedConcurrentExecutions: 0 }));
    const dropped = metrics().asyncEventsDropped;
    const id = await eventInvoke('zero', { id: 'z1' });
    const record = recordOf(await receive('zero-failures', forRequest(id)));
    assert.deepEqual(Object.keys(record), ['version', 'timestamp', 'requestContext', 'requestPayload']);
    assert.deepEqual(record.requestContext, {
      requestId: id,
      functionArn: `${ARN_PREFIX}zero:$LATEST`,
      condition: 'ZeroReservedConcurrency',
      approximateInvokeCount: 0,
    });
    assert.deepEqual(record.requestPayload, { id: 'z1' });
    const dead = await receive('zero-dlq', (m) => m.MessageAttributes?.['RequestID']?.StringValue === id);
    assert.equal(dead.Body, '{"id":"z1"}');
    assert.deepEqual(dead.MessageAttributes, {
      ErrorMessage: { DataType: 'String', StringValue: 'Function not invoked. Function isconfigured with zero reserved concurrent executions' },
      RequestID: { DataType: 'String', StringValue: id },
    });
    assert.equal(await startsFor(fx, 'zero', id), 0);
    assert.equal(metrics().asyncEventsDropped - dropped, 1);
  });

  test('a role that no longer trusts Lambda: destination and DLQ sends fail (Lambda cannot assume it), with a line naming the role', async () => {
    const untrustedFailures = await queue('untrusted-failures');
    const untrustedDlq = await queue('untrusted-dlq');
    const role = await createRole(fx, 'untrusted-sender', LAMBDA_TRUST_POLICY, { inlinePolicy: allow(['sqs:SendMessage', 'logs:CreateLogStream', 'logs:PutLogEvents']) });
    await deploy('untrusted', role.arn, untrustedDlq);
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'untrusted', DestinationConfig: { OnFailure: { Destination: untrustedFailures } } }));
    // Zero concurrency: the event goes straight to its targets, so only the sends assume the role.
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'untrusted', ReservedConcurrentExecutions: 0 }));
    const iam = new IAMClient({ endpoint: fx.url, region: 'us-east-1', credentials: fx.credentials, maxAttempts: 1 });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'untrusted-sender', PolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }));
    iam.destroy();
    const before = metrics();
    const id = await eventInvoke('untrusted', { id: 't1' });
    for (const kind of ['OnFailure', 'DeadLetterConfig']) {
      const line = await waitFor(`the ${kind} failure line of ${id}`, async () =>
        (await logMessages(fx, 'untrusted')).find((m) => m.startsWith(`ASYNC_DELIVERY_FAILED RequestId: ${id}\tTarget: ${kind} `)),
      );
      assert.match(line, new RegExp(`Lambda cannot assume the execution role ${role.arn}: the trust policy does not allow lambda.amazonaws.com`));
    }
    const after = metrics();
    assert.equal(after.destinationDeliveryFailures - before.destinationDeliveryFailures, 1);
    assert.equal(after.deadLetterErrors - before.deadLetterErrors, 1);
    for (const name of ['untrusted-failures', 'untrusted-dlq']) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: urls.get(name), WaitTimeSeconds: 0 }));
      assert.equal(out.Messages?.length ?? 0, 0, name);
    }
  });

  test('an alias invoke uses the alias\'s event invoke config, and the record names the alias', async () => {
    const aliasSuccesses = await queue('alias-successes');
    const latestSuccesses = await queue('latest-successes');
    await deploy('aliased', senderRole);
    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
    await fx.settled();
    await lambda.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: Version }));
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'aliased', DestinationConfig: { OnSuccess: { Destination: latestSuccesses } } }),
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'aliased', Qualifier: 'live', DestinationConfig: { OnSuccess: { Destination: aliasSuccesses } } }),
    );
    const id = await eventInvoke('aliased', { id: 'l1' }, 'live');
    const record = recordOf(await receive('alias-successes', forRequest(id)));
    assert.equal(record.requestContext.functionArn, `${ARN_PREFIX}aliased:live`);
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: Version });
    const other = await sqs.send(new ReceiveMessageCommand({ QueueUrl: urls.get('latest-successes'), WaitTimeSeconds: 0 }));
    assert.equal(other.Messages?.length ?? 0, 0);
  });
});
