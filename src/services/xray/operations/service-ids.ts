/**
 * The services a trace touches, as X-Ray names them: one per segment (its `name`, type its `origin`), and one
 * inferred per downstream call a subsegment records with `namespace` `aws` (type `AWS::<name>`) or `remote`
 * (type `remote`), unless the callee sent its own segment, which then stands for it.
 */
import type { LoadedTrace, SegmentDoc } from './loaded-trace.js';
import { subsegmentsOf } from './loaded-trace.js';

export interface ServiceKey {
  readonly name: string;
  readonly type?: string;
  readonly accountId?: string;
}

export function serviceKeyOf(name: string, type: string | undefined): string {
  return `${type ?? ''}\u0000${name}`;
}

/** A downstream call a subsegment records, or undefined when it is local work. */
export function inferredService(sub: SegmentDoc): ServiceKey | undefined {
  const ns = sub['namespace'];
  const name = sub['name'];
  if (typeof name !== 'string') return undefined;
  if (ns === 'aws') return { name, type: `AWS::${name}` };
  if (ns === 'remote') return { name, type: 'remote' };
  return undefined;
}

export function traceServices(trace: LoadedTrace): ServiceKey[] {
  const seen = new Map<string, ServiceKey>();
  const add = (k: ServiceKey): void => void (seen.has(serviceKeyOf(k.name, k.type)) || seen.set(serviceKeyOf(k.name, k.type), k));
  const parents = new Set(trace.segments.flatMap((s) => (s.record.parentId === undefined ? [] : [s.record.parentId])));
  for (const s of trace.segments) {
    if (s.doc['type'] !== 'subsegment') add({ name: s.record.name, ...(s.record.origin === undefined ? {} : { type: s.record.origin }), ...accountOf(s.doc) });
    for (const sub of [...(s.doc['type'] === 'subsegment' ? [s.doc] : []), ...subsegmentsOf(s.doc)]) {
      const inferred = inferredService(sub);
      const id = sub['id'];
      if (inferred !== undefined && !(typeof id === 'string' && parents.has(id))) add(inferred);
    }
  }
  return [...seen.values()];
}

function accountOf(doc: SegmentDoc): { accountId?: string } {
  const aws = doc['aws'];
  const id = typeof aws === 'object' && aws !== null ? (aws as SegmentDoc)['account_id'] : undefined;
  return typeof id === 'string' ? { accountId: id } : {};
}

export function serviceIdShape(k: ServiceKey): Record<string, unknown> {
  return { Name: k.name, Names: [k.name], ...(k.accountId === undefined ? {} : { AccountId: k.accountId }), ...(k.type === undefined ? {} : { Type: k.type }) };
}
