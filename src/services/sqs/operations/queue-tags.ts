/** TagQueue, UntagQueue, ListQueueTags (authorized as sqs:TagQueue / sqs:UntagQueue / sqs:ListQueueTags). */
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { accessQueue, stillQueue } from '../queue-access.js';
import { invalidParameterValue } from '../sqs-errors.js';
import { requestTagContext, tagKeysContext } from '../../../iam/authz/tag-context.js';

const MAX_TAGS = 50;

export function validateTags(tags: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128 || value.length > 256) throw invalidParameterValue(`Tag ${key} is invalid.`);
  }
  if (Object.keys(tags).length > MAX_TAGS) throw invalidParameterValue(`Too many tags added for queue. The limit is ${MAX_TAGS}.`);
}

export async function tagQueue(deps: SqsDeps, call: SqsCall, ref: QueueRef, tags: Readonly<Record<string, string>>): Promise<void> {
  if (Object.keys(tags).length === 0) throw invalidParameterValue('The request must contain a non-empty Tags.');
  validateTags(tags);
  const queue = await accessQueue(deps, call, 'TagQueue', ref, requestTagContext(tags));
  await deps.store.transact(async (tx) => {
    const current = await stillQueue(tx, ref, queue);
    const next = { ...current.tags, ...tags };
    validateTags(next);
    await tx.putQueue({ ...current, tags: next });
  });
}

export async function untagQueue(deps: SqsDeps, call: SqsCall, ref: QueueRef, keys: readonly string[]): Promise<void> {
  const queue = await accessQueue(deps, call, 'UntagQueue', ref, tagKeysContext(keys));
  await deps.store.transact(async (tx) => {
    const current = await stillQueue(tx, ref, queue);
    const next: Record<string, string> = { ...current.tags };
    for (const key of keys) delete next[key];
    await tx.putQueue({ ...current, tags: next });
  });
}

export async function listQueueTags(deps: SqsDeps, call: SqsCall, ref: QueueRef): Promise<Record<string, string>> {
  const queue = await accessQueue(deps, call, 'ListQueueTags', ref);
  return { ...queue.tags };
}
