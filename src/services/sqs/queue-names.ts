/** Queue names, URLs (`http://<host>/<account>/<name>`) and ARNs (`arn:aws:sqs:<region>:<account>:<name>`). */
import { invalidParameterValue, unsupportedOperation } from './sqs-errors.js';

export interface QueueRef {
  readonly accountId: string;
  readonly name: string;
}

const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const ACCOUNT = /^\d{12}$/;

export function validateQueueName(name: string): void {
  // FIFO semantics (groups, deduplication, exactly-once) are not implemented: refuse instead of faking them.
  if (name.endsWith('.fifo')) throw unsupportedOperation('FIFO queues are not supported by lambdabox.');
  if (!NAME.test(name)) {
    throw invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
}

export function queueArn(region: string, ref: QueueRef): string {
  return `arn:aws:sqs:${region}:${ref.accountId}:${ref.name}`;
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
  if (!ACCOUNT.test(accountId) || !NAME.test(decoded)) return undefined;
  return { accountId, name: decoded };
}

export function parseQueueArn(arn: string, region: string): QueueRef | undefined {
  const m = /^arn:aws:sqs:([^:]+):(\d{12}):([A-Za-z0-9_-]{1,80})$/.exec(arn);
  if (m === null || m[1] !== region) return undefined;
  return { accountId: m[2] as string, name: m[3] as string };
}
