/**
 * GetTraceSummaries: the caller's traces with a segment in the time range (by the trace id's time or by event
 * time), filtered by the expression (filter-expression.ts), optionally sampled. Pages scan at most
 * SCAN_PAGE traces; NextToken resumes after the last one scanned.
 */
import { createHash } from 'node:crypto';
import type { XrayCall, XrayDeps } from './xray-deps.js';
import { authorizeXray } from './xray-deps.js';
import { XrayInvalidRequestError } from '../xray-errors.js';
import type { TimeRangeKind } from '../store/xray-records.js';
import { loadTraces } from './loaded-trace.js';
import { parseFilterExpression } from './filter-expression.js';
import { traceFacts, traceSummaryShape } from './trace-summary.js';
import type { TimeRange } from './time-range.js';
import { isTraceId } from '../trace-id.js';

const SCAN_PAGE = 1000;

export interface TraceSummaryQuery {
  readonly range: TimeRange;
  readonly timeRangeType?: string;
  readonly sampling?: boolean;
  readonly samplingStrategy?: { readonly name?: string; readonly value?: number };
  readonly filterExpression?: string;
  readonly nextToken?: string;
}

function afterOf(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const id = Buffer.from(token, 'base64url').toString('utf8');
  if (!isTraceId(id) || Buffer.from(id, 'utf8').toString('base64url') !== token) throw new XrayInvalidRequestError('Invalid NextToken.');
  return id;
}

function kindOf(value: string | undefined): TimeRangeKind {
  if (value === undefined || value === 'TraceId' || value === 'Event') return value ?? 'TraceId';
  throw new XrayInvalidRequestError(`Invalid TimeRangeType: ${value}. Valid values are TraceId and Event.`);
}

/** FixedRate sampling keeps the same traces every time: a trace is in when its id hashes below the rate. */
function sampler(q: TraceSummaryQuery): (traceId: string) => boolean {
  const s = q.samplingStrategy;
  if (s?.name !== undefined && s.name !== 'PartialScan' && s.name !== 'FixedRate') {
    throw new XrayInvalidRequestError(`Invalid SamplingStrategy Name: ${s.name}. Valid values are PartialScan and FixedRate.`);
  }
  if (s?.value !== undefined && (s.value < 0 || s.value > 1)) throw new XrayInvalidRequestError('SamplingStrategy Value must be between 0 and 1.');
  if (q.sampling !== true || s?.name !== 'FixedRate' || s.value === undefined) return () => true;
  const rate = s.value;
  return (id) => createHash('sha256').update(id).digest().readUInt32BE(0) / 0x1_0000_0000 < rate;
}

export async function getTraceSummaries(deps: XrayDeps, call: XrayCall, q: TraceSummaryQuery): Promise<Record<string, unknown>> {
  const by = kindOf(q.timeRangeType);
  const filter = parseFilterExpression(q.filterExpression ?? '');
  const sampled = sampler(q);
  const after = afterOf(q.nextToken);
  await authorizeXray(deps, call, 'GetTraceSummaries');
  const accountId = call.caller.accountId;
  const { ids, records } = await deps.store.transact(async (tx) => {
    const found = await tx.traceIdsBetween({ accountId, by, start: q.range.start, end: q.range.end, ...(after === undefined ? {} : { after }), limit: SCAN_PAGE });
    return { ids: found, records: await tx.traceSegments(accountId, found) };
  });
  const summaries = loadTraces(deps.keys, ids, records)
    .filter((t) => sampled(t.id))
    .map(traceFacts)
    .filter(filter)
    .map(traceSummaryShape);
  const last = ids.at(-1);
  return {
    TraceSummaries: summaries,
    ApproximateTime: Math.floor(deps.clock.now().getTime() / 1000),
    TracesProcessedCount: ids.length,
    ...(ids.length === SCAN_PAGE && last !== undefined ? { NextToken: Buffer.from(last, 'utf8').toString('base64url') } : {}),
  };
}
