/** ListQueues: by name, optionally by prefix; paginated only when MaxResults is given, as AWS. */
import type { SqsCall, SqsDeps } from '../sqs-deps.js';
import type { QueueRef } from '../queue-names.js';
import { invalidParameter, invalidParameterValue } from '../sqs-errors.js';

const UNPAGED_LIMIT = 1000;

export interface QueueList {
  readonly queues: QueueRef[];
  readonly nextToken?: string;
}

export async function listQueues(
  deps: SqsDeps,
  call: SqsCall,
  prefix: string | undefined,
  maxResults: number | undefined,
  nextToken: string | undefined,
): Promise<QueueList> {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 1000)) {
    throw invalidParameter(maxResults, 'MaxResults', 'MaxResults must be an integer between 1 and 1000.');
  }
  const accountId = call.caller.accountId;
  // ListQueues has no resource type: policies grant it on "*".
  await deps.authorize.authorize(call.caller, { action: 'sqs:ListQueues', resource: '*', resourceAccountId: accountId }, call.facts);
  let after: string | undefined;
  if (nextToken !== undefined && nextToken !== '') {
    after = decodeToken(nextToken, accountId);
    if (after === undefined) throw invalidParameterValue('Invalid NextToken value.');
  }
  const limit = maxResults ?? UNPAGED_LIMIT;
  const page = await deps.store.transact((tx) => tx.listQueues(accountId, prefix ?? '', after, limit));
  const queues = page.items.map((q) => ({ accountId, name: q.name }));
  if (maxResults === undefined || page.nextAfter === undefined) return { queues };
  return { queues, nextToken: Buffer.from(JSON.stringify({ a: accountId, n: page.nextAfter })).toString('base64') };
}

function decodeToken(token: string, accountId: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { a?: unknown; n?: unknown };
    return parsed.a === accountId && typeof parsed.n === 'string' ? parsed.n : undefined;
  } catch {
    return undefined;
  }
}
