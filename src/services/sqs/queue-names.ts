/** Queue names, URLs (`http://<host>/<account>/<name>`) and ARNs (`arn:aws:sqs:<region>:<account>:<name>`). */
import { invalidParameterValue, unsupportedOperation } from './sqs-errors.js';
import { parseQueueArn as parseArnOfQueue, queueArn as buildQueueArn, type QueueArn } from '../../shared/arn/queue-arn.js';
import { DEFAULT_PARTITION, isAccountId } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';

export interface QueueRef {
  readonly accountId: string;
  readonly name: string;
}

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

export function validateQueueName(name: string): void {
  // FIFO semantics (groups, deduplication, exactly-once) are not implemented: refuse instead of faking them.
  if (name.endsWith('.fifo')) throw unsupportedOperation('FIFO queues are not supported by lambdabox.');
  if (!NAME.test(name)) {
    throw invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
}

export function queueArn(region: string, ref: QueueRef): QueueArn {
  return buildQueueArn(DEFAULT_PARTITION, region, ref.accountId, ref.name);
}

export function queueUrl(host: string, ref: QueueRef): string {
  return `http://${host}/${ref.accountId}/${ref.name}`;
}

/** The queue a URL (or a bare `/<account>/<name>` path) names; undefined when it names none. */
export function parseQueueUrl(url: string): QueueRef | undefined {
  let path = url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      return undefined;
    }
  }
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length !== 2) return undefined;
  const [accountId, name] = parts as [string, string];
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return undefined;
  }
  if (!isAccountId(accountId) || !NAME.test(decoded)) return undefined;
  return { accountId, name: decoded };
}

/** A queue of this region in the `aws` partition only (the one lambdabox serves), named as SQS names queues. */
export function parseQueueArn(arn: string, region: string): QueueRef | undefined {
  const parts = valueOf(parseArnOfQueue(arn));
  if (parts === undefined || parts.partition !== DEFAULT_PARTITION || parts.region === '' || parts.region !== region) return undefined;
  if (!NAME.test(parts.name)) return undefined;
  return { accountId: parts.accountId, name: parts.name };
}
