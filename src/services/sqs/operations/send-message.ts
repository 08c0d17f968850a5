/**
 * SendMessage and SendMessageBatch (and in-process deliveries): validate each entry, seal it, store all
 * of them in one transaction, and only after the commit acknowledge and wake waiting receivers.
 */
import { publishQueueMetrics } from '../queue-metrics.js';
import { randomUUID } from 'node:crypto';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { accessQueue, stillQueue } from '../queue-access.js';
import { intAttribute } from '../queue-attributes.js';
import { attributesSize, md5Hex, md5OfMessageAttributes, validateBody, validateMessageAttributes } from '../message-attributes.js';
import type { MessageAttributes } from '../message-attributes.js';
import { sealMessage } from '../message-seal.js';
import { batchRequestTooLong, invalidParameter, invalidParameterValue } from '../sqs-errors.js';
import type { NewSqsMessage } from '../store/sqs-records.js';

export interface SendEntry {
  readonly body: string | undefined;
  readonly attributes: MessageAttributes;
  readonly delaySeconds?: number | undefined;
}

export interface SentMessage {
  readonly messageId: string;
  readonly md5OfBody: string;
  readonly md5OfMessageAttributes?: string;
}

export type SendOutcome = SentMessage | { readonly error: AwsError };

const MAX_BATCH_BYTES = 1048576;

/**
 * Sends `entries` to the queue; whole-request failures (authorization, missing queue, batch too long)
 * reject, per-entry validation failures come back in place of that entry's result.
 */
export async function sendMessages(
  deps: SqsDeps,
  call: SqsCall,
  ref: QueueRef,
  entries: readonly SendEntry[],
  action: 'SendMessage' | 'SendMessageBatch',
): Promise<SendOutcome[]> {
  // Batch sends are authorized as sqs:SendMessage, as AWS does.
  const queue = await accessQueue(deps, call, 'SendMessage', ref);
  const maxSize = intAttribute(queue.attributes, 'MaximumMessageSize');
  const queueDelay = intAttribute(queue.attributes, 'DelaySeconds');
  if (action === 'SendMessageBatch') {
    const total = entries.reduce((sum, e) => sum + Buffer.byteLength(e.body ?? '') + attributesSize(e.attributes), 0);
    if (total > MAX_BATCH_BYTES) throw batchRequestTooLong(MAX_BATCH_BYTES, total);
  }
  const now = deps.clock.now().getTime();
  const senderId = call.caller.userId ?? call.caller.accountId;
  const outcomes: SendOutcome[] = [];
  const rows: NewSqsMessage[] = [];
  const sizes: number[] = [];
  for (const entry of entries) {
    try {
      const body = validateBody(entry.body);
      validateMessageAttributes(entry.attributes);
      const size = Buffer.byteLength(body) + attributesSize(entry.attributes);
      if (size > maxSize) {
        throw invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${maxSize} bytes.`);
      }
      const delay = entry.delaySeconds ?? queueDelay;
      if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
        throw invalidParameter(delay, 'DelaySeconds', 'DelaySeconds must be >= 0 and <= 900.');
      }
      const messageId = randomUUID();
      sizes.push(size);
      const md5OfAttributes = md5OfMessageAttributes(entry.attributes);
      const sent: SentMessage = {
        messageId,
        md5OfBody: md5Hex(body),
        ...(md5OfAttributes === undefined ? {} : { md5OfMessageAttributes: md5OfAttributes }),
      };
      rows.push({
        queueId: queue.queueId,
        messageId,
        sealed: sealMessage(deps.keys, ref.accountId, messageId, { body, attributes: entry.attributes }),
        md5OfBody: sent.md5OfBody,
        ...(md5OfAttributes === undefined ? {} : { md5OfMessageAttributes: md5OfAttributes }),
        senderId,
        sentAt: now,
        visibleAt: now + delay * 1000,
        receiveCount: 0,
      });
      outcomes.push(sent);
    } catch (err) {
      if (!isAwsError(err) || action === 'SendMessage') throw err;
      outcomes.push({ error: err });
    }
  }
  if (rows.length > 0) {
    await deps.store.transact(async (tx) => {
      await stillQueue(tx, ref, queue);
      for (const row of rows) await tx.insertMessage(row);
    });
    deps.waiters.notify(queue.queueId);
    publishQueueMetrics(deps.metrics, ref, now, [
      { name: 'NumberOfMessagesSent', unit: 'Count', value: rows.length },
      { name: 'SentMessageSize', unit: 'Bytes', values: sizes },
    ]);
  }
  return outcomes;
}
