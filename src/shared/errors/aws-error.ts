/**
 * The one error type that reaches a client. Each AWS error knows its wire code, its HTTP status and
 * how its protocol spells the message member, so the protocol serializers (rest-json for Lambda,
 * query/XML for IAM, STS and SQS, awsJson for SQS) can render it exactly as AWS does. Codes, statuses
 * and faults come from the catalogue (catalogue.ts); `awsErrorClass` turns an entry into a class.
 */
import { AWS_ERRORS, faultOf } from './catalogue.js';
import type { AwsErrorSpec, FaultType, MessageKey } from './catalogue.js';

export interface AwsErrorOptions {
  /** Spelling of the message member in JSON bodies. @default 'message' */
  readonly messageKey?: MessageKey;
  /** Extra modeled members (e.g. `Reason` on TooManyRequestsException). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** `User` for 4xx, `Service` for 5xx unless set. */
  readonly faultType?: FaultType;
  readonly cause?: unknown;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messageKey: MessageKey;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly faultType: FaultType;

  constructor(code: string, status: number, message: string, options: AwsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    this.code = code;
    this.status = status;
    this.messageKey = options.messageKey ?? 'message';
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
    this.faultType = options.faultType ?? (status >= 500 ? 'Service' : 'User');
  }
}

/** What an AWS error is as data (another node's answer, carried back over the node channel). */
export interface AwsErrorData {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly messageKey?: MessageKey;
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The error another lambdabox node answered, rebuilt to reach this node's caller exactly as it would
 * have from that node: its class was catalogued there, so its code, status and members are AWS's.
 */
export function awsErrorFromData(data: AwsErrorData): AwsError {
  return new AwsError(data.code, data.status, data.message, {
    ...(data.messageKey === undefined ? {} : { messageKey: data.messageKey }),
    ...(data.fields === undefined ? {} : { fields: data.fields }),
    ...(data.headers === undefined ? {} : { headers: data.headers }),
  });
}

export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError;
}

/** What a catalogued class takes besides its message; the entry fixes code, status and fault. */
export type CataloguedErrorOptions = Omit<AwsErrorOptions, 'faultType'>;

/**
 * The class of one catalogue entry. Subclasses keep their own names for `instanceof` and stack
 * traces; `spec` is the entry, for the catalogue's tests.
 */
export function awsErrorClass(spec: AwsErrorSpec) {
  return class CataloguedError extends AwsError {
    static readonly spec: AwsErrorSpec = spec;

    constructor(message: string, options: CataloguedErrorOptions = {}) {
      super(spec.code, spec.status, message, {
        ...options,
        messageKey: options.messageKey ?? spec.messageKey ?? 'message',
        faultType: faultOf(spec),
      });
    }
  };
}

/**
 * The same failure under another protocol's code (query services answer `AccessDenied` where the
 * front door raised `AccessDeniedException`): status, message, headers and fault are kept; modeled
 * members and the message spelling are not, as no query renderer reads them.
 */
export function respelled(err: AwsError, code: string): AwsError {
  return new AwsError(code, err.status, err.message, { headers: err.headers, faultType: err.faultType });
}

// Errors every AWS front door returns before a service sees the request. Messages are AWS's own.

export class MissingAuthenticationTokenError extends awsErrorClass(AWS_ERRORS.MissingAuthenticationToken) {
  constructor() {
    super('Missing Authentication Token');
  }
}

export class UnrecognizedClientError extends awsErrorClass(AWS_ERRORS.UnrecognizedClient) {
  constructor() {
    super('The security token included in the request is invalid.');
  }
}

export class InvalidSignatureError extends awsErrorClass(AWS_ERRORS.InvalidSignature) {
  constructor(message: string) {
    super(message);
  }
}

export class IncompleteSignatureError extends awsErrorClass(AWS_ERRORS.IncompleteSignature) {
  constructor(message: string) {
    super(message);
  }
}

export class ExpiredTokenError extends awsErrorClass(AWS_ERRORS.ExpiredToken) {
  constructor(message = 'The security token included in the request is expired') {
    super(message);
  }
}

export class ContentSha256MismatchError extends awsErrorClass(AWS_ERRORS.ContentSha256Mismatch) {
  constructor() {
    super("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
}

export class AccessDeniedError extends awsErrorClass(AWS_ERRORS.AccessDenied) {
  constructor(message = '') {
    super(message);
  }
}

export class UnknownOperationError extends awsErrorClass(AWS_ERRORS.UnknownOperation) {
  constructor() {
    super('Unknown operation');
  }
}

/** What the front door answers for a failure that is no AWS error (the cause stays server-side). */
export const INTERNAL_ERROR_MESSAGE = 'An internal error occurred. Please retry.';

/**
 * The one ServiceException (500, `Message`): Lambda's own with a message saying what failed, and the
 * front door's for an unexpected failure (`internalError`).
 */
export class ServiceError extends awsErrorClass(AWS_ERRORS.Service) {
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
  }
}

export function internalError(cause: unknown): ServiceError {
  return new ServiceError(INTERNAL_ERROR_MESSAGE, { cause });
}
