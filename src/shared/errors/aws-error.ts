/**
 * The one error type that reaches a client. Each AWS error knows its wire code, its HTTP status and
 * how its protocol spells the message member, so the protocol serializers (rest-json for Lambda,
 * query/XML for IAM and STS later) can render it exactly as AWS does.
 */

/** How the AWS shape spells its message member: Lambda models use both spellings. */
export type MessageKey = 'message' | 'Message';

export interface AwsErrorOptions {
  /** Spelling of the message member in JSON bodies. @default 'message' */
  readonly messageKey?: MessageKey;
  /** Extra modeled members (e.g. `Reason` on TooManyRequestsException). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** `User` for 4xx, `Service` for 5xx unless set. */
  readonly faultType?: 'User' | 'Service';
  readonly cause?: unknown;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messageKey: MessageKey;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly faultType: 'User' | 'Service';

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

export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError;
}

// Errors every AWS front door returns before a service sees the request. Messages are AWS's own.

export class MissingAuthenticationTokenError extends AwsError {
  constructor() {
    super('MissingAuthenticationTokenException', 403, 'Missing Authentication Token');
  }
}

export class UnrecognizedClientError extends AwsError {
  constructor() {
    super('UnrecognizedClientException', 403, 'The security token included in the request is invalid.');
  }
}

export class InvalidSignatureError extends AwsError {
  constructor(message: string) {
    super('InvalidSignatureException', 403, message);
  }
}

export class IncompleteSignatureError extends AwsError {
  constructor(message: string) {
    super('IncompleteSignatureException', 400, message);
  }
}

export class ExpiredTokenError extends AwsError {
  constructor(message = 'The security token included in the request is expired') {
    super('ExpiredTokenException', 403, message);
  }
}

export class AccessDeniedError extends AwsError {
  constructor(message = '') {
    super('AccessDeniedException', 403, message, { messageKey: 'Message' });
  }
}

export class UnknownOperationError extends AwsError {
  constructor() {
    super('UnknownOperationException', 404, 'Unknown operation');
  }
}

export class InternalServiceError extends AwsError {
  constructor(cause?: unknown) {
    super('ServiceException', 500, 'An internal error occurred. Please retry.', {
      messageKey: 'Message',
      cause,
    });
  }
}
