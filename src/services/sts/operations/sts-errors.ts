/**
 * STS's own errors (query protocol codes, AWS's messages). STS spells a refusal `AccessDenied`
 * (Lambda: `AccessDeniedException`) and shares it, ValidationError and MalformedPolicyDocument with
 * the other query services: those are the kernel's (shared/errors/query-errors.ts).
 */
import { awsErrorClass } from '../../../shared/errors/aws-error.js';
import type { AwsErrorSpec } from '../../../shared/errors/catalogue.js';
import { QueryAccessDeniedError, QueryValidationError, constraintViolation } from '../../../shared/errors/query-errors.js';

/** STS's entries of the error catalogue. */
export const STS_ERRORS = {
  PackedPolicyTooLarge: { protocol: 'query', code: 'PackedPolicyTooLarge', status: 400 },
} as const satisfies Readonly<Record<string, AwsErrorSpec>>;

export function notAuthorized(principalArn: string, action: string, resource: string): QueryAccessDeniedError {
  return new QueryAccessDeniedError(`User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`);
}

export class PackedPolicyTooLargeError extends awsErrorClass(STS_ERRORS.PackedPolicyTooLarge) {
  constructor(percent: number) {
    super(`Packed policy consumes ${percent}% of allotted space, please use smaller policy for this session.`);
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
