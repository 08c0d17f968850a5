/**
 * What the environment hands the Runtime API server, and what it gets back
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
 */

export interface InvocationRequest {
  /** A UUID; also the `x-amzn-RequestId` of the Invoke. */
  readonly requestId: string;
  /** The event bytes, delivered verbatim as the `/next` body. */
  readonly payload: Buffer;
  /** Epoch milliseconds: start + timeout. */
  readonly deadlineMs: number;
  /** The ARN as invoked: unqualified, `:$LATEST`, `:alias` or `:N`. */
  readonly invokedFunctionArn: string;
  /** `Root=1-…;Parent=…;Sampled=0`. */
  readonly traceId: string;
  /** The decoded client-context JSON text. */
  readonly clientContext?: string;
  /** `{"cognitoIdentityId":…,"cognitoIdentityPoolId":…}`. */
  readonly cognitoIdentity?: string;
}

export type InvocationOutcome =
  | { readonly kind: 'response'; readonly body: Buffer; readonly contentType: string | undefined }
  /** POST …/error: the body verbatim; errorType from Lambda-Runtime-Function-Error-Type, else the body's. */
  | { readonly kind: 'error'; readonly body: Buffer; readonly errorType: string | undefined }
  /** POST /runtime/init/error before or while this invocation was pending. */
  | { readonly kind: 'init-error'; readonly body: Buffer; readonly errorType: string | undefined }
  /** The runtime posted more than the limit; the caller maps this to Function.ResponseSizeTooLarge. */
  | { readonly kind: 'response-too-large' };

export type InitErrorOutcome = Extract<InvocationOutcome, { kind: 'init-error' }>;

/**
 * `init-failed`: the runtime posted /runtime/init/error; the environment is unusable and every
 * invoke() resolves with that init error until it is destroyed.
 */
export type RuntimeApiState = 'initializing' | 'idle' | 'invoking' | 'init-failed' | 'closed';
