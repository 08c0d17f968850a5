/**
 * CloudTrail's errors. CloudTrail speaks awsJson 1.1 and models no `error.code`, so each error's wire `__type`
 * is its shape name in the botocore model (botocore/data/cloudtrail/2013-11-01/service-2.json), every one a
 * 400 client fault. Messages are AWS's where AWS's wording is known (trail names, TrailNotFound,
 * TrailAlreadyExists); the others say what AWS's shape documentation says is wrong. Errors CloudTrail shares with
 * other services (AccessDeniedException, SerializationException, UnknownOperationException) are the kernel's.
 */
import { awsErrorClass } from '../../../shared/errors/aws-error.js';
import type { AwsErrorSpec } from '../../../shared/errors/catalogue.js';

const entry = (code: string): AwsErrorSpec & { readonly protocol: 'json'; readonly status: 400 } => ({ protocol: 'json', code, status: 400 });

/** CloudTrail's entries of the error catalogue. */
export const CLOUDTRAIL_ERRORS = {
  TrailAlreadyExists: entry('TrailAlreadyExistsException'),
  TrailNotFound: entry('TrailNotFoundException'),
  InvalidTrailName: entry('InvalidTrailNameException'),
  CloudTrailArnInvalid: entry('CloudTrailARNInvalidException'),
  InvalidHomeRegion: entry('InvalidHomeRegionException'),
  MaximumNumberOfTrailsExceeded: entry('MaximumNumberOfTrailsExceededException'),
  InvalidS3BucketName: entry('InvalidS3BucketNameException'),
  InvalidS3Prefix: entry('InvalidS3PrefixException'),
  InvalidSnsTopicName: entry('InvalidSnsTopicNameException'),
  InvalidParameterCombination: entry('InvalidParameterCombinationException'),
  InvalidParameter: entry('InvalidParameterException'),
  InvalidEventSelectors: entry('InvalidEventSelectorsException'),
  InvalidLookupAttributes: entry('InvalidLookupAttributesException'),
  InvalidTimeRange: entry('InvalidTimeRangeException'),
  InvalidMaxResults: entry('InvalidMaxResultsException'),
  InvalidNextToken: entry('InvalidNextTokenException'),
  InvalidEventCategory: entry('InvalidEventCategoryException'),
  ResourceNotFound: entry('ResourceNotFoundException'),
  InvalidTagParameter: entry('InvalidTagParameterException'),
  TagsLimitExceeded: entry('TagsLimitExceededException'),
  UnsupportedOperation: entry('UnsupportedOperationException'),
} as const satisfies Readonly<Record<string, AwsErrorSpec>>;

const E = CLOUDTRAIL_ERRORS;

export class TrailAlreadyExistsError extends awsErrorClass(E.TrailAlreadyExists) {}
export class TrailNotFoundError extends awsErrorClass(E.TrailNotFound) {}
export class InvalidTrailNameError extends awsErrorClass(E.InvalidTrailName) {}
export class CloudTrailArnInvalidError extends awsErrorClass(E.CloudTrailArnInvalid) {}
export class InvalidHomeRegionError extends awsErrorClass(E.InvalidHomeRegion) {}
export class MaximumNumberOfTrailsExceededError extends awsErrorClass(E.MaximumNumberOfTrailsExceeded) {}
export class InvalidS3BucketNameError extends awsErrorClass(E.InvalidS3BucketName) {}
export class InvalidS3PrefixError extends awsErrorClass(E.InvalidS3Prefix) {}
export class InvalidSnsTopicNameError extends awsErrorClass(E.InvalidSnsTopicName) {}
export class InvalidParameterCombinationError extends awsErrorClass(E.InvalidParameterCombination) {}
export class InvalidParameterError extends awsErrorClass(E.InvalidParameter) {}
export class InvalidEventSelectorsError extends awsErrorClass(E.InvalidEventSelectors) {}
export class InvalidLookupAttributesError extends awsErrorClass(E.InvalidLookupAttributes) {}
export class InvalidTimeRangeError extends awsErrorClass(E.InvalidTimeRange) {}
export class InvalidMaxResultsError extends awsErrorClass(E.InvalidMaxResults) {}
export class InvalidNextTokenError extends awsErrorClass(E.InvalidNextToken) {}
export class InvalidEventCategoryError extends awsErrorClass(E.InvalidEventCategory) {}
export class CloudTrailResourceNotFoundError extends awsErrorClass(E.ResourceNotFound) {}
export class InvalidTagParameterError extends awsErrorClass(E.InvalidTagParameter) {}
export class TagsLimitExceededError extends awsErrorClass(E.TagsLimitExceeded) {}

/** AWS's message names the trail by ARN and the account by id. */
export function trailNotFound(arn: string, accountId: string): TrailNotFoundError {
  return new TrailNotFoundError(`Unknown trail: ${arn} for the user: ${accountId}`);
}

export function trailAlreadyExists(name: string, accountId: string): TrailAlreadyExistsError {
  return new TrailAlreadyExistsError(`Trail ${name} already exists for customer: ${accountId}`);
}

/** An AWS feature lambdabox has no counterpart for (KMS keys, CloudWatch Logs delivery, organization trails). */
export class CloudTrailUnsupportedOperationError extends awsErrorClass(E.UnsupportedOperation) {}
