/**
 * Queue attributes: defaults, validation of what CreateQueue / SetQueueAttributes may set, and the
 * computed attributes GetQueueAttributes reports. Values are strings on the wire and in the store.
 */
import { parsePolicyDocument } from '../../iam/policy/policy-document.js';
import { invalidAttributeName, invalidAttributeValue, invalidParameter, unsupportedOperation } from './sqs-errors.js';
import { parseQueueArn } from './queue-names.js';
import type { SqsError } from './sqs-errors.js';

export const DEFAULT_ATTRIBUTES: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1048576],
  MessageRetentionPeriod: [60, 1209600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43200],
  KmsDataKeyReusePeriodSeconds: [60, 86400],
};

/** Accepted and reported as set; encryption at rest is always on here, whatever they say. */
const FREE_FORM = new Set(['KmsMasterKeyId', 'RedriveAllowPolicy']);

/** Attributes GetQueueAttributes computes; naming them in AttributeNames is valid. */
export const COMPUTED_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

/** Validates attributes to set and returns them normalized (numbers without leading zeros). */
export function validateAttributes(attributes: Readonly<Record<string, string>>, region: string, creating: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const range = RANGES[name];
    if (range !== undefined) {
      if (!/^\d+$/.test(value.trim())) throw invalidAttributeValue(name);
      const n = Number(value.trim());
      if (n < range[0] || n > range[1]) throw invalidAttributeValue(name);
      out[name] = String(n);
    } else if (name === 'Policy') {
      if (value !== '' && !parsePolicyDocument(value, 'resource').ok) throw invalidAttributeValue(name);
      out[name] = value;
    } else if (name === 'RedrivePolicy') {
      if (value !== '') parseRedrivePolicy(value, region);
      out[name] = value === '' ? '' : normalizeRedrivePolicy(value, region);
    } else if (name === 'SqsManagedSseEnabled') {
      if (value !== 'true' && value !== 'false') throw invalidAttributeValue(name);
      out[name] = value;
    } else if (FREE_FORM.has(name)) {
      out[name] = value;
    } else if (name === 'FifoQueue' && creating && value.toLowerCase() === 'true') {
      throw unsupportedOperation('FIFO queues are not supported by lambdabox.');
    } else if (name === 'FifoQueue' && creating && value.toLowerCase() === 'false') {
      // A standard queue stated explicitly.
    } else {
      throw invalidAttributeName(`Unknown Attribute ${name}.`);
    }
  }
  return out;
}

function redriveInvalid(value: string, reason: string): SqsError {
  return invalidParameter(value, 'RedrivePolicy', reason);
}

export function parseRedrivePolicy(value: string, region: string): RedrivePolicy {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw redriveInvalid(value, 'Redrive policy is not a valid JSON map.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw redriveInvalid(value, 'Redrive policy is not a valid JSON map.');
  }
  const doc = json as Record<string, unknown>;
  const target = doc['deadLetterTargetArn'];
  const rawCount = doc['maxReceiveCount'];
  if (typeof target !== 'string') throw redriveInvalid(value, 'Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  if (rawCount === undefined) throw redriveInvalid(value, 'Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  const count = typeof rawCount === 'number' ? rawCount : typeof rawCount === 'string' && /^\d+$/.test(rawCount) ? Number(rawCount) : NaN;
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw redriveInvalid(value, `Invalid value for maxReceiveCount: ${String(rawCount)}, valid values are from 1 to 1000 both inclusive.`);
  }
  if (parseQueueArn(target, region) === undefined) throw redriveInvalid(value, 'Invalid value for deadLetterTargetArn.');
  return { deadLetterTargetArn: target, maxReceiveCount: count };
}

/** AWS stores the policy re-serialized with a numeric maxReceiveCount. */
function normalizeRedrivePolicy(value: string, region: string): string {
  const p = parseRedrivePolicy(value, region);
  return JSON.stringify({ deadLetterTargetArn: p.deadLetterTargetArn, maxReceiveCount: p.maxReceiveCount });
}

export function intAttribute(attributes: Readonly<Record<string, string>>, name: string): number {
  return Number(attributes[name] ?? DEFAULT_ATTRIBUTES[name] ?? '0');
}

/** The first attribute whose value differs between two settings (CreateQueue's idempotency check). */
export function firstDifference(
  existing: Readonly<Record<string, string>>,
  requested: Readonly<Record<string, string>>,
): string | undefined {
  for (const [name, value] of Object.entries(requested)) {
    const current = existing[name] ?? DEFAULT_ATTRIBUTES[name] ?? '';
    if (current !== value) return name;
  }
  return undefined;
}
