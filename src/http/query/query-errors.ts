/**
 * Query-protocol errors (IAM, STS, SQS query mode): the XML `ErrorResponse` body and the errors the
 * protocol itself raises before an operation runs.
 */
import type { ApiResponse } from '../api-request.js';
import { AwsError } from '../../shared/errors/aws-error.js';
import { xmlElement } from './xml.js';

/** `<ErrorResponse xmlns=…><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…`. */
export function renderQueryError(err: AwsError, requestId: string, xmlns: string): ApiResponse {
  const error: Record<string, string> = {
    Type: err.faultType === 'Service' ? 'Receiver' : 'Sender',
    Code: err.code,
    Message: err.message,
  };
  for (const [k, v] of Object.entries(err.fields)) if (typeof v === 'string') error[k] = v;
  const body = xmlElement('ErrorResponse', { Error: error, RequestId: requestId }, { xmlns });
  return { status: err.status, headers: { 'Content-Type': 'text/xml', ...err.headers }, body };
}

/** Unknown `Action`: AWS's own wording for query services. */
export class InvalidActionError extends AwsError {
  constructor(action: string, version: string) {
    super('InvalidAction', 400, `Could not find operation ${action} for version ${version}`);
  }
}

export class MissingActionError extends AwsError {
  constructor() {
    super('MissingAction', 400, 'Missing Action');
  }
}

/** AWS's generic constraint error in query services (`1 validation error detected: …`). */
export class QueryValidationError extends AwsError {
  constructor(message: string) {
    super('ValidationError', 400, message);
  }
}

/** IAM/STS spelling of a missing required member: the member name with a lower-case first letter. */
export function missingMember(name: string): QueryValidationError {
  const member = name.charAt(0).toLowerCase() + name.slice(1);
  return new QueryValidationError(
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

/** AWS's form for a constraint violation on a present value. */
export function constraintViolation(value: string, name: string, constraint: string): QueryValidationError {
  const member = name.charAt(0).toLowerCase() + name.slice(1);
  return new QueryValidationError(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export class RequestTooLargeError extends AwsError {
  constructor(limit: number) {
    super('RequestEntityTooLarge', 413, `Request body must be smaller than ${limit} bytes`);
  }
}
