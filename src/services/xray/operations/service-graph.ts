/**
 * A compact service graph built as X-Ray builds one (https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-servicegraph):
 * a node per service that sent segments (name and origin) and one per downstream call a subsegment records with
 * namespace `aws` or `remote` that sent no segment of its own (inferred); an edge from a segment's service to the
 * service of each segment whose parent is it or one of its subsegments, and to each inferred service it called.
 * Each node and edge counts its requests by outcome (ok, error, throttle, fault) and their total response time.
 * Histograms and aliases are not computed (empty lists).
 */
import type { LoadedSegment, LoadedTrace, SegmentDoc } from './loaded-trace.js';
import { round3, subsegmentsOf } from './loaded-trace.js';
import type { ServiceKey } from './service-ids.js';
import { inferredService, serviceKeyOf } from './service-ids.js';

interface Stats {
  ok: number;
  throttle: number;
  error: number;
  fault: number;
  total: number;
  responseTime: number;
  start: number;
  end: number;
}

interface GraphNode {
  readonly ref: number;
  readonly key: ServiceKey;
  root: boolean;
  readonly stats: Stats;
  readonly edges: Map<string, Stats>;
}

const fresh = (): Stats => ({ ok: 0, throttle: 0, error: 0, fault: 0, total: 0, responseTime: 0, start: Infinity, end: -Infinity });

function count(stats: Stats, doc: SegmentDoc, start: number, end: number | undefined): void {
  stats.total++;
  if (doc['fault'] === true) stats.fault++;
  else if (doc['throttle'] === true) stats.throttle++;
  else if (doc['error'] === true) stats.error++;
  else stats.ok++;
  stats.start = Math.min(stats.start, start);
  stats.end = Math.max(stats.end, end ?? start);
  if (end !== undefined) stats.responseTime += end - start;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export class ServiceGraph {
  readonly #nodes = new Map<string, GraphNode>();

  #node(key: ServiceKey): GraphNode {
    const k = serviceKeyOf(key.name, key.type);
    let n = this.#nodes.get(k);
    if (n === undefined) {
      n = { ref: this.#nodes.size, key, root: false, stats: fresh(), edges: new Map() };
      this.#nodes.set(k, n);
    }
    return n;
  }

  #edge(from: GraphNode, to: GraphNode, doc: SegmentDoc, start: number, end: number | undefined): void {
    const k = serviceKeyOf(to.key.name, to.key.type);
    const stats = from.edges.get(k) ?? fresh();
    count(stats, doc, start, end);
    from.edges.set(k, stats);
  }

  add(trace: LoadedTrace): void {
    const segments = trace.segments.filter((s) => s.doc['type'] !== 'subsegment');
    // Which segment owns each id (its own and its subsegments'), so a child segment finds its caller.
    const owner = new Map<string, LoadedSegment>();
    for (const s of trace.segments) {
      owner.set(s.record.segmentId, s);
      for (const sub of subsegmentsOf(s.doc)) if (typeof sub['id'] === 'string') owner.set(sub['id'], s);
    }
    const called = new Set(trace.segments.flatMap((s) => (s.record.parentId === undefined ? [] : [s.record.parentId])));
    for (const s of segments) {
      const node = this.#node({ name: s.record.name, ...(s.record.origin === undefined ? {} : { type: s.record.origin }) });
      count(node.stats, s.doc, s.record.startTime, s.record.endTime);
      const parent = s.record.parentId === undefined ? undefined : owner.get(s.record.parentId);
      if (s.record.parentId === undefined) node.root = true;
      if (parent !== undefined) {
        const callerSegment = parent.doc['type'] === 'subsegment' ? owner.get(parent.record.parentId ?? '') ?? parent : parent;
        const caller = this.#node({ name: callerSegment.record.name, ...(callerSegment.record.origin === undefined ? {} : { type: callerSegment.record.origin }) });
        if (caller !== node) this.#edge(caller, node, s.doc, s.record.startTime, s.record.endTime);
      }
    }
    for (const s of trace.segments) {
      const host = s.doc['type'] === 'subsegment' ? owner.get(s.record.parentId ?? '') : s;
      if (host === undefined || host.doc['type'] === 'subsegment') continue;
      const from = this.#node({ name: host.record.name, ...(host.record.origin === undefined ? {} : { type: host.record.origin }) });
      for (const sub of [...(s.doc['type'] === 'subsegment' ? [s.doc] : []), ...subsegmentsOf(s.doc)]) {
        const inferred = inferredService(sub);
        const id = sub['id'];
        if (inferred === undefined || (typeof id === 'string' && called.has(id))) continue;
        const start = num(sub['start_time']);
        if (start === undefined) continue;
        const end = num(sub['end_time']);
        const to = this.#node(inferred);
        count(to.stats, sub, start, end);
        this.#edge(from, to, sub, start, end);
      }
    }
  }

  /** The Services list of GetServiceGraph / GetTraceGraph. */
  services(): Record<string, unknown>[] {
    return [...this.#nodes.values()].map((n) => ({
      ReferenceId: n.ref,
      Name: n.key.name,
      Names: [n.key.name],
      Root: n.root,
      ...(n.key.type === undefined ? {} : { Type: n.key.type }),
      State: 'active',
      ...times(n.stats),
      Edges: [...n.edges].map(([k, stats]) => ({
        ReferenceId: this.#nodes.get(k)?.ref,
        ...times(stats),
        SummaryStatistics: statistics(stats),
        ResponseTimeHistogram: [],
        Aliases: [],
      })),
      SummaryStatistics: statistics(n.stats),
      DurationHistogram: [],
      ResponseTimeHistogram: [],
    }));
  }
}

function times(s: Stats): Record<string, unknown> {
  return Number.isFinite(s.start) ? { StartTime: s.start, EndTime: s.end } : {};
}

function statistics(s: Stats): Record<string, unknown> {
  return {
    OkCount: s.ok,
    ErrorStatistics: { ThrottleCount: s.throttle, OtherCount: s.error, TotalCount: s.throttle + s.error },
    FaultStatistics: { OtherCount: s.fault, TotalCount: s.fault },
    TotalCount: s.total,
    TotalResponseTime: round3(s.responseTime),
  };
}
