/**
 * ReceiveMessage: takes up to N visible messages, hides them for the visibility timeout, counts the
 * receive, and hands out a fresh receipt handle. A message already received maxReceiveCount times is moved
 * to the dead-letter queue instead, in the same transaction. With WaitTimeSeconds the call parks on the
 * queue's waiters until a message can be delivered or the wait ends (long polling).
 */
import { publishQueueMetrics } from '../queue-metrics.js';
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { parseQueueArn, queueArn } from '../queue-names.js';
import { accessQueue } from '../queue-access.js';
import { intAttribute, parseRedrivePolicy } from '../queue-attributes.js';
import { md5OfMessageAttributes } from '../message-attributes.js';
import type { MessageAttributes } from '../message-attributes.js';
import { openMessage } from '../message-seal.js';
import { invalidParameter, queueDoesNotExist } from '../sqs-errors.js';
import type { SqsMessageRecord, SqsQueueRecord } from '../store/sqs-records.js';
import type { SqsStoreTx } from '../store/sqs-tx.js';

export interface ReceiveInput {
  readonly maxNumberOfMessages?: number | undefined;
  readonly visibilityTimeout?: number | undefined;
  readonly waitTimeSeconds?: number | undefined;
  /** System attribute names (`All`, `SentTimestamp`, …). */
  readonly attributeNames: readonly string[];
  /** Message attribute names (`All`, `.*`, `prefix.*`, exact names). */
  readonly messageAttributeNames: readonly string[];
}

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly md5OfBody: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly md5OfMessageAttributes?: string;
  readonly messageAttributes: MessageAttributes;
}

const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'DeadLetterQueueSourceArn',
] as const;

function validate(input: ReceiveInput): void {
  const max = input.maxNumberOfMessages;
  if (max !== undefined && (max < 1 || max > 10)) {
    throw invalidParameter(max, 'MaxNumberOfMessages', 'Must be between 1 and 10, if provided.');
  }
  const wait = input.waitTimeSeconds;
  if (wait !== undefined && (wait < 0 || wait > 20)) {
    throw invalidParameter(wait, 'WaitTimeSeconds', 'Must be >= 0 and <= 20, if provided.');
  }
  const vt = input.visibilityTimeout;
  if (vt !== undefined && (vt < 0 || vt > 43200)) {
    throw invalidParameter(vt, 'VisibilityTimeout', 'Must be >= 0 and <= 43200, if provided.');
  }
}

export async function receiveMessage(deps: SqsDeps, call: SqsCall, ref: QueueRef, input: ReceiveInput): Promise<ReceivedMessage[]> {
  const messages = await receiveUntil(deps, call, ref, input);
  publishQueueMetrics(deps.metrics, ref, deps.clock.now().getTime(), [
    messages.length > 0 ? { name: 'NumberOfMessagesReceived', unit: 'Count', value: messages.length } : { name: 'NumberOfEmptyReceives', unit: 'Count', value: 1 },
  ]);
  return messages;
}

async function receiveUntil(deps: SqsDeps, call: SqsCall, ref: QueueRef, input: ReceiveInput): Promise<ReceivedMessage[]> {
  validate(input);
  const queue = await accessQueue(deps, call, 'ReceiveMessage', ref);
  const waitSeconds = input.waitTimeSeconds ?? intAttribute(queue.attributes, 'ReceiveMessageWaitTimeSeconds');
  const deadline = deps.clock.now().getTime() + waitSeconds * 1000;
  for (;;) {
    const attempt = await deps.store.transact((tx) => takeMessages(deps, tx, ref, queue.queueId, input));
    for (const dlq of attempt.redrivenTo) deps.waiters.notify(dlq);
    const now = deps.clock.now().getTime();
    if (attempt.messages.length > 0 || now >= deadline) return attempt.messages;
    await deps.waiters.wait(queue.queueId, deadline, attempt.nextVisibleAt, now);
    if (deps.clock.now().getTime() >= deadline) {
      // One last look: the wait may have ended just as a message arrived.
      const last = await deps.store.transact((tx) => takeMessages(deps, tx, ref, queue.queueId, input));
      for (const dlq of last.redrivenTo) deps.waiters.notify(dlq);
      return last.messages;
    }
  }
}

interface Attempt {
  readonly messages: ReceivedMessage[];
  readonly redrivenTo: string[];
  readonly nextVisibleAt: number | undefined;
}

