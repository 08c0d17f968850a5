/** DeleteQueue: the queue and its messages go in one transaction. */
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { accessQueue } from '../queue-access.js';

export async function deleteQueue(deps: SqsDeps, call: SqsCall, ref: QueueRef): Promise<void> {
  const queue = await accessQueue(deps, call, 'DeleteQueue', ref);
  await deps.store.transact((tx) => tx.deleteQueue(ref.accountId, ref.name));
  // Receivers parked on the queue find it gone when they wake.
  deps.waiters.notify(queue.queueId);
}
