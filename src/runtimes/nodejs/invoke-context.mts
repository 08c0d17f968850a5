/**
 * The `context` a handler receives, built from the /next headers and the function's environment,
 * with the RIC's property order (it shows in JSON.stringify(context)). Environment values are read
 * per invocation, as the RIC does; memoryLimitInMB is the variable's string.
 */
import { RuntimeClientError } from './runtime-errors.mjs';
export const HEADER = {
  requestId: 'lambda-runtime-aws-request-id',
  deadline: 'lambda-runtime-deadline-ms',
  functionArn: 'lambda-runtime-invoked-function-arn',
  traceId: 'lambda-runtime-trace-id',
  clientContext: 'lambda-runtime-client-context',
  cognitoIdentity: 'lambda-runtime-cognito-identity',
  tenantId: 'lambda-runtime-aws-tenant-id',
} as const;

type Headers = Readonly<Record<string, string>>;

export interface LambdaContext {
  readonly functionName: string | undefined;
  readonly functionVersion: string | undefined;
  readonly memoryLimitInMB: string | undefined;
  readonly logGroupName: string | undefined;
  readonly logStreamName: string | undefined;
  readonly invokedFunctionArn: string | undefined;
  readonly awsRequestId: string;
  readonly clientContext: unknown;
  readonly identity: unknown;
  readonly getRemainingTimeInMillis: () => number;
}

function parseJsonHeader(value: string | undefined, name: string): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch (err) {
    throw new RuntimeClientError(`Cannot parse ${name} as json: ${String(err)}`);
  }
}

/** Copies the trace header to _X_AMZN_TRACE_ID for the SDKs and X-Ray, or clears a stale one. */
export function forwardTraceId(headers: Headers): void {
  const traceId = headers[HEADER.traceId];
  if (traceId) process.env['_X_AMZN_TRACE_ID'] = traceId;
  else delete process.env['_X_AMZN_TRACE_ID'];
}

interface EnvironmentData {
  readonly functionVersion: string | undefined;
  readonly functionName: string | undefined;
  readonly memoryLimitInMB: string | undefined;
  readonly logGroupName: string | undefined;
  readonly logStreamName: string | undefined;
}

function environmentData(): EnvironmentData {
  const env = process.env;
  return {
    functionVersion: env['AWS_LAMBDA_FUNCTION_VERSION'],
    functionName: env['AWS_LAMBDA_FUNCTION_NAME'],
    memoryLimitInMB: env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'],
    logGroupName: env['AWS_LAMBDA_LOG_GROUP_NAME'],
    logStreamName: env['AWS_LAMBDA_LOG_STREAM_NAME'],
  };
}

function deadlineOf(headers: Headers): number {
  return Number(headers[HEADER.deadline]);
}

/**
 * nodejs20.x/22.x: the callback methods (`base`) first, then environment, then header data.
 * `base` is extended in place: its accessors (callbackWaitsForEmptyEventLoop) must stay live.
 */
export function buildContext<T extends object>(headers: Headers, requestId: string, base: T): T & LambdaContext {
  forwardTraceId(headers);
  const deadline = deadlineOf(headers);
  return Object.assign(base, environmentData(), {
    clientContext: parseJsonHeader(headers[HEADER.clientContext], 'ClientContext'),
    identity: parseJsonHeader(headers[HEADER.cognitoIdentity], 'CognitoIdentity'),
    invokedFunctionArn: headers[HEADER.functionArn],
    awsRequestId: requestId,
    tenantId: headers[HEADER.tenantId],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}

/** nodejs24.x (RIC 4): no callback methods; header data first, then environment. */
export function buildAsyncContext(headers: Headers, requestId: string): LambdaContext {
  forwardTraceId(headers);
  const deadline = deadlineOf(headers);
  const headerData = {
    clientContext: parseJsonHeader(headers[HEADER.clientContext], 'ClientContext'),
    identity: parseJsonHeader(headers[HEADER.cognitoIdentity], 'CognitoIdentity'),
    invokedFunctionArn: headers[HEADER.functionArn],
    awsRequestId: requestId,
    tenantId: headers[HEADER.tenantId],
    xRayTraceId: headers[HEADER.traceId],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  const env = environmentData();
  return Object.assign(headerData, {
    functionName: env.functionName,
    functionVersion: env.functionVersion,
    memoryLimitInMB: env.memoryLimitInMB,
    logGroupName: env.logGroupName,
    logStreamName: env.logStreamName,
  });
}
