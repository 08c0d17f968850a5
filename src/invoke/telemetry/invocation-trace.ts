/**
 * X-Ray for one invocation: the header the function is handed (`Lambda-Runtime-Trace-Id`, which the
 * runtime copies to `_X_AMZN_TRACE_ID`) and, for `TracingConfig.Mode=Active`, Lambda's own segments once
 * it is done. PassThrough keeps the caller's decision (a fresh root with Sampled=0 when there is none)
 * and records nothing, as Lambda does. Active records every request that the caller did not decline
 * (Sampled=0): AWS samples one request a second and 5% of the rest by default; lambdabox keeps all,
 * since the operator owns the storage (a sampling rule is left for when X-Ray sampling rules exist).
 */
import { randomBytes } from 'node:crypto';
import { formatTraceHeader, newSegmentId, traceContext } from '../../services/xray/trace-header.js';
import { buildLambdaTrace, startLambdaTrace } from '../../services/xray/lambda-segments.js';
import type { InvocationOutcome, InvocationTimings, LambdaTraceStart, TracedFunction } from '../../services/xray/lambda-segments.js';

export interface TracePlan {
  /** The header the function runs with. */
  readonly functionHeader: string;
  /** Lambda's segments for the finished invocation (none unless Active and sampled). */
  documents(fn: TracedFunction, requestId: string, timings: InvocationTimings, outcome: InvocationOutcome): readonly string[];
}

/** The header an Event invoke is stored with: the caller's context, or a fresh root every attempt shares. */
export function eventTraceHeader(incoming: string | undefined, now: Date): string {
  return formatTraceHeader(traceContext(incoming, now, randomBytes));
}

export function planTrace(mode: 'Active' | 'PassThrough', incoming: string | undefined, now: Date): TracePlan {
  if (mode !== 'Active') {
    const ctx = traceContext(incoming, now, randomBytes);
    const header = formatTraceHeader({ ...ctx, parent: ctx.parent ?? newSegmentId(randomBytes), sampled: ctx.sampled ?? '0' });
    return { functionHeader: header, documents: () => [] };
  }
  const start: LambdaTraceStart = startLambdaTrace(incoming, now, randomBytes);
  return {
    functionHeader: start.functionHeader,
    documents: (fn, requestId, timings, outcome) =>
      start.sampled ? buildLambdaTrace({ header: incoming, fn, requestId, timings, outcome, now, random: randomBytes, start }).documents : [],
  };
}
