/**
 * Every queue operation starts here: read the queue (for its Policy), authorize `sqs:<Action>` on its
 * ARN with that policy as the resource policy, and only then tell a missing queue apart. Authorizing
 * first keeps another account from learning which queue names exist.
 */
import type { SqsQueueRecord } from './store/sqs-records.js';
import type { ContextValue } from '../../iam/policy/conditions/context-value.js';
import type { SqsTx } from './store/sqs-tx.js';
import type { SqsCall, SqsDeps } from './sqs-deps.js';
import { queueArn } from './queue-names.js';
import type { QueueRef } from './queue-names.js';
import { queueDoesNotExist } from './sqs-errors.js';

export async function authorizeQueue(
  deps: SqsDeps,
  call: SqsCall,
  action: string,
  ref: QueueRef,
  queue: SqsQueueRecord | undefined,
  /** Keys the request supplies (the tag keys of CreateQueue, TagQueue, UntagQueue); the queue's tags come from the authorizer. */
  context?: Readonly<Record<string, ContextValue>>,
): Promise<void> {
  const policy = queue?.attributes['Policy'];
  await deps.authorize.authorize(
    call.caller,
    {
      action: `sqs:${action}`,
      resource: queueArn(deps.region, ref),
      resourceAccountId: ref.accountId,
      ...(policy === undefined || policy === '' ? {} : { resourcePolicy: policy }),
      ...(context === undefined ? {} : { context }),
    },
    call.facts,
  );
}

/** Reads the queue, authorizes, and fails with QueueDoesNotExist when it is missing. */
export async function accessQueue(
  deps: SqsDeps,
  call: SqsCall,
  action: string,
  ref: QueueRef,
  context?: Readonly<Record<string, ContextValue>>,
): Promise<SqsQueueRecord> {
  const queue = await deps.store.transact((tx) => tx.getQueue(ref.accountId, ref.name));
  await authorizeQueue(deps, call, action, ref, queue, context);
  if (queue === undefined) throw queueDoesNotExist();
  return queue;
}

/**
 * Inside a write transaction: the queue as it is now, provided it is still the queue that was
 * authorized (a queue deleted and created again under the same name meanwhile is another queue).
 */
export async function stillQueue(tx: SqsTx, ref: QueueRef, authorized: SqsQueueRecord): Promise<SqsQueueRecord> {
  const current = await tx.getQueue(ref.accountId, ref.name);
  if (current === undefined || current.queueId !== authorized.queueId) throw queueDoesNotExist();
  return current;
}
