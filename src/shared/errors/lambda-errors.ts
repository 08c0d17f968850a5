/**
 * Lambda's modeled and recorded errors. Message-member spelling follows the botocore shape of each
 * error in botocore's Lambda model (botocore/data/lambda/2015-03-31/service-2.json; docs/SOURCES.md
 * [BM]): `Message` for ResourceNotFound/Service/…,
 * `message` for InvalidParameterValue/ResourceConflict/…; the spellings are fixed in the catalogue.
 * Lambda's ServiceException is the kernel's one `ServiceError` (aws-error.ts).
 */
import { awsErrorClass } from './aws-error.js';
import { AWS_ERRORS } from './catalogue.js';
import type { MessageKey } from './catalogue.js';

export class ResourceNotFoundError extends awsErrorClass(AWS_ERRORS.ResourceNotFound) {}

/** `Function not found: <arn>` — the exact text the CLI prints for a missing function or version. */
export function functionNotFound(arn: string): ResourceNotFoundError {
  return new ResourceNotFoundError(`Function not found: ${arn}`);
}

export class InvalidParameterValueError extends awsErrorClass(AWS_ERRORS.InvalidParameterValue) {}

/** Unmodeled but what AWS returns for pattern/enum/length/range violations. */
export class ValidationError extends awsErrorClass(AWS_ERRORS.Validation) {}

/** Builds AWS's `1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: …`. */
export function validationError(value: unknown, field: string, constraint: string): ValidationError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new ValidationError(
    `1 validation error detected: Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export class ResourceConflictError extends awsErrorClass(AWS_ERRORS.ResourceConflict) {}

export class PreconditionFailedError extends awsErrorClass(AWS_ERRORS.PreconditionFailed) {}

export class RequestEntityTooLargeError extends awsErrorClass(AWS_ERRORS.RequestEntityTooLarge) {}

export class TooManyRequestsError extends awsErrorClass(AWS_ERRORS.TooManyRequests) {
  constructor(reason: string, message = 'Rate Exceeded.', retryAfterSeconds?: number) {
    super(message, {
      fields: { Reason: reason },
      ...(retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(retryAfterSeconds) } }),
    });
  }
}

export class InvalidRequestContentError extends awsErrorClass(AWS_ERRORS.InvalidRequestContent) {}

export class UnsupportedMediaTypeError extends awsErrorClass(AWS_ERRORS.UnsupportedMediaType) {}

export class CodeStorageExceededError extends awsErrorClass(AWS_ERRORS.CodeStorageExceeded) {
  constructor(message = 'Code storage limit exceeded.') {
    super(message);
  }
}

export class PolicyLengthExceededError extends awsErrorClass(AWS_ERRORS.PolicyLengthExceeded) {
  constructor(message = 'The final policy size is bigger than the limit.') {
    super(message);
  }
}

/**
 * rest-json's one SerializationException: what Lambda's deserializer returns when a member has the
 * wrong JSON type (a number where the model wants a string, a scalar where it wants a structure),
 * before any model validation runs. A body that is not JSON at all has always been answered with the
 * member spelled `Message` (api/lambda/json-body.ts), a mistyped member with `message`; both are kept
 * byte for byte, through this one class.
 */
export class SerializationError extends awsErrorClass(AWS_ERRORS.Serialization) {
  constructor(message: string, messageKey: MessageKey = 'message') {
    super(message, { messageKey });
  }
}

/**
 * Invoke's 502 for a runtime that cannot run (botocore InvalidRuntimeException: "The runtime or runtime
 * version specified is not supported."); lambdabox also uses it when a runtime's language is missing on
 * this host or could not be installed.
 */
export class InvalidRuntimeError extends awsErrorClass(AWS_ERRORS.InvalidRuntime) {}
