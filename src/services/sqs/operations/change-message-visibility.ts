/** ChangeMessageVisibility and its batch form: only for a message in flight under this very handle. */
import type { AwsError } from '../../../shared/errors/aws-error.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { accessQueue, stillQueue } from '../queue-access.js';
import { invalidParameter, messageNotInflight, receiptHandleIsInvalid } from '../sqs-errors.js';

export interface VisibilityChange {
  readonly receiptHandle: string;
  readonly visibilityTimeout: number | undefined;
}

export async function changeMessageVisibility(
  deps: SqsDeps,
  call: SqsCall,
  ref: QueueRef,
  changes: readonly VisibilityChange[],
  batch: boolean,
): Promise<Array<AwsError | undefined>> {
  const queue = await accessQueue(deps, call, 'ChangeMessageVisibility', ref);
  // What each attempt made visible is its own: a retried transaction (another node's conflict) starts afresh.
  const { results, madeVisible } = await deps.store.transact(async (tx) => {
    await stillQueue(tx, ref, queue);
    const now = deps.clock.now().getTime();
    const out: Array<AwsError | undefined> = [];
    let madeVisible = false;
    for (const change of changes) {
      try {
        const vt = change.visibilityTimeout ?? 0;
        if (!Number.isInteger(vt) || vt < 0 || vt > 43200) {
          throw invalidParameter(vt, 'VisibilityTimeout', 'Must be between 0 and 43200, if provided.');
        }
        const handle = deps.receipts.decode(change.receiptHandle);
        if (handle === undefined || handle.queueId !== queue.queueId) throw receiptHandleIsInvalid(change.receiptHandle);
        const message = await tx.getMessage(queue.queueId, handle.seq);
        if (message === undefined || message.receiptToken !== handle.token || message.visibleAt <= now) throw messageNotInflight();
        await tx.updateMessage({ ...message, visibleAt: now + vt * 1000 });
        if (vt === 0) madeVisible = true;
        out.push(undefined);
      } catch (err) {
        if (!batch || !isAwsError(err)) throw err;
        out.push(err);
      }
    }
    return { results: out, madeVisible };
  });
  if (madeVisible) deps.waiters.notify(queue.queueId);
  return results;
}
