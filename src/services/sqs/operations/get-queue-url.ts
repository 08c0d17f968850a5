/** GetQueueUrl, in the caller's account or QueueOwnerAWSAccountId's. */
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { accessQueue } from '../queue-access.js';
import { queueDoesNotExist } from '../sqs-errors.js';

export async function getQueueUrl(deps: SqsDeps, call: SqsCall, name: string, ownerAccountId: string | undefined): Promise<QueueRef> {
  const accountId = ownerAccountId ?? call.caller.accountId;
  if (!/^\d{12}$/.test(accountId) || !/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw queueDoesNotExist();
  const ref: QueueRef = { accountId, name };
  await accessQueue(deps, call, 'GetQueueUrl', ref);
  return ref;
}
