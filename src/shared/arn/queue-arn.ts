/**
 * SQS queue ARNs: `arn:<partition>:sqs:<region>:<account>:<name>`. The parser takes the shape (12-digit
 * account, a name without colons); the name's characters and the partition are the callers' to check.
 */
import type { Branded } from './brand.js';
import { parseArn } from './arn.js';
import { isAccountId } from './ids.js';
import { accepted, refused, type Parsed } from './result.js';

export type QueueArn = Branded<'QueueArn'>;

export interface QueueArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

export type QueueArnRefusal = 'not an ARN' | 'not an SQS ARN' | 'not an account id' | 'not a queue';

export function parseQueueArn(text: string): Parsed<QueueArnParts, QueueArnRefusal> {
  const arn = parseArn(text);
  if (!arn.ok) return refused('not an ARN');
  const { partition, service, region, accountId, resource } = arn.value;
  if (service !== 'sqs') return refused('not an SQS ARN');
  if (!isAccountId(accountId)) return refused('not an account id');
  if (resource.includes(':')) return refused('not a queue');
  return accepted({ partition, region, accountId, name: resource });
}

export function queueArn(partition: string, region: string, accountId: string, name: string): QueueArn {
  return `arn:${partition}:sqs:${region}:${accountId}:${name}` as QueueArn;
}
