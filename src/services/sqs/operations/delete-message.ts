/**
 * DeleteMessage and DeleteMessageBatch. A handle must have been issued for this queue; deleting a message
 * that is already gone succeeds, and a handle from an earlier receive of a message now held by another
 * receiver succeeds without deleting it (SQS's documented behaviour for stale handles).
 */
import { publishQueueMetrics } from '../queue-metrics.js';
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { accessQueue, stillQueue } from '../queue-access.js';
import { receiptHandleIsInvalid } from '../sqs-errors.js';

export async function deleteMessages(
  deps: SqsDeps,
  call: SqsCall,
  ref: QueueRef,
  handles: readonly string[],
  batch: boolean,
): Promise<Array<AwsError | undefined>> {
  const queue = await accessQueue(deps, call, 'DeleteMessage', ref);
  let deleted = 0;
  const outcome = await deps.store.transact(async (tx) => {
    deleted = 0;
    await stillQueue(tx, ref, queue);
    const now = deps.clock.now().getTime();
    const results: Array<AwsError | undefined> = [];
    for (const text of handles) {
      try {
        const handle = deps.receipts.decode(text);
        if (handle === undefined || handle.queueId !== queue.queueId) throw receiptHandleIsInvalid(text);
        const message = await tx.getMessage(queue.queueId, handle.seq);
        const heldByOther = message !== undefined && message.receiptToken !== handle.token && message.visibleAt > now;
        if (message !== undefined && !heldByOther) {
          await tx.deleteMessage(queue.queueId, handle.seq);
          deleted++;
        }
        results.push(undefined);
      } catch (err) {
        if (!batch || !isAwsError(err)) throw err;
        results.push(err);
      }
    }
    return results;
  });
  if (deleted > 0) publishQueueMetrics(deps.metrics, ref, deps.clock.now().getTime(), [{ name: 'NumberOfMessagesDeleted', unit: 'Count', value: deleted }]);
  return outcome;
}
