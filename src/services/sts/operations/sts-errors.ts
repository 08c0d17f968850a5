/** STS's own errors (query protocol codes, AWS's messages). */
import { AwsError } from '../../../shared/errors/aws-error.js';
import { QueryValidationError, constraintViolation } from '../../../http/query/query-errors.js';

/** STS spells it `AccessDenied` (Lambda: `AccessDeniedException`). */
export class StsAccessDeniedError extends AwsError {
  constructor(message: string) {
    super('AccessDenied', 403, message);
  }
}

export function notAuthorized(principalArn: string, action: string, resource: string): StsAccessDeniedError {
  return new StsAccessDeniedError(`User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`);
}

export class PackedPolicyTooLargeError extends AwsError {
  constructor(percent: number) {
    super('PackedPolicyTooLarge', 400, `Packed policy consumes ${percent}% of allotted space, please use smaller policy for this session.`);
  }
}

export class StsMalformedPolicyDocumentError extends AwsError {
  constructor(message: string) {
    super('MalformedPolicyDocument', 400, message);
  }
}

export function stsValidation(message: string): QueryValidationError {
  return new QueryValidationError(message);
}

/** Checks a string member against the model's length and pattern, with AWS's messages. */
export function checkString(value: string, member: string, min: number, max: number, pattern?: RegExp): void {
  const length = [...value].length;
  if (pattern !== undefined && !pattern.test(value)) {
    throw constraintViolation(value, member, `Member must satisfy regular expression pattern: ${pattern.source.replace(/^\^|\$$/g, '')}`);
  }
  if (length < min) throw constraintViolation(value, member, `Member must have length greater than or equal to ${min}`);
  if (length > max) throw constraintViolation(value, member, `Member must have length less than or equal to ${max}`);
}

export function checkRange(value: number, member: string, min: number, max: number): void {
  if (value < min) throw constraintViolation(String(value), member, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraintViolation(String(value), member, `Member must have value less than or equal to ${max}`);
}
