/**
 * SQS's errors. Each has two spellings: `code` is the query-protocol code (what the CLI prints and what
 * the JSON protocol echoes in `x-amzn-query-error`), `jsonType` the `__type` of JSON-protocol bodies.
 * Messages are AWS's own (checked against recorded AWS responses).
 */
import { AwsError } from '../../shared/errors/aws-error.js';

export class SqsError extends AwsError {
  readonly jsonType: string;

  constructor(code: string, jsonType: string, message: string, status = 400) {
    super(code, status, message, { messageKey: 'message' });
    this.jsonType = jsonType;
  }
}

const SQS = 'com.amazonaws.sqs#';
const CORAL = 'com.amazon.coral.service#';

export function queueDoesNotExist(): SqsError {
  return new SqsError('AWS.SimpleQueueService.NonExistentQueue', `${SQS}QueueDoesNotExist`, 'The specified queue does not exist.');
}

export function queueAlreadyExists(attribute: string): SqsError {
  return new SqsError(
    'QueueAlreadyExists',
    `${SQS}QueueNameExists`,
    `A queue already exists with the same name and a different value for attribute ${attribute}`,
  );
}

export function invalidParameterValue(message: string): SqsError {
  return new SqsError('InvalidParameterValue', `${CORAL}InvalidParameterValueException`, message);
}

/** `Value X for parameter P is invalid. Reason: R.` */
export function invalidParameter(value: unknown, parameter: string, reason: string): SqsError {
  return invalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`);
}

export function missingParameter(name: string): SqsError {
  return new SqsError('MissingParameter', `${CORAL}MissingRequiredParameterException`, `The request must contain the parameter ${name}.`);
}

export function invalidAttributeName(message: string): SqsError {
  return new SqsError('InvalidAttributeName', `${SQS}InvalidAttributeName`, message);
}

export function invalidAttributeValue(name: string, reason?: string): SqsError {
  return new SqsError(
    'InvalidAttributeValue',
    `${SQS}InvalidAttributeValue`,
    `Invalid value for the parameter ${name}.${reason === undefined ? '' : ` Reason: ${reason}`}`,
  );
}

export function receiptHandleIsInvalid(handle: string): SqsError {
  return new SqsError(
    'ReceiptHandleIsInvalid',
    `${SQS}ReceiptHandleIsInvalid`,
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
  );
}

export function messageNotInflight(): SqsError {
  return new SqsError('AWS.SimpleQueueService.MessageNotInflight', `${SQS}MessageNotInflight`, 'The message referred to is not in flight.');
}

export function invalidMessageContents(message: string): SqsError {
  return new SqsError('InvalidMessageContents', `${SQS}InvalidMessageContents`, message);
}

export function purgeQueueInProgress(queueName: string): SqsError {
  return new SqsError(
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    `${SQS}PurgeQueueInProgress`,
    `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    403,
  );
}

export function emptyBatchRequest(entryName: string): SqsError {
  return new SqsError(
    'AWS.SimpleQueueService.EmptyBatchRequest',
    `${SQS}EmptyBatchRequest`,
    `There should be at least one ${entryName} in the request.`,
  );
}

export function tooManyEntriesInBatchRequest(count: number): SqsError {
  return new SqsError(
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    `${SQS}TooManyEntriesInBatchRequest`,
    `Maximum number of entries per request are 10. You have sent ${count}.`,
  );
}

export function batchEntryIdsNotDistinct(id: string): SqsError {
  return new SqsError('AWS.SimpleQueueService.BatchEntryIdsNotDistinct', `${SQS}BatchEntryIdsNotDistinct`, `Id ${id} repeated.`);
}

export function invalidBatchEntryId(): SqsError {
  return new SqsError(
    'AWS.SimpleQueueService.InvalidBatchEntryId',
    `${SQS}InvalidBatchEntryId`,
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );
}

export function batchRequestTooLong(limit: number, sent: number): SqsError {
  return new SqsError(
    'AWS.SimpleQueueService.BatchRequestTooLong',
    `${SQS}BatchRequestTooLong`,
    `Batch requests cannot be longer than ${limit} bytes. You have sent ${sent} bytes.`,
  );
}

export function unsupportedOperation(message: string): SqsError {
  return new SqsError('AWS.SimpleQueueService.UnsupportedOperation', `${SQS}UnsupportedOperation`, message);
}

export function invalidAction(action: string): SqsError {
  return new SqsError('InvalidAction', `${CORAL}UnknownOperationException`, `The action ${action} is not valid for this endpoint.`);
}
