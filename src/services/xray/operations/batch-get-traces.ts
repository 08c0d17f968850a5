/** BatchGetTraces and GetTraceGraph: up to 5 trace ids of the caller's account; ids with no stored segment are unprocessed. */
import type { XrayCall, XrayDeps } from './xray-deps.js';
import { authorizeXray } from './xray-deps.js';
import { XrayInvalidRequestError } from '../xray-errors.js';
import type { LoadedTrace } from './loaded-trace.js';
import { loadTraces, traceDuration } from './loaded-trace.js';
import { ServiceGraph } from './service-graph.js';
import { assembleTrace } from './assemble-trace.js';

/** AWS answers at most 5 trace ids per call. */
export const MAX_TRACE_IDS = 5;

function checkIds(traceIds: readonly string[]): void {
  if (traceIds.length > MAX_TRACE_IDS) throw new XrayInvalidRequestError(`Too many trace IDs: at most ${MAX_TRACE_IDS} are allowed per request.`);
  for (const id of traceIds) {
    if (id.length < 1 || id.length > 35) throw new XrayInvalidRequestError(`Invalid trace ID length: ${id.length}; trace IDs have 1 to 35 characters.`);
  }
}

async function load(deps: XrayDeps, call: XrayCall, traceIds: readonly string[]): Promise<LoadedTrace[]> {
  const unique = [...new Set(traceIds)];
  const records = await deps.store.transact((tx) => tx.traceSegments(call.caller.accountId, unique));
  return loadTraces(deps.keys, unique, records);
}

export async function batchGetTraces(deps: XrayDeps, call: XrayCall, traceIds: readonly string[]): Promise<Record<string, unknown>> {
  checkIds(traceIds);
  await authorizeXray(deps, call, 'BatchGetTraces');
  const traces = await load(deps, call, traceIds);
  const found = new Set(traces.map((t) => t.id));
  return {
    Traces: traces.map((t) => {
      const duration = traceDuration(t);
      return {
        Id: t.id,
        ...(duration === undefined ? {} : { Duration: duration }),
        LimitExceeded: false,
        Segments: assembleTrace(t).map((s) => ({ Id: s.id, Document: s.document })),
      };
    }),
    UnprocessedTraceIds: [...new Set(traceIds)].filter((id) => !found.has(id)),
  };
}

export async function getTraceGraph(deps: XrayDeps, call: XrayCall, traceIds: readonly string[]): Promise<Record<string, unknown>> {
  checkIds(traceIds);
  await authorizeXray(deps, call, 'GetTraceGraph');
  const graph = new ServiceGraph();
  for (const t of await load(deps, call, traceIds)) graph.add(t);
  return { Services: graph.services() };
}
