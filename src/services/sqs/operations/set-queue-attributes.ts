/** SetQueueAttributes: validated like CreateQueue; an empty Policy or RedrivePolicy removes it. */
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { accessQueue, stillQueue } from '../queue-access.js';
import { validateAttributes } from '../queue-attributes.js';
import { checkDeadLetterTarget } from './dead-letter-target.js';

export async function setQueueAttributes(
  deps: SqsDeps,
  call: SqsCall,
  ref: QueueRef,
  attributes: Readonly<Record<string, string>>,
): Promise<void> {
  const changes = validateAttributes(attributes, deps.region, false);
  const queue = await accessQueue(deps, call, 'SetQueueAttributes', ref);
  await deps.store.transact(async (tx) => {
    const current = await stillQueue(tx, ref, queue);
    await checkDeadLetterTarget(deps, tx, changes);
    const next: Record<string, string> = { ...current.attributes };
    for (const [name, value] of Object.entries(changes)) {
      if (value === '' && (name === 'Policy' || name === 'RedrivePolicy' || name === 'RedriveAllowPolicy')) delete next[name];
      else next[name] = value;
    }
    await tx.putQueue({ ...current, attributes: next, lastModifiedAt: Math.floor(deps.clock.now().getTime() / 1000) });
  });
  // A shorter wait or visibility setting may matter to parked receivers; let them look again.
  deps.waiters.notify(queue.queueId);
}
