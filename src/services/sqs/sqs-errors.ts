/**
 * SQS's errors. Each has two spellings: `code` is the query-protocol code (what the CLI prints and what
 * the JSON protocol echoes in `x-amzn-query-error`), `jsonType` the `__type` of JSON-protocol bodies.
 * Messages are AWS's own (checked against recorded AWS responses). Errors SQS shares with other
 * services or protocols (AccessDenied, RequestEntityTooLarge, InvalidAction, SerializationException)
 * are the kernel's (shared/errors/).
 */
import { AwsError } from '../../shared/errors/aws-error.js';
import { faultOf } from '../../shared/errors/catalogue.js';
import type { AwsErrorSpec } from '../../shared/errors/catalogue.js';
import { InvalidActionError } from '../../shared/errors/query-errors.js';

const SQS = 'com.amazonaws.sqs#';
const CORAL = 'com.amazon.coral.service#';

/** An SQS entry of the error catalogue: both spellings and the status. */
export interface SqsErrorSpec extends AwsErrorSpec {
  readonly protocol: 'query';
  readonly jsonType: string;
}

/** SQS's entries of the error catalogue. */
export const SQS_ERRORS = {
  NonExistentQueue: { protocol: 'query', code: 'AWS.SimpleQueueService.NonExistentQueue', status: 400, jsonType: `${SQS}QueueDoesNotExist` },
  QueueAlreadyExists: { protocol: 'query', code: 'QueueAlreadyExists', status: 400, jsonType: `${SQS}QueueNameExists` },
  InvalidParameterValue: { protocol: 'query', code: 'InvalidParameterValue', status: 400, jsonType: `${CORAL}InvalidParameterValueException` },
  MissingParameter: { protocol: 'query', code: 'MissingParameter', status: 400, jsonType: `${CORAL}MissingRequiredParameterException` },
  InvalidAttributeName: { protocol: 'query', code: 'InvalidAttributeName', status: 400, jsonType: `${SQS}InvalidAttributeName` },
  InvalidAttributeValue: { protocol: 'query', code: 'InvalidAttributeValue', status: 400, jsonType: `${SQS}InvalidAttributeValue` },
  ReceiptHandleIsInvalid: { protocol: 'query', code: 'ReceiptHandleIsInvalid', status: 400, jsonType: `${SQS}ReceiptHandleIsInvalid` },
  MessageNotInflight: { protocol: 'query', code: 'AWS.SimpleQueueService.MessageNotInflight', status: 400, jsonType: `${SQS}MessageNotInflight` },
  InvalidMessageContents: { protocol: 'query', code: 'InvalidMessageContents', status: 400, jsonType: `${SQS}InvalidMessageContents` },
  PurgeQueueInProgress: { protocol: 'query', code: 'AWS.SimpleQueueService.PurgeQueueInProgress', status: 403, jsonType: `${SQS}PurgeQueueInProgress` },
  EmptyBatchRequest: { protocol: 'query', code: 'AWS.SimpleQueueService.EmptyBatchRequest', status: 400, jsonType: `${SQS}EmptyBatchRequest` },
  TooManyEntriesInBatchRequest: { protocol: 'query', code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', status: 400, jsonType: `${SQS}TooManyEntriesInBatchRequest` },
  BatchEntryIdsNotDistinct: { protocol: 'query', code: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', status: 400, jsonType: `${SQS}BatchEntryIdsNotDistinct` },
  InvalidBatchEntryId: { protocol: 'query', code: 'AWS.SimpleQueueService.InvalidBatchEntryId', status: 400, jsonType: `${SQS}InvalidBatchEntryId` },
  BatchRequestTooLong: { protocol: 'query', code: 'AWS.SimpleQueueService.BatchRequestTooLong', status: 400, jsonType: `${SQS}BatchRequestTooLong` },
  UnsupportedOperation: { protocol: 'query', code: 'AWS.SimpleQueueService.UnsupportedOperation', status: 400, jsonType: `${SQS}UnsupportedOperation` },
} as const satisfies Readonly<Record<string, SqsErrorSpec>>;

export class SqsError extends AwsError {
  readonly jsonType: string;

  constructor(spec: SqsErrorSpec, message: string) {
    super(spec.code, spec.status, message, { messageKey: 'message', faultType: faultOf(spec) });
    this.jsonType = spec.jsonType;
  }
}

export function queueDoesNotExist(): SqsError {
  return new SqsError(SQS_ERRORS.NonExistentQueue, 'The specified queue does not exist.');
}

export function queueAlreadyExists(attribute: string): SqsError {
  return new SqsError(
    SQS_ERRORS.QueueAlreadyExists,
    `A queue already exists with the same name and a different value for attribute ${attribute}`,
  );
}

export function invalidParameterValue(message: string): SqsError {
  return new SqsError(SQS_ERRORS.InvalidParameterValue, message);
}

/** `Value X for parameter P is invalid. Reason: R.` */
export function invalidParameter(value: unknown, parameter: string, reason: string): SqsError {
  return invalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`);
}

export function missingParameter(name: string): SqsError {
  return new SqsError(SQS_ERRORS.MissingParameter, `The request must contain the parameter ${name}.`);
}

export function invalidAttributeName(message: string): SqsError {
  return new SqsError(SQS_ERRORS.InvalidAttributeName, message);
}

export function invalidAttributeValue(name: string, reason?: string): SqsError {
  return new SqsError(
    SQS_ERRORS.InvalidAttributeValue,
    `Invalid value for the parameter ${name}.${reason === undefined ? '' : ` Reason: ${reason}`}`,
  );
}

export function receiptHandleIsInvalid(handle: string): SqsError {
  return new SqsError(
    SQS_ERRORS.ReceiptHandleIsInvalid,
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
  );
}

export function messageNotInflight(): SqsError {
  return new SqsError(SQS_ERRORS.MessageNotInflight, 'The message referred to is not in flight.');
}

export function invalidMessageContents(message: string): SqsError {
  return new SqsError(SQS_ERRORS.InvalidMessageContents, message);
}

export function purgeQueueInProgress(queueName: string): SqsError {
  return new SqsError(
    SQS_ERRORS.PurgeQueueInProgress,
    `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
  );
}

export function emptyBatchRequest(entryName: string): SqsError {
  return new SqsError(
    SQS_ERRORS.EmptyBatchRequest,
    `There should be at least one ${entryName} in the request.`,
  );
}

export function tooManyEntriesInBatchRequest(count: number): SqsError {
  return new SqsError(
    SQS_ERRORS.TooManyEntriesInBatchRequest,
    `Maximum number of entries per request are 10. You have sent ${count}.`,
  );
}

export function batchEntryIdsNotDistinct(id: string): SqsError {
  return new SqsError(SQS_ERRORS.BatchEntryIdsNotDistinct, `Id ${id} repeated.`);
}

export function invalidBatchEntryId(): SqsError {
  return new SqsError(
    SQS_ERRORS.InvalidBatchEntryId,
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );
}

export function batchRequestTooLong(limit: number, sent: number): SqsError {
  return new SqsError(
    SQS_ERRORS.BatchRequestTooLong,
    `Batch requests cannot be longer than ${limit} bytes. You have sent ${sent} bytes.`,
  );
}

export function unsupportedOperation(message: string): SqsError {
  return new SqsError(SQS_ERRORS.UnsupportedOperation, message);
}

/** SQS's wording for an unknown `Action` (query mode only: JSON mode answers UnknownOperationException). */
export function invalidAction(action: string): InvalidActionError {
  return new InvalidActionError(`The action ${action} is not valid for this endpoint.`);
}
