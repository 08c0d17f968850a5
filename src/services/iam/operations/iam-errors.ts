/**
 * IAM's own modeled errors, with the status codes IAM returns (message wording per call site, as
 * AWS's). Errors IAM shares with other query services (ValidationError, MalformedPolicyDocument,
 * AccessDenied) are the kernel's (shared/errors/query-errors.ts).
 */
import { awsErrorClass } from '../../../shared/errors/aws-error.js';
import type { AwsErrorSpec } from '../../../shared/errors/catalogue.js';
import { QueryValidationError } from '../../../shared/errors/query-errors.js';

/** IAM's entries of the error catalogue. */
export const IAM_ERRORS = {
  NoSuchEntity: { protocol: 'query', code: 'NoSuchEntity', status: 404 },
  EntityAlreadyExists: { protocol: 'query', code: 'EntityAlreadyExists', status: 409 },
  DeleteConflict: { protocol: 'query', code: 'DeleteConflict', status: 409 },
  LimitExceeded: { protocol: 'query', code: 'LimitExceeded', status: 409 },
  InvalidInput: { protocol: 'query', code: 'InvalidInput', status: 400 },
} as const satisfies Readonly<Record<string, AwsErrorSpec>>;

export class NoSuchEntityError extends awsErrorClass(IAM_ERRORS.NoSuchEntity) {}
export class EntityAlreadyExistsError extends awsErrorClass(IAM_ERRORS.EntityAlreadyExists) {}
export class DeleteConflictError extends awsErrorClass(IAM_ERRORS.DeleteConflict) {}
export class LimitExceededError extends awsErrorClass(IAM_ERRORS.LimitExceeded) {}
export class InvalidInputError extends awsErrorClass(IAM_ERRORS.InvalidInput) {}

/** `1 validation error detected: Value 'v' at 'member' failed to satisfy constraint: …` (member in camelCase). */
export function iamConstraint(value: string, member: string, constraint: string): QueryValidationError {
  return new QueryValidationError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
}

export function noSuchUser(name: string): NoSuchEntityError {
  return new NoSuchEntityError(`The user with name ${name} cannot be found.`);
}

export function noSuchRole(name: string): NoSuchEntityError {
  return new NoSuchEntityError(`The role with name ${name} cannot be found.`);
}

export function noSuchGroup(name: string): NoSuchEntityError {
  return new NoSuchEntityError(`The group with name ${name} cannot be found.`);
}

export function policyNotFound(arn: string): NoSuchEntityError {
  return new NoSuchEntityError(`Policy ${arn} was not found.`);
}

export function policyNotAttachable(arn: string): NoSuchEntityError {
  return new NoSuchEntityError(`Policy ${arn} does not exist or is not attachable.`);
}
