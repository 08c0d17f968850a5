/**
 * AWS Config's errors (botocore config/2014-11-12): awsJson `__type` names, all 400. Errors Config shares
 * with every awsJson service (SerializationException, UnknownOperationException) are the kernel's
 * (shared/errors/json-errors.ts).
 */
import { awsErrorClass } from '../../shared/errors/aws-error.js';
import type { AwsErrorSpec } from '../../shared/errors/catalogue.js';

export const CONFIG_ERRORS = {
  Validation: { protocol: 'json', code: 'ValidationException', status: 400 },
  InvalidTimeRange: { protocol: 'json', code: 'InvalidTimeRangeException', status: 400 },
  InvalidLimit: { protocol: 'json', code: 'InvalidLimitException', status: 400 },
  InvalidNextToken: { protocol: 'json', code: 'InvalidNextTokenException', status: 400 },
  ResourceNotDiscovered: { protocol: 'json', code: 'ResourceNotDiscoveredException', status: 400 },
  NoSuchConfigurationRecorder: { protocol: 'json', code: 'NoSuchConfigurationRecorderException', status: 400 },
} as const satisfies Readonly<Record<string, AwsErrorSpec>>;

export class ConfigValidationError extends awsErrorClass(CONFIG_ERRORS.Validation) {}
export class InvalidTimeRangeError extends awsErrorClass(CONFIG_ERRORS.InvalidTimeRange) {}
export class InvalidLimitError extends awsErrorClass(CONFIG_ERRORS.InvalidLimit) {}
export class InvalidNextTokenError extends awsErrorClass(CONFIG_ERRORS.InvalidNextToken) {}
export class ResourceNotDiscoveredError extends awsErrorClass(CONFIG_ERRORS.ResourceNotDiscovered) {}
export class NoSuchConfigurationRecorderError extends awsErrorClass(CONFIG_ERRORS.NoSuchConfigurationRecorder) {}

/** Coral's wording for a member outside its modeled range (`Limit`: 0–100). */
export function limitTooLarge(member: string, value: number, max: number): InvalidLimitError {
  return new InvalidLimitError(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
  );
}

export function invalidNextToken(): InvalidNextTokenError {
  return new InvalidNextTokenError('The nextToken provided is invalid');
}
