/**
 * The SQS operations as both protocols see them: members in by JSON name (through SqsInput), a
 * JSON-shaped result out. The query adapter renders the same result as XML (sqs-xml.ts).
 */
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { parseQueueUrl, queueUrl } from '../queue-names.js';
import { missingParameter, queueDoesNotExist } from '../sqs-errors.js';
import { checkBatch } from '../batch-entries.js';
import { createQueue } from '../operations/create-queue.js';
import { getQueueUrl } from '../operations/get-queue-url.js';
import { listQueues } from '../operations/list-queues.js';
import { deleteQueue } from '../operations/delete-queue.js';
import { purgeQueue } from '../operations/purge-queue.js';
import { getQueueAttributes } from '../operations/get-queue-attributes.js';
import { setQueueAttributes } from '../operations/set-queue-attributes.js';
import { listQueueTags, tagQueue, untagQueue } from '../operations/queue-tags.js';
import { sendMessages } from '../operations/send-message.js';
import { receiveMessage } from '../operations/receive-message.js';
import { deleteMessages } from '../operations/delete-message.js';
import { changeMessageVisibility } from '../operations/change-message-visibility.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import type { SqsInput } from './sqs-input.js';
import type { MessageAttributes } from '../message-attributes.js';

export interface SqsActionContext {
  readonly deps: SqsDeps;
  readonly call: SqsCall;
  /** Host header the client used, for the queue URLs handed back. */
  readonly host: string;
  /** The request path: query clients may post to the queue URL instead of naming it. */
  readonly path: string;
}

export type SqsResult = Record<string, unknown>;
export type SqsAction = (input: SqsInput, ctx: SqsActionContext) => Promise<SqsResult>;

function queueOf(input: SqsInput, ctx: SqsActionContext): QueueRef {
  const url = input.string('QueueUrl') ?? (ctx.path.length > 1 ? ctx.path : undefined);
  if (url === undefined || url === '') throw missingParameter('QueueUrl');
  const ref = parseQueueUrl(url);
  if (ref === undefined) throw queueDoesNotExist();
  return ref;
}

