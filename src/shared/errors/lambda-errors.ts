/**
 * Lambda's modeled and recorded errors. Message-member spelling follows the botocore shape of each
 * error in botocore's Lambda model (botocore/data/lambda/2015-03-31/service-2.json; docs/SOURCES.md
 * [BM]): `Message` for ResourceNotFound/Service/…,
 * `message` for InvalidParameterValue/ResourceConflict/….
 */
import { AwsError } from './aws-error.js';

export class ResourceNotFoundError extends AwsError {
  constructor(message: string) {
    super('ResourceNotFoundException', 404, message, { messageKey: 'Message' });
  }
}

/** `Function not found: <arn>` — the exact text the CLI prints for a missing function or version. */
export function functionNotFound(arn: string): ResourceNotFoundError {
  return new ResourceNotFoundError(`Function not found: ${arn}`);
}

export class InvalidParameterValueError extends AwsError {
  constructor(message: string) {
    super('InvalidParameterValueException', 400, message);
  }
}

/** Unmodeled but what AWS returns for pattern/enum/length/range violations. */
export class ValidationError extends AwsError {
  constructor(message: string) {
    super('ValidationException', 400, message);
  }
}

/** Builds AWS's `1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: …`. */
export function validationError(value: unknown, field: string, constraint: string): ValidationError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new ValidationError(
    `1 validation error detected: Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export class ResourceConflictError extends AwsError {
  constructor(message: string) {
    super('ResourceConflictException', 409, message);
  }
}

export class PreconditionFailedError extends AwsError {
  constructor(message: string) {
    super('PreconditionFailedException', 412, message);
  }
}

export class RequestEntityTooLargeError extends AwsError {
  constructor(message: string) {
    super('RequestEntityTooLargeException', 413, message);
  }
}

export class TooManyRequestsError extends AwsError {
  constructor(reason: string, message = 'Rate Exceeded.', retryAfterSeconds?: number) {
    super('TooManyRequestsException', 429, message, {
      fields: { Reason: reason },
      ...(retryAfterSeconds === undefined ? {} : { headers: { 'Retry-After': String(retryAfterSeconds) } }),
    });
  }
}

export class InvalidRequestContentError extends AwsError {
  constructor(message: string) {
    super('InvalidRequestContentException', 400, message);
  }
}

export class UnsupportedMediaTypeError extends AwsError {
  constructor(message: string) {
    super('UnsupportedMediaTypeException', 415, message);
  }
}

export class CodeStorageExceededError extends AwsError {
  constructor(message = 'Code storage limit exceeded.') {
    super('CodeStorageExceededException', 400, message);
  }
}

export class PolicyLengthExceededError extends AwsError {
  constructor(message = 'The final policy size is bigger than the limit.') {
    super('PolicyLengthExceededException', 400, message);
  }
}

export class ServiceError extends AwsError {
  constructor(message: string) {
    super('ServiceException', 500, message, { messageKey: 'Message' });
  }
}

/**
 * What Lambda's rest-json deserializer returns when a member has the wrong JSON type (a number where
 * the model wants a string, a scalar where it wants a structure), before any model validation runs.
 */
export class SerializationError extends AwsError {
  constructor(message: string) {
    super('SerializationException', 400, message);
  }
}

/**
 * Invoke's 502 for a runtime that cannot run (botocore InvalidRuntimeException: "The runtime or runtime
 * version specified is not supported."); lambdabox also uses it when a runtime's language is missing on
 * this host or could not be installed.
 */
export class InvalidRuntimeError extends AwsError {
  constructor(message: string) {
    super('InvalidRuntimeException', 502, message, { messageKey: 'Message' });
  }
}
