/** PurgeQueue: deletes every message; one purge per queue every 60 seconds, as AWS. */
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { accessQueue, stillQueue } from '../queue-access.js';
import { purgeQueueInProgress } from '../sqs-errors.js';

const PURGE_INTERVAL_MS = 60_000;

export async function purgeQueue(deps: SqsDeps, call: SqsCall, ref: QueueRef): Promise<void> {
  const queue = await accessQueue(deps, call, 'PurgeQueue', ref);
  await deps.store.transact(async (tx) => {
    const current = await stillQueue(tx, ref, queue);
    const now = deps.clock.now().getTime();
    if (current.lastPurgedAt !== undefined && now - current.lastPurgedAt < PURGE_INTERVAL_MS) {
      throw purgeQueueInProgress(ref.name);
    }
    await tx.purgeMessages(current.queueId);
    await tx.putQueue({ ...current, lastPurgedAt: now });
  });
}
