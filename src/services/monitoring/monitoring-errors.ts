/**
 * CloudWatch's errors. `code` is the query-protocol code (what the CLI prints, and what the JSON protocol
 * echoes in `x-amzn-query-error` for awsQueryCompatible SDKs), `jsonType` the `__type` of JSON bodies (the
 * model's shape name). Codes, statuses and shapes are the botocore model's (cloudwatch 2010-08-01).
 * `ValidationError` (the SDK's ValidationException) is not in the botocore model but is what CloudWatch answers
 * for constraint violations and bad ARNs.
 */
import { AwsError } from '../../shared/errors/aws-error.js';

const NS = 'com.amazonaws.cloudwatch#';

export interface MonitoringErrorSpec {
  readonly code: string;
  readonly status: number;
  readonly jsonType: string;
}

export const MONITORING_ERRORS = {
  InvalidParameterValue: { code: 'InvalidParameterValue', status: 400, jsonType: `${NS}InvalidParameterValueException` },
  MissingParameter: { code: 'MissingParameter', status: 400, jsonType: `${NS}MissingRequiredParameterException` },
  InvalidParameterCombination: { code: 'InvalidParameterCombination', status: 400, jsonType: `${NS}InvalidParameterCombinationException` },
  InvalidNextToken: { code: 'InvalidNextToken', status: 400, jsonType: `${NS}InvalidNextToken` },
  InvalidFormat: { code: 'InvalidFormat', status: 400, jsonType: `${NS}InvalidFormatFault` },
  ResourceNotFound: { code: 'ResourceNotFound', status: 404, jsonType: `${NS}ResourceNotFound` },
  ResourceNotFoundException: { code: 'ResourceNotFoundException', status: 404, jsonType: `${NS}ResourceNotFoundException` },
  LimitExceeded: { code: 'LimitExceeded', status: 400, jsonType: `${NS}LimitExceededFault` },
  ValidationError: { code: 'ValidationError', status: 400, jsonType: `${NS}ValidationException` },
  InternalServiceError: { code: 'InternalServiceError', status: 500, jsonType: `${NS}InternalServiceFault` },
} as const satisfies Readonly<Record<string, MonitoringErrorSpec>>;

export class MonitoringError extends AwsError {
  readonly jsonType: string;

  constructor(spec: MonitoringErrorSpec, message: string, fields: Readonly<Record<string, unknown>> = {}) {
    super(spec.code, spec.status, message, { messageKey: 'message', fields });
    this.jsonType = spec.jsonType;
  }
}

export function invalidValue(message: string): MonitoringError {
  return new MonitoringError(MONITORING_ERRORS.InvalidParameterValue, message);
}

/** "The value X for parameter P is invalid." */
export function invalidParameter(name: string, value: unknown): MonitoringError {
  return invalidValue(`The value ${String(value)} for parameter ${name} is invalid.`);
}

export function missingParameter(name: string): MonitoringError {
  return new MonitoringError(MONITORING_ERRORS.MissingParameter, `The parameter ${name} is required.`);
}

export function invalidCombination(message: string): MonitoringError {
  return new MonitoringError(MONITORING_ERRORS.InvalidParameterCombination, message);
}

export function invalidNextToken(): MonitoringError {
  return new MonitoringError(MONITORING_ERRORS.InvalidNextToken, 'The service couldn\'t process your request because the NextToken is invalid.');
}

export function validationError(message: string): MonitoringError {
  return new MonitoringError(MONITORING_ERRORS.ValidationError, message);
}

/** The JSON protocol's constraint message, as AWS's front end writes it. */
export function constraint(member: string, value: unknown, rule: string): MonitoringError {
  return validationError(`1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${rule}`);
}
