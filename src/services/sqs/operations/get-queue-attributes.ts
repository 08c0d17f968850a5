/** GetQueueAttributes: stored settings plus the computed counts, timestamps and ARN. */
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { queueArn } from '../queue-names.js';
import { accessQueue, stillQueue } from '../queue-access.js';
import { COMPUTED_ATTRIBUTES, DEFAULT_ATTRIBUTES, intAttribute } from '../queue-attributes.js';
import { invalidAttributeName } from '../sqs-errors.js';

const STORED = [
  'Policy',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
] as const;

const KNOWN = new Set<string>(['All', ...STORED, ...COMPUTED_ATTRIBUTES]);

export async function getQueueAttributes(
  deps: SqsDeps,
  call: SqsCall,
  ref: QueueRef,
  names: readonly string[],
): Promise<Record<string, string>> {
  for (const name of names) if (!KNOWN.has(name)) throw invalidAttributeName(`Unknown Attribute ${name}.`);
  const queue = await accessQueue(deps, call, 'GetQueueAttributes', ref);
  if (names.length === 0) return {};
  const counts = await deps.store.transact(async (tx) => {
    const current = await stillQueue(tx, ref, queue);
    const now = deps.clock.now().getTime();
    await tx.deleteMessagesSentBefore(queue.queueId, now - intAttribute(current.attributes, 'MessageRetentionPeriod') * 1000);
    return tx.countMessages(queue.queueId, now);
  });
  const all: Record<string, string> = {};
  for (const name of STORED) {
    const value = queue.attributes[name] ?? DEFAULT_ATTRIBUTES[name];
    if (value !== undefined && value !== '') all[name] = value;
  }
  Object.assign(all, {
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(queue.createdAt),
    LastModifiedTimestamp: String(queue.lastModifiedAt),
    QueueArn: queueArn(deps.region, ref),
  });
  if (names.includes('All')) return all;
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = all[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
