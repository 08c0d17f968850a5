/**
 * CloudWatch Logs' errors. The service speaks awsJson 1.1 and models no `error.code`, so each error's wire
 * `__type` is its shape name in the botocore model (botocore/data/logs/2014-03-28/service-2.json), every one a
 * 400 client fault. Constraint violations of the model (lengths, patterns, enums) are InvalidParameterException
 * with AWS's "1 validation error detected" wording.
 */
import { awsErrorClass } from '../../../shared/errors/aws-error.js';
import type { AwsErrorSpec } from '../../../shared/errors/catalogue.js';

const entry = (code: string): AwsErrorSpec & { readonly protocol: 'json'; readonly status: 400 } => ({ protocol: 'json', code, status: 400 });

export const LOGS_ERRORS = {
  InvalidParameter: entry('InvalidParameterException'),
  ResourceNotFound: entry('ResourceNotFoundException'),
  ResourceAlreadyExists: entry('ResourceAlreadyExistsException'),
  LimitExceeded: entry('LimitExceededException'),
  TooManyTags: entry('TooManyTagsException'),
} as const satisfies Readonly<Record<string, AwsErrorSpec>>;

const E = LOGS_ERRORS;

export class LogsInvalidParameterError extends awsErrorClass(E.InvalidParameter) {}
export class LogsResourceNotFoundError extends awsErrorClass(E.ResourceNotFound) {}
export class LogsResourceAlreadyExistsError extends awsErrorClass(E.ResourceAlreadyExists) {}
export class LogsLimitExceededError extends awsErrorClass(E.LimitExceeded) {}
export class LogsTooManyTagsError extends awsErrorClass(E.TooManyTags) {}

export const groupNotFound = (): LogsResourceNotFoundError => new LogsResourceNotFoundError('The specified log group does not exist.');
export const streamNotFound = (): LogsResourceNotFoundError => new LogsResourceNotFoundError('The specified log stream does not exist.');

/** AWS's wording for a member that breaks a model constraint. */
export function validationError(value: string, member: string, constraint: string): LogsInvalidParameterError {
  return new LogsInvalidParameterError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
}
