/**
 * The query protocol's own errors and those more than one query service (IAM, STS, SQS query mode)
 * raises, each once. Rendering stays with the protocol (http/query/query-errors.ts).
 */
import { awsErrorClass } from './aws-error.js';
import { AWS_ERRORS } from './catalogue.js';

/** AWS's generic constraint error in query services (`1 validation error detected: …`). */
export class QueryValidationError extends awsErrorClass(AWS_ERRORS.QueryValidation) {}

/** The query spelling of a refusal: `AccessDenied` (rest-json: `AccessDeniedException`). */
export class QueryAccessDeniedError extends awsErrorClass(AWS_ERRORS.QueryAccessDenied) {}

/** A policy document IAM or STS cannot parse or does not accept. */
export class MalformedPolicyDocumentError extends awsErrorClass(AWS_ERRORS.MalformedPolicyDocument) {}

export class RequestTooLargeError extends awsErrorClass(AWS_ERRORS.RequestTooLarge) {
  constructor(limit: number) {
    super(`Request body must be smaller than ${limit} bytes`);
  }
}

/** An unknown `Action`; each service words it its own way (`unknownQueryAction` is IAM's and STS's). */
export class InvalidActionError extends awsErrorClass(AWS_ERRORS.InvalidAction) {}

/** IAM's and STS's wording for an unknown `Action`. */
export function unknownQueryAction(action: string, version: string): InvalidActionError {
  return new InvalidActionError(`Could not find operation ${action} for version ${version}`);
}

export class MissingActionError extends awsErrorClass(AWS_ERRORS.MissingAction) {
  constructor() {
    super('Missing Action');
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
