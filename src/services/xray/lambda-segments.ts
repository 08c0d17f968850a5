/**
 * What Lambda records for an invocation of a function with `TracingConfig.Mode=Active`
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html): the `AWS::Lambda` service segment (the
 * request as the Lambda service handled it, child of the caller's Parent) and the `AWS::Lambda::Function`
 * segment (child of the service segment) with subsegments `Initialization` (cold starts only), `Invocation`
 * and `Overhead`; and the header handed to the function (`_X_AMZN_TRACE_ID`): the same Root, Parent = the
 * function segment's id, Sampled=1, so the function's own SDK subsegments attach under it. A caller that
 * decided not to sample (`Sampled=0`) gets no segments and the function is told so. Pure: ids come from
 * `random`, times from the input.
 */
import type { RandomBytes, TraceHeader } from './trace-header.js';
import { formatTraceHeader, newSegmentId, traceContext } from './trace-header.js';

export interface TracedFunction {
  /** The ARN the invocation resolved to (qualified when a version or alias was invoked). */
  readonly arn: string;
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly version: string;
}

/** Epoch milliseconds. */
export interface InvocationTimings {
  /** Lambda received the request. */
  readonly requestStart: number;
  /** A cold start's init phase; absent for a warm environment. */
  readonly init?: { readonly start: number; readonly end: number };
  readonly invocationStart: number;
  readonly invocationEnd: number;
  /** The runtime was done after the response (its next `GET /next`, or the environment's end). @default invocationEnd */
  readonly overheadEnd?: number;
  /** Lambda answered the caller. @default overheadEnd */
  readonly requestEnd?: number;
}

export interface InvocationOutcome {
  /** A function error (the handler threw or returned an error): the function segment records an error. */
  readonly error?: boolean;
  /** The invocation failed on the platform's side (timeout, runtime exit): a fault on both segments. */
  readonly fault?: boolean;
  /** The function error's type and message, as the Invocation subsegment's cause. */
  readonly errorType?: string;
  readonly errorMessage?: string;
}

export interface LambdaTraceInput {
  /** The incoming `X-Amzn-Trace-Id`, if any. */
  readonly header: string | undefined;
  readonly fn: TracedFunction;
  readonly requestId: string;
  readonly timings: InvocationTimings;
  readonly outcome: InvocationOutcome;
  /** For a fresh root's time (the trace id carries the request's epoch second). */
  readonly now: Date;
  readonly random: RandomBytes;
}

export interface LambdaTrace {
  readonly traceId: string;
  readonly sampled: boolean;
  /** The header to give the function (`_X_AMZN_TRACE_ID` / the Runtime API's `Lambda-Runtime-Trace-Id`). */
  readonly functionHeader: string;
  /** The segment documents to put (empty when not sampled). */
  readonly documents: readonly string[];
  /** The function segment's id: the function's SDK subsegments name it as their parent. */
  readonly functionSegmentId?: string;
}

const seconds = (ms: number): number => ms / 1000;

function flags(o: InvocationOutcome, withError: boolean): Record<string, boolean> {
  return { ...(o.fault === true ? { fault: true } : {}), ...(withError && o.error === true && o.fault !== true ? { error: true } : {}) };
}

function cause(o: InvocationOutcome, random: RandomBytes): Record<string, unknown> {
  if (o.errorType === undefined && o.errorMessage === undefined) return {};
  return {
    cause: {
      working_directory: '/var/task',
      exceptions: [{ id: newSegmentId(random), ...(o.errorMessage === undefined ? {} : { message: o.errorMessage }), ...(o.errorType === undefined ? {} : { type: o.errorType }) }],
    },
  };
}

/**
 * What is known before the function runs: the trace context, the two segments' ids and the header the
 * function is handed (its SDK names the function segment as its subsegments' parent while it runs).
 */
export interface LambdaTraceStart {
  readonly context: TraceHeader;
  readonly sampled: boolean;
  readonly serviceId: string;
  readonly functionId: string;
  readonly functionHeader: string;
}

export function startLambdaTrace(header: string | undefined, now: Date, random: RandomBytes): LambdaTraceStart {
  const context = traceContext(header, now, random);
  const serviceId = newSegmentId(random);
  const functionId = newSegmentId(random);
  if (context.sampled === '0') {
    return { context, sampled: false, serviceId, functionId, functionHeader: formatTraceHeader({ ...context, sampled: '0' }) };
  }
  return { context, sampled: true, serviceId, functionId, functionHeader: formatTraceHeader({ ...context, parent: functionId, sampled: '1' }) };
}

export function buildLambdaTrace(input: LambdaTraceInput & { readonly start?: LambdaTraceStart }): LambdaTrace {
  const start = input.start ?? startLambdaTrace(input.header, input.now, input.random);
  const ctx: TraceHeader = start.context;
  if (!start.sampled) return { traceId: ctx.root, sampled: false, functionHeader: start.functionHeader, documents: [] };
  const { fn, timings: t, outcome } = input;
  const overheadEnd = t.overheadEnd ?? t.invocationEnd;
  const requestEnd = t.requestEnd ?? overheadEnd;
  const { serviceId, functionId } = start;
  const functionStart = t.init?.start ?? t.invocationStart;
  const sub = (name: string, start: number, end: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: newSegmentId(input.random),
    name,
    start_time: seconds(start),
    end_time: seconds(Math.max(start, end)),
    ...extra,
  });
  const subsegments = [
    ...(t.init === undefined ? [] : [sub('Initialization', t.init.start, t.init.end, { aws: { function_arn: fn.arn } })]),
    sub('Invocation', t.invocationStart, t.invocationEnd, { ...flags(outcome, true), ...cause(outcome, input.random) }),
    sub('Overhead', t.invocationEnd, overheadEnd, { aws: { function_arn: fn.arn } }),
  ];
  const service = {
    id: serviceId,
    trace_id: ctx.root,
    ...(ctx.parent === undefined ? {} : { parent_id: ctx.parent }),
    name: fn.name,
    origin: 'AWS::Lambda',
    start_time: seconds(t.requestStart),
    end_time: seconds(Math.max(t.requestStart, requestEnd)),
    http: { response: { status: 200 } },
    aws: { request_id: input.requestId },
    resource_arn: fn.arn,
    ...flags(outcome, false),
  };
  const functionSegment = {
    id: functionId,
    trace_id: ctx.root,
    parent_id: serviceId,
    name: fn.name,
    origin: 'AWS::Lambda::Function',
    start_time: seconds(functionStart),
    end_time: seconds(Math.max(functionStart, overheadEnd)),
    aws: { function_arn: fn.arn, resource_names: [fn.name], account_id: fn.accountId },
    resource_arn: fn.arn,
    ...flags(outcome, true),
    subsegments,
  };
  return {
    traceId: ctx.root,
    sampled: true,
    functionHeader: start.functionHeader,
    documents: [JSON.stringify(service), JSON.stringify(functionSegment)],
    functionSegmentId: functionId,
  };
}
