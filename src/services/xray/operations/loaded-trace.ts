/** A trace as the read operations see it: its stored segments with their documents opened and parsed. */
import type { KeyService } from '../../../shared/crypto/key-service.js';
import type { SegmentRecord } from '../store/xray-records.js';
import { openSegment } from '../segment-seal.js';

export type SegmentDoc = Readonly<Record<string, unknown>>;

export interface LoadedSegment {
  readonly record: SegmentRecord;
  readonly document: string;
  readonly doc: SegmentDoc;
}

export interface LoadedTrace {
  readonly id: string;
  readonly segments: readonly LoadedSegment[];
}

/** Groups `records` (of one account) by trace, in the order of `traceIds`; traces without segments are left out. */
export function loadTraces(keys: KeyService, traceIds: readonly string[], records: readonly SegmentRecord[]): LoadedTrace[] {
  const byTrace = new Map<string, LoadedSegment[]>();
  for (const r of records) {
    const document = openSegment(keys, r.accountId, r.traceId, r.segmentId, r.sealed);
    const list = byTrace.get(r.traceId) ?? [];
    list.push({ record: r, document, doc: JSON.parse(document) as SegmentDoc });
    byTrace.set(r.traceId, list);
  }
  return traceIds.flatMap((id) => {
    const segments = byTrace.get(id);
    return segments === undefined ? [] : [{ id, segments }];
  });
}

export function objectAt(doc: SegmentDoc | undefined, key: string): SegmentDoc | undefined {
  const v = doc?.[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as SegmentDoc) : undefined;
}

/** The document's subsegments, recursively (not the document itself). */
export function subsegmentsOf(doc: SegmentDoc): SegmentDoc[] {
  const out: SegmentDoc[] = [];
  const visit = (d: SegmentDoc, depth: number): void => {
    // Nesting is bounded by the 64 KB document, but a hostile one should not cost a deep stack either.
    if (depth > 64) return;
    const subs = d['subsegments'];
    if (!Array.isArray(subs)) return;
    for (const s of subs) {
      if (typeof s !== 'object' || s === null || Array.isArray(s)) continue;
      out.push(s as SegmentDoc);
      visit(s as SegmentDoc, depth + 1);
    }
  };
  visit(doc, 0);
  return out;
}

/** The trace's entry segment: the earliest one with no parent, else the earliest. */
export function rootSegment(trace: LoadedTrace): LoadedSegment | undefined {
  return trace.segments.find((s) => s.record.parentId === undefined) ?? trace.segments[0];
}

/** Earliest start to latest end, over ended segments and the starts of all (AWS: Duration). */
export function traceDuration(trace: LoadedTrace): number | undefined {
  const starts = trace.segments.map((s) => s.record.startTime);
  const ends = trace.segments.flatMap((s) => (s.record.endTime === undefined ? [] : [s.record.endTime]));
  if (starts.length === 0 || ends.length === 0) return undefined;
  return round3(Math.max(...ends) - Math.min(...starts));
}

export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
