/**
 * CloudWatch's errors. `code` is the query-protocol code (what the CLI prints, and what the JSON protocol
 * echoes in `x-amzn-query-error` for awsQueryCompatible SDKs), `jsonType` the `__type` of JSON bodies (the
 * model's shape name). Codes, statuses and shapes are the botocore model's (cloudwatch 2010-08-01).
 * `ValidationError` (the SDK's ValidationException) is not in the botocore model but is what CloudWatch answers
 * for constraint violations and bad ARNs.
 */
import { awsErrorClass } from '../../shared/errors/aws-error.js';
import type { AwsError, CataloguedErrorOptions } from '../../shared/errors/aws-error.js';
import type { AwsErrorSpec } from '../../shared/errors/catalogue.js';

const NS = 'com.amazonaws.cloudwatch#';

/** CloudWatch's entries of the error catalogue: the query code, the JSON `__type` and the status. */
export const MONITORING_ERRORS = {
  InvalidParameterValue: { protocol: 'query', code: 'InvalidParameterValue', status: 400, jsonType: `${NS}InvalidParameterValueException` },
  MissingParameter: { protocol: 'query', code: 'MissingParameter', status: 400, jsonType: `${NS}MissingRequiredParameterException` },
  InvalidParameterCombination: { protocol: 'query', code: 'InvalidParameterCombination', status: 400, jsonType: `${NS}InvalidParameterCombinationException` },
  InvalidNextToken: { protocol: 'query', code: 'InvalidNextToken', status: 400, jsonType: `${NS}InvalidNextToken` },
  InvalidFormat: { protocol: 'query', code: 'InvalidFormat', status: 400, jsonType: `${NS}InvalidFormatFault` },
  ResourceNotFound: { protocol: 'query', code: 'ResourceNotFound', status: 404, jsonType: `${NS}ResourceNotFound` },
  ResourceNotFoundException: { protocol: 'query', code: 'ResourceNotFoundException', status: 404, jsonType: `${NS}ResourceNotFoundException` },
  LimitExceeded: { protocol: 'query', code: 'LimitExceeded', status: 400, jsonType: `${NS}LimitExceededFault` },
  ValidationError: { protocol: 'query', code: 'ValidationError', status: 400, jsonType: `${NS}ValidationException` },
} as const satisfies Readonly<Record<string, AwsErrorSpec>>;

export class InvalidParameterValueError extends awsErrorClass(MONITORING_ERRORS.InvalidParameterValue) {}
export class MissingParameterError extends awsErrorClass(MONITORING_ERRORS.MissingParameter) {}
export class InvalidParameterCombinationError extends awsErrorClass(MONITORING_ERRORS.InvalidParameterCombination) {}
export class InvalidNextTokenError extends awsErrorClass(MONITORING_ERRORS.InvalidNextToken) {}
export class InvalidFormatError extends awsErrorClass(MONITORING_ERRORS.InvalidFormat) {}
export class AlarmNotFoundError extends awsErrorClass(MONITORING_ERRORS.ResourceNotFound) {}
export class TaggedResourceNotFoundError extends awsErrorClass(MONITORING_ERRORS.ResourceNotFoundException) {}
export class LimitExceededError extends awsErrorClass(MONITORING_ERRORS.LimitExceeded) {}
export class ValidationError extends awsErrorClass(MONITORING_ERRORS.ValidationError) {}

/** Any of CloudWatch's errors. */
export type MonitoringError = AwsError;

/** The JSON `__type` of a CloudWatch error (its catalogue entry's), undefined for errors of other catalogues. */
export function monitoringJsonType(err: AwsError): string | undefined {
  const spec = (err.constructor as { spec?: AwsErrorSpec }).spec;
  return spec !== undefined && Object.values(MONITORING_ERRORS).includes(spec as never) ? spec.jsonType : undefined;
}

export function tagNotFound(message: string, options: CataloguedErrorOptions): AwsError {
  return new TaggedResourceNotFoundError(message, options);
}

export function invalidValue(message: string): MonitoringError {
  return new InvalidParameterValueError(message);
}

/** "The value X for parameter P is invalid." */
export function invalidParameter(name: string, value: unknown): MonitoringError {
  return invalidValue(`The value ${String(value)} for parameter ${name} is invalid.`);
}

export function missingParameter(name: string): MonitoringError {
  return new MissingParameterError(`The parameter ${name} is required.`);
}

export function invalidCombination(message: string): MonitoringError {
  return new InvalidParameterCombinationError(message);
}

export function invalidNextToken(): MonitoringError {
  return new InvalidNextTokenError('The service couldn\'t process your request because the NextToken is invalid.');
}

export function validationError(message: string): MonitoringError {
  return new ValidationError(message);
}

/** The JSON protocol's constraint message, as AWS's front end writes it. */
export function constraint(member: string, value: unknown, rule: string): MonitoringError {
  return validationError(`1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${rule}`);
}
