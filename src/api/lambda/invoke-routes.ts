/**
 * Invoke (data plane): POST /2015-03-31/functions/{F}/invocations
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
 */
import type { LambdaRoute } from './lambda-route.js';
import { onFunction } from './iam-targets.js';
import { queryParam } from './query-params.js';
import { FUNCTION_NAME_SHAPE, functionArn, resolveFunctionRef } from '../../control/validation/function-ref.js';
import {
  InvalidParameterValueError,
  InvalidRequestContentError,
  RequestEntityTooLargeError,
  validationError,
} from '../../shared/errors/lambda-errors.js';
import { ServiceError } from '../../shared/errors/aws-error.js';
import type { InvocationType } from '../../invoke/invoke-types.js';

/** Synchronous request payloads: 6 MB (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html). */
export const INVOKE_MAX_BYTES = 6_291_456;
const CLIENT_CONTEXT_MAX = 3583;
const EMPTY_EVENT = Buffer.from('{}');

/** X-Ray's header is at most a few hundred bytes; a longer one is not a trace header and starts a fresh trace. */
function traceHeaderOf(value: string | undefined): { traceHeader?: string } {
  return value === undefined || value.length > 1024 ? {} : { traceHeader: value };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function invocationType(value: string | undefined): InvocationType {
  const type = value ?? 'RequestResponse';
  if (type === 'RequestResponse' || type === 'DryRun' || type === 'Event') return type;
  throw validationError(type, 'invocationType', 'Member must satisfy enum value set: [Event, RequestResponse, DryRun]');
}

function clientContext(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > CLIENT_CONTEXT_MAX) {
    throw new InvalidParameterValueError(`Client context must be smaller than ${CLIENT_CONTEXT_MAX} bytes.`);
  }
  const text = Buffer.from(value, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidParameterValueError('Client context must be a valid Base64-encoded JSON object.');
  }
  return text;
}

/**
 * Event payloads: 1 MB since late 2025, 256 KB before
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html;
 * https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb).
 */
export const EVENT_MAX_BYTES = 1_048_576;

/** AWS's 413 for an Event payload over its limit (its own wording, unlike the 6 MB request limit's). */
export function checkEventPayloadSize(size: number, limit: number): void {
  if (size > limit) {
    throw new RequestEntityTooLargeError(`${size} byte payload is too large for the Event invocation type (limit ${limit} bytes)`);
  }
}

export function checkPayload(body: Buffer): void {
  if (body.length === 0) return;
  try {
    JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new InvalidRequestContentError(
      `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`,
    );
  }
}

export const INVOKE_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'POST',
    path: '/2015-03-31/functions/:FunctionName/invocations',
    name: 'Invoke',
    iam: onFunction('lambda:InvokeFunction', { qualifier: 'query' }),
    limitName: 'InvokeFunction',
    maxBodyBytes: INVOKE_MAX_BYTES,
    async handle({ req, params, ctx, invoke }) {
      const ref = resolveFunctionRef(params['FunctionName'] ?? '', queryParam(req.query, 'Qualifier'), ctx, FUNCTION_NAME_SHAPE.Invoke);
      const type = invocationType(header(req.headers['x-amz-invocation-type']));
      const logType = header(req.headers['x-amz-log-type']) ?? 'None';
      if (logType !== 'None' && logType !== 'Tail') {
        throw validationError(logType, 'logType', 'Member must satisfy enum value set: [None, Tail]');
      }
      const context = clientContext(header(req.headers['x-amz-client-context']));
      if (type === 'Event') checkEventPayloadSize(req.body.length, EVENT_MAX_BYTES);
      checkPayload(req.body);
      // Bad input is the client's error whether or not this server runs functions, as AWS validates first.
      if (invoke === undefined) throw new ServiceError('This lambdabox server does not run functions.');
      const result = await invoke.invoke(ctx, ref, {
        requestId: req.requestId,
        invocationType: type,
        // Lambda hands an empty payload to the function as `{}` (runtimes JSON.parse the event).
        payload: req.body.length === 0 ? EMPTY_EVENT : req.body,
        tailLogs: logType === 'Tail',
        ...(context === undefined ? {} : { clientContext: context }),
        invokedFunctionArn: functionArn(ctx, ref.name, ref.qualifier),
        ...traceHeaderOf(header(req.headers['x-amzn-trace-id'])),
      });
      const headers: Record<string, string> = {};
      if (result.executedVersion !== undefined) headers['X-Amz-Executed-Version'] = result.executedVersion;
      if (result.functionError !== undefined) headers['X-Amz-Function-Error'] = result.functionError;
      if (result.logResult !== undefined) headers['X-Amz-Log-Result'] = result.logResult;
      if (result.contentType !== undefined) headers['Content-Type'] = result.contentType;
      return { status: result.status, headers, ...(result.body === undefined ? {} : { body: result.body }) };
    },
  },
];