function required(input: SqsInput, name: string): string {
  const value = input.string(name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

function batchError(id: string, err: AwsError): SqsResult {
  return { Id: id, SenderFault: err.faultType === 'User', Code: err.code, Message: err.message };
}

function jsonAttributes(attributes: MessageAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(attributes)) {
    out[name] = {
      DataType: v.DataType,
      ...(v.StringValue === undefined ? {} : { StringValue: v.StringValue }),
      ...(v.BinaryValue === undefined ? {} : { BinaryValue: v.BinaryValue.toString('base64') }),
    };
  }
  return out;
}

async function batchByHandle(
  input: SqsInput,
  ctx: SqsActionContext,
  entryName: string,
  run: (ref: QueueRef, entries: SqsInput[]) => Promise<Array<AwsError | undefined>>,
): Promise<SqsResult> {
  const ref = queueOf(input, ctx);
  const entries = input.entries();
  const ids = checkBatch(entries.map((e) => e.string('Id')), entryName);
  const results = await run(ref, entries);
  const Successful: SqsResult[] = [];
  const Failed: SqsResult[] = [];
  results.forEach((err, i) => {
    const id = ids[i] as string;
    if (err === undefined) Successful.push({ Id: id });
    else Failed.push(batchError(id, err));
  });
  return { Successful, Failed };
}

export const SQS_ACTIONS: Readonly<Record<string, SqsAction>> = {
  async CreateQueue(input, ctx) {
    const tags = { ...input.stringMap('tags'), ...input.stringMap('Tags') };
    const ref = await createQueue(ctx.deps, ctx.call, required(input, 'QueueName'), input.stringMap('Attributes'), tags);
    return { QueueUrl: queueUrl(ctx.host, ref) };
  },
  async GetQueueUrl(input, ctx) {
    const ref = await getQueueUrl(ctx.deps, ctx.call, required(input, 'QueueName'), input.string('QueueOwnerAWSAccountId'));
    return { QueueUrl: queueUrl(ctx.host, ref) };
  },
  async ListQueues(input, ctx) {
    const list = await listQueues(ctx.deps, ctx.call, input.string('QueueNamePrefix'), input.int('MaxResults'), input.string('NextToken'));
    return {
      ...(list.queues.length === 0 ? {} : { QueueUrls: list.queues.map((q) => queueUrl(ctx.host, q)) }),
      ...(list.nextToken === undefined ? {} : { NextToken: list.nextToken }),
    };
  },
  async DeleteQueue(input, ctx) {
    await deleteQueue(ctx.deps, ctx.call, queueOf(input, ctx));
    return {};
  },
  async PurgeQueue(input, ctx) {
    await purgeQueue(ctx.deps, ctx.call, queueOf(input, ctx));
    return {};
  },
  async GetQueueAttributes(input, ctx) {
    const attributes = await getQueueAttributes(ctx.deps, ctx.call, queueOf(input, ctx), input.stringList('AttributeNames'));
    return Object.keys(attributes).length === 0 ? {} : { Attributes: attributes };
  },
  async SetQueueAttributes(input, ctx) {
    await setQueueAttributes(ctx.deps, ctx.call, queueOf(input, ctx), input.stringMap('Attributes'));
    return {};
  },
  async TagQueue(input, ctx) {
    await tagQueue(ctx.deps, ctx.call, queueOf(input, ctx), input.stringMap('Tags'));
    return {};
  },
  async UntagQueue(input, ctx) {
    await untagQueue(ctx.deps, ctx.call, queueOf(input, ctx), input.stringList('TagKeys'));
    return {};
  },
  async ListQueueTags(input, ctx) {
    const tags = await listQueueTags(ctx.deps, ctx.call, queueOf(input, ctx));
    return Object.keys(tags).length === 0 ? {} : { Tags: tags };
  },
  async SendMessage(input, ctx) {
    const [sent] = await sendMessages(
      ctx.deps,
      ctx.call,
      queueOf(input, ctx),
      [{ body: input.string('MessageBody'), attributes: input.messageAttributes(), delaySeconds: input.int('DelaySeconds') }],
      'SendMessage',
    );
    if (sent === undefined || 'error' in sent) throw sent?.error ?? queueDoesNotExist();
    return {
      MD5OfMessageBody: sent.md5OfBody,
      ...(sent.md5OfMessageAttributes === undefined ? {} : { MD5OfMessageAttributes: sent.md5OfMessageAttributes }),
      MessageId: sent.messageId,
    };
  },
  async SendMessageBatch(input, ctx) {
    const ref = queueOf(input, ctx);
    const entries = input.entries();
    const ids = checkBatch(entries.map((e) => e.string('Id')), 'SendMessageBatchRequestEntry');
    const outcomes = await sendMessages(
      ctx.deps,
      ctx.call,
      ref,
      entries.map((e) => ({ body: e.string('MessageBody'), attributes: e.messageAttributes(), delaySeconds: e.int('DelaySeconds') })),
      'SendMessageBatch',
    );
    const Successful: SqsResult[] = [];
    const Failed: SqsResult[] = [];
    outcomes.forEach((o, i) => {
      const id = ids[i] as string;
      if ('error' in o) Failed.push(batchError(id, o.error));
      else {
        Successful.push({
          Id: id,
          MessageId: o.messageId,
          MD5OfMessageBody: o.md5OfBody,
          ...(o.md5OfMessageAttributes === undefined ? {} : { MD5OfMessageAttributes: o.md5OfMessageAttributes }),
        });
      }
    });
    return { Successful, Failed };
  },
  async ReceiveMessage(input, ctx) {
    const messages = await receiveMessage(ctx.deps, ctx.call, queueOf(input, ctx), {
      maxNumberOfMessages: input.int('MaxNumberOfMessages'),
      visibilityTimeout: input.int('VisibilityTimeout'),
      waitTimeSeconds: input.int('WaitTimeSeconds'),
      attributeNames: [...input.stringList('AttributeNames'), ...input.stringList('MessageSystemAttributeNames')],
      messageAttributeNames: input.stringList('MessageAttributeNames'),
    });
    if (messages.length === 0) return {};
    return {
      Messages: messages.map((m) => ({
        MessageId: m.messageId,
        ReceiptHandle: m.receiptHandle,
        MD5OfBody: m.md5OfBody,
        Body: m.body,
        ...(Object.keys(m.attributes).length === 0 ? {} : { Attributes: m.attributes }),
        ...(m.md5OfMessageAttributes === undefined ? {} : { MD5OfMessageAttributes: m.md5OfMessageAttributes }),
        ...(Object.keys(m.messageAttributes).length === 0 ? {} : { MessageAttributes: jsonAttributes(m.messageAttributes) }),
      })),
    };
  },
  async DeleteMessage(input, ctx) {
    await deleteMessages(ctx.deps, ctx.call, queueOf(input, ctx), [required(input, 'ReceiptHandle')], false);
    return {};
  },
  DeleteMessageBatch(input, ctx) {
    return batchByHandle(input, ctx, 'DeleteMessageBatchRequestEntry', (ref, entries) =>
      deleteMessages(ctx.deps, ctx.call, ref, entries.map((e) => e.string('ReceiptHandle') ?? ''), true),
    );
  },
  async ChangeMessageVisibility(input, ctx) {
    const vt = input.int('VisibilityTimeout');
    if (vt === undefined) throw missingParameter('VisibilityTimeout');
    const changes = [{ receiptHandle: required(input, 'ReceiptHandle'), visibilityTimeout: vt }];
    await changeMessageVisibility(ctx.deps, ctx.call, queueOf(input, ctx), changes, false);
    return {};
  },
  ChangeMessageVisibilityBatch(input, ctx) {
    return batchByHandle(input, ctx, 'ChangeMessageVisibilityBatchRequestEntry', (ref, entries) =>
      changeMessageVisibility(
        ctx.deps,
        ctx.call,
        ref,
        entries.map((e) => ({ receiptHandle: e.string('ReceiptHandle') ?? '', visibilityTimeout: e.int('VisibilityTimeout') })),
        true,
      ),
    );
  },
};
