/**
 * The kernel's error catalogue: every AWS error more than one part of lambdabox raises, with its wire
 * code, HTTP status and AWS type (fault), in one place. Error classes are built from these entries
 * (`awsErrorClass` in aws-error.ts); a service's own errors live in its folder as entries of the same
 * shape. No two entries may spell the same code for the same protocol (test/shared/errors/ checks it
 * across the kernel and every service).
 */

/** How the AWS shape spells its message member: Lambda models use both spellings. */
export type MessageKey = 'message' | 'Message';

/**
 * The wire protocol a code is spelled for: `rest-json` (Lambda), `query` (IAM, STS, SQS query mode),
 * `json` (awsJson, SQS JSON mode). The front door's errors are spelled for rest-json; query services
 * respell them (services/sts/api/query-auth-errors.ts, services/sqs/api/sqs-errors-render.ts).
 */
export type WireProtocol = 'rest-json' | 'query' | 'json';

/** The AWS type of an error: `User` (query `Sender`) or `Service` (query `Receiver`). */
export type FaultType = 'User' | 'Service';

export interface AwsErrorSpec {
  readonly protocol: WireProtocol;
  readonly code: string;
  readonly status: number;
  /** Spelling of the message member in rest-json bodies. @default 'message' */
  readonly messageKey?: MessageKey;
  /** `User` for 4xx, `Service` for 5xx unless set. */
  readonly fault?: FaultType;
  /** The awsJson `__type` of an error whose `code` is its query spelling (SQS answers in both). */
  readonly jsonType?: string;
}

/** The fault an entry reports on the wire. */
export function faultOf(spec: AwsErrorSpec): FaultType {
  return spec.fault ?? (spec.status >= 500 ? 'Service' : 'User');
}

export const AWS_ERRORS = {
  // Errors every AWS front door returns before a service sees the request (rest-json spelling).
  MissingAuthenticationToken: { protocol: 'rest-json', code: 'MissingAuthenticationTokenException', status: 403 },
  UnrecognizedClient: { protocol: 'rest-json', code: 'UnrecognizedClientException', status: 403 },
  InvalidSignature: { protocol: 'rest-json', code: 'InvalidSignatureException', status: 403 },
  IncompleteSignature: { protocol: 'rest-json', code: 'IncompleteSignatureException', status: 400 },
  ExpiredToken: { protocol: 'rest-json', code: 'ExpiredTokenException', status: 403 },
  ContentSha256Mismatch: { protocol: 'rest-json', code: 'XAmzContentSHA256Mismatch', status: 400 },
  AccessDenied: { protocol: 'rest-json', code: 'AccessDeniedException', status: 403, messageKey: 'Message' },
  UnknownOperation: { protocol: 'rest-json', code: 'UnknownOperationException', status: 404 },
  /** The one ServiceException: Lambda's modeled 500 and the front door's answer to an unexpected failure. */
  Service: { protocol: 'rest-json', code: 'ServiceException', status: 500, messageKey: 'Message' },

  // Lambda's modeled and recorded errors (message spelling per botocore shape: botocore/data/lambda/2015-03-31/service-2.json).
  ResourceNotFound: { protocol: 'rest-json', code: 'ResourceNotFoundException', status: 404, messageKey: 'Message' },
  InvalidParameterValue: { protocol: 'rest-json', code: 'InvalidParameterValueException', status: 400 },
  Validation: { protocol: 'rest-json', code: 'ValidationException', status: 400 },
  ResourceConflict: { protocol: 'rest-json', code: 'ResourceConflictException', status: 409 },
  PreconditionFailed: { protocol: 'rest-json', code: 'PreconditionFailedException', status: 412 },
  RequestEntityTooLarge: { protocol: 'rest-json', code: 'RequestEntityTooLargeException', status: 413 },
  TooManyRequests: { protocol: 'rest-json', code: 'TooManyRequestsException', status: 429 },
  InvalidRequestContent: { protocol: 'rest-json', code: 'InvalidRequestContentException', status: 400 },
  UnsupportedMediaType: { protocol: 'rest-json', code: 'UnsupportedMediaTypeException', status: 415 },
  CodeStorageExceeded: { protocol: 'rest-json', code: 'CodeStorageExceededException', status: 400 },
  PolicyLengthExceeded: { protocol: 'rest-json', code: 'PolicyLengthExceededException', status: 400 },
  /** rest-json's one SerializationException. */
  Serialization: { protocol: 'rest-json', code: 'SerializationException', status: 400 },
  InvalidRuntime: { protocol: 'rest-json', code: 'InvalidRuntimeException', status: 502, messageKey: 'Message' },

  // The query protocol's own errors and those more than one query service raises.
  QueryValidation: { protocol: 'query', code: 'ValidationError', status: 400 },
  QueryAccessDenied: { protocol: 'query', code: 'AccessDenied', status: 403 },
  MalformedPolicyDocument: { protocol: 'query', code: 'MalformedPolicyDocument', status: 400 },
  RequestTooLarge: { protocol: 'query', code: 'RequestEntityTooLarge', status: 413 },
  InvalidAction: { protocol: 'query', code: 'InvalidAction', status: 400 },
  MissingAction: { protocol: 'query', code: 'MissingAction', status: 400 },

  // The awsJson protocol's own errors.
  /** awsJson's one SerializationException. */
  JsonSerialization: { protocol: 'json', code: 'SerializationException', status: 400 },
  JsonUnknownOperation: { protocol: 'json', code: 'UnknownOperationException', status: 400 },
} as const satisfies Readonly<Record<string, AwsErrorSpec>>;
