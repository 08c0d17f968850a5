/** GetServiceGraph: the graph of the caller's traces with a segment ending in the time range (event time). */
import type { XrayCall, XrayDeps } from './xray-deps.js';
import { authorizeXray } from './xray-deps.js';
import { XrayInvalidRequestError } from '../xray-errors.js';
import { loadTraces } from './loaded-trace.js';
import { ServiceGraph } from './service-graph.js';
import type { TimeRange } from './time-range.js';

/** Traces one graph is built from; a busier range yields the graph of its first ones, by trace id. */
const MAX_GRAPH_TRACES = 1000;

export interface ServiceGraphQuery {
  readonly range: TimeRange;
  readonly groupName?: string;
  readonly groupArn?: string;
}

export async function getServiceGraph(deps: XrayDeps, call: XrayCall, q: ServiceGraphQuery): Promise<Record<string, unknown>> {
  // Only the Default group exists here (groups are not implemented); any other names a group that is not.
  if ((q.groupName !== undefined && q.groupName !== 'Default') || q.groupArn !== undefined) throw new XrayInvalidRequestError('Group not found');
  await authorizeXray(deps, call, 'GetServiceGraph');
  const accountId = call.caller.accountId;
  const { ids, records } = await deps.store.transact(async (tx) => {
    const found = await tx.traceIdsBetween({ accountId, by: 'Event', start: q.range.start, end: q.range.end, limit: MAX_GRAPH_TRACES });
    return { ids: found, records: await tx.traceSegments(accountId, found) };
  });
  const graph = new ServiceGraph();
  for (const t of loadTraces(deps.keys, ids, records)) graph.add(t);
  return { StartTime: q.range.start, EndTime: q.range.end, Services: graph.services(), ContainsOldGroupVersions: false };
}
