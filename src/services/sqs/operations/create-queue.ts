/** CreateQueue: idempotent while the requested attributes equal the existing ones, as AWS. */
import { randomUUID } from 'node:crypto';
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { validateQueueName } from '../queue-names.js';
import { authorizeQueue } from '../queue-access.js';
import { firstDifference, validateAttributes } from '../queue-attributes.js';
import { queueAlreadyExists } from '../sqs-errors.js';
import { checkDeadLetterTarget } from './dead-letter-target.js';
import { validateTags } from './queue-tags.js';
import { requestTagContext } from '../../../iam/authz/tag-context.js';

export async function createQueue(
  deps: SqsDeps,
  call: SqsCall,
  name: string,
  attributes: Readonly<Record<string, string>>,
  tags: Readonly<Record<string, string>>,
): Promise<QueueRef> {
  validateQueueName(name);
  const requested = validateAttributes(attributes, deps.region, true);
  validateTags(tags);
  const ref: QueueRef = { accountId: call.caller.accountId, name };
  const existing = await deps.store.transact((tx) => tx.getQueue(ref.accountId, name));
  await authorizeQueue(deps, call, 'CreateQueue', ref, existing, requestTagContext(tags));
  await deps.store.transact(async (tx) => {
    const current = await tx.getQueue(ref.accountId, name);
    if (current !== undefined) {
      const differs = firstDifference(current.attributes, requested);
      if (differs !== undefined) throw queueAlreadyExists(differs);
      return;
    }
    await checkDeadLetterTarget(deps, tx, requested);
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    await tx.putQueue({
      accountId: ref.accountId,
      name,
      queueId: randomUUID(),
      createdAt: now,
      lastModifiedAt: now,
      attributes: requested,
      tags: { ...tags },
    });
  });
  return ref;
}
