/** A RedrivePolicy must name an existing queue of the same account and region, as AWS checks. */
import type { SqsStoreTx } from '../store/sqs-tx.js';
import type { SqsDeps } from '../sqs-deps.js';
import { parseQueueArn } from '../queue-names.js';
import { parseRedrivePolicy } from '../queue-attributes.js';
import { invalidParameter } from '../sqs-errors.js';

export async function checkDeadLetterTarget(deps: SqsDeps, tx: SqsStoreTx, attributes: Readonly<Record<string, string>>): Promise<void> {
  const raw = attributes['RedrivePolicy'];
  if (raw === undefined || raw === '') return;
  const policy = parseRedrivePolicy(raw, deps.region);
  const target = parseQueueArn(policy.deadLetterTargetArn, deps.region);
  const exists = target === undefined ? undefined : await tx.getQueue(target.accountId, target.name);
  if (exists === undefined) throw invalidParameter(raw, 'RedrivePolicy', 'Dead-letter target does not exist.');
}
