/** IAM's modeled errors, with the status codes IAM returns (message wording per call site, as AWS's). */
import { AwsError } from '../../../shared/errors/aws-error.js';

/** A class for one IAM error code; subclasses keep their own names for `instanceof` and stack traces. */
function iamError(code: string, status: number): new (message: string) => AwsError {
  return class extends AwsError {
    constructor(message: string) {
      super(code, status, message);
    }
  };
}

export class NoSuchEntityError extends iamError('NoSuchEntity', 404) {}
export class EntityAlreadyExistsError extends iamError('EntityAlreadyExists', 409) {}
export class DeleteConflictError extends iamError('DeleteConflict', 409) {}
export class LimitExceededError extends iamError('LimitExceeded', 409) {}
export class MalformedPolicyDocumentError extends iamError('MalformedPolicyDocument', 400) {}
export class InvalidInputError extends iamError('InvalidInput', 400) {}
export class IamValidationError extends iamError('ValidationError', 400) {}

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
