/** IAM's modeled errors, with the status codes IAM returns (message wording per call site, as AWS's). */
import { AwsError } from '../../api/aws-error.js';

export class NoSuchEntityError extends AwsError {
  constructor(message: string) {
    super('NoSuchEntity', 404, message);
  }
}

export class EntityAlreadyExistsError extends AwsError {
  constructor(message: string) {
    super('EntityAlreadyExists', 409, message);
  }
}

export class DeleteConflictError extends AwsError {
  constructor(message: string) {
    super('DeleteConflict', 409, message);
  }
}

export class LimitExceededError extends AwsError {
  constructor(message: string) {
    super('LimitExceeded', 409, message);
  }
}

export class MalformedPolicyDocumentError extends AwsError {
  constructor(message: string) {
    super('MalformedPolicyDocument', 400, message);
  }
}

export class InvalidInputError extends AwsError {
  constructor(message: string) {
    super('InvalidInput', 400, message);
  }
}

export class IamValidationError extends AwsError {
  constructor(message: string) {
    super('ValidationError', 400, message);
  }
}

/** `1 validation error detected: Value 'v' at 'member' failed to satisfy constraint: …` (member in camelCase). */
export function iamConstraint(value: string, member: string, constraint: string): IamValidationError {
  return new IamValidationError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
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
