/**
 * BatchGetTraces answers with segments, not fragments: a subsegment sent on its own (`type: "subsegment"`, as the
 * X-Ray SDK in Lambda sends them under the function segment) is placed in its parent's `subsegments`, whether
 * the parent is a segment or a subsegment of one, without its own `trace_id`, `parent_id` and `type`. One whose
 * parent is not (yet) stored stays a document of its own. Documents nothing was placed in keep their exact text.
 */
import type { LoadedTrace, SegmentDoc } from './loaded-trace.js';

export interface AssembledSegment {
  readonly id: string;
  readonly document: string;
}

type Mutable = Record<string, unknown>;

const isObject = (v: unknown): v is Mutable => typeof v === 'object' && v !== null && !Array.isArray(v);

export function assembleTrace(trace: LoadedTrace): AssembledSegment[] {
  const roots = trace.segments.filter((s) => s.doc['type'] !== 'subsegment').map((s) => ({ id: s.record.segmentId, text: s.document, doc: structuredClone(s.doc) as Mutable, touched: false }));
  const nodes = new Map<string, { node: Mutable; root: (typeof roots)[number] }>();
  const index = (node: Mutable, root: (typeof roots)[number], depth: number): void => {
    if (typeof node['id'] === 'string') nodes.set(node['id'], { node, root });
    const subs = node['subsegments'];
    if (!Array.isArray(subs) || depth > 64) return;
    for (const s of subs) if (isObject(s)) index(s, root, depth + 1);
  };
  for (const r of roots) index(r.doc, r, 0);
  let loose = trace.segments
    .filter((s) => s.doc['type'] === 'subsegment')
    .sort((a, b) => a.record.startTime - b.record.startTime)
    .map((s) => ({ id: s.record.segmentId, text: s.document, doc: s.doc, parent: s.record.parentId }));
  // A chain of separately sent subsegments attaches link by link: repeat while something found its parent.
  for (let placed = true; placed && loose.length > 0; ) {
    placed = false;
    const rest: typeof loose = [];
    for (const l of loose) {
      const at = l.parent === undefined ? undefined : nodes.get(l.parent);
      if (at === undefined) {
        rest.push(l);
        continue;
      }
      const { trace_id: _t, parent_id: _p, type: _y, ...fields } = structuredClone(l.doc as SegmentDoc) as Mutable;
      const list = Array.isArray(at.node['subsegments']) ? (at.node['subsegments'] as unknown[]) : [];
      if (!list.some((x) => isObject(x) && x['id'] === fields['id'])) list.push(fields);
      at.node['subsegments'] = list;
      at.root.touched = true;
      index(fields, at.root, 0);
      placed = true;
    }
    loose = rest;
  }
  return [
    ...roots.map((r) => ({ id: r.id, document: r.touched ? JSON.stringify(r.doc) : r.text })),
    ...loose.map((l) => ({ id: l.id, document: l.text })),
  ];
}