async function takeMessages(deps: SqsDeps, tx: SqsStoreTx, ref: QueueRef, queueId: string, input: ReceiveInput): Promise<Attempt> {
  const queue = await tx.getQueue(ref.accountId, ref.name);
  if (queue === undefined || queue.queueId !== queueId) throw queueDoesNotExist();
  const now = deps.clock.now().getTime();
  await tx.deleteMessagesSentBefore(queueId, now - intAttribute(queue.attributes, 'MessageRetentionPeriod') * 1000);
  const dlq = await deadLetterQueue(deps, tx, queue);
  const sourceArn = queueArn(deps.region, ref);
  const vt = input.visibilityTimeout ?? intAttribute(queue.attributes, 'VisibilityTimeout');
  const max = input.maxNumberOfMessages ?? 1;
  const messages: ReceivedMessage[] = [];
  const redrivenTo: string[] = [];
  // Each round either fills the request or moves messages away; a few rounds bound the work per call.
  for (let round = 0; round < 5 && messages.length < max; round++) {
    const rows = await tx.visibleMessages(queueId, now, max - messages.length);
    let moved = false;
    for (const row of rows) {
      if (dlq !== undefined && row.receiveCount >= dlq.maxReceiveCount) {
        const { receiptToken: _dropped, ...rest } = row;
        await tx.updateMessage({ ...rest, queueId: dlq.queue.queueId, visibleAt: now, deadLetterSourceArn: sourceArn });
        moved = true;
        continue;
      }
      const token = deps.receipts.newToken();
      const updated: SqsMessageRecord = {
        ...row,
        visibleAt: now + vt * 1000,
        receiveCount: row.receiveCount + 1,
        firstReceivedAt: row.firstReceivedAt ?? now,
        receiptToken: token,
      };
      await tx.updateMessage(updated);
      messages.push(present(deps, ref, updated, input));
    }
    if (moved && dlq !== undefined) redrivenTo.push(dlq.queue.queueId);
    if (!moved || rows.length === 0) break;
  }
  const nextVisibleAt = messages.length > 0 ? undefined : await tx.nextVisibleAt(queueId, now);
  return { messages, redrivenTo, nextVisibleAt };
}

async function deadLetterQueue(
  deps: SqsDeps,
  tx: SqsStoreTx,
  queue: SqsQueueRecord,
): Promise<{ queue: SqsQueueRecord; maxReceiveCount: number } | undefined> {
  const raw = queue.attributes['RedrivePolicy'];
  if (raw === undefined || raw === '') return undefined;
  const policy = parseRedrivePolicy(raw, deps.region);
  const target = parseQueueArn(policy.deadLetterTargetArn, deps.region);
  // A dead-letter queue deleted since: messages stay where they are, as with no policy.
  if (target === undefined) return undefined;
  const dlq = await tx.getQueue(target.accountId, target.name);
  if (dlq === undefined || dlq.queueId === queue.queueId) return undefined;
  return { queue: dlq, maxReceiveCount: policy.maxReceiveCount };
}

function present(deps: SqsDeps, ref: QueueRef, row: SqsMessageRecord, input: ReceiveInput): ReceivedMessage {
  const content = openMessage(deps.keys, ref.accountId, row.messageId, row.sealed);
  const wanted = new Set(input.attributeNames);
  const all = wanted.has('All');
  const system: Record<string, string | undefined> = {
    SenderId: row.senderId,
    SentTimestamp: String(row.sentAt),
    ApproximateReceiveCount: String(row.receiveCount),
    ApproximateFirstReceiveTimestamp: row.firstReceivedAt === undefined ? undefined : String(row.firstReceivedAt),
    DeadLetterQueueSourceArn: row.deadLetterSourceArn,
  };
  const attributes: Record<string, string> = {};
  for (const name of SYSTEM_ATTRIBUTES) {
    const value = system[name];
    if (value !== undefined && (all || wanted.has(name))) attributes[name] = value;
  }
  const messageAttributes = selectAttributes(content.attributes, input.messageAttributeNames);
  const md5 = md5OfMessageAttributes(messageAttributes);
  return {
    messageId: row.messageId,
    receiptHandle: deps.receipts.encode({ queueId: row.queueId, seq: row.seq, token: row.receiptToken ?? '' }),
    md5OfBody: row.md5OfBody,
    body: content.body,
    attributes,
    ...(md5 === undefined ? {} : { md5OfMessageAttributes: md5 }),
    messageAttributes,
  };
}

function selectAttributes(attributes: MessageAttributes, names: readonly string[]): MessageAttributes {
  const out: Record<string, MessageAttributes[string]> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const match = names.some(
      (n) => n === 'All' || n === '.*' || n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))),
    );
    if (match) out[name] = value;
  }
  return out;
}
