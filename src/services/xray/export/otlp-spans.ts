/**
 * X-Ray segment documents as OTLP/JSON spans (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding):
 * the trace id without its `1-` and dashes (32 hex), the segment id as span id, `parent_id` as parent span id,
 * times in Unix nanoseconds (strings, as OTLP/JSON spells 64-bit integers), every subsegment its own span
 * under its parent. Faults are status ERROR; annotations, the HTTP status and the origin become attributes.
 */
type Doc = Readonly<Record<string, unknown>>;

export interface OtlpAttribute {
  readonly key: string;
  readonly value: Readonly<Record<string, unknown>>;
}

export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly OtlpAttribute[];
  readonly status: { readonly code: number };
}

const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

function nanos(seconds: number): string {
  return (BigInt(Math.round(seconds * 1e6)) * 1000n).toString();
}

function attribute(key: string, v: unknown): OtlpAttribute | undefined {
  if (typeof v === 'string') return { key, value: { stringValue: v } };
  if (typeof v === 'boolean') return { key, value: { boolValue: v } };
  if (typeof v === 'number' && Number.isInteger(v)) return { key, value: { intValue: String(v) } };
  if (typeof v === 'number' && Number.isFinite(v)) return { key, value: { doubleValue: v } };
  return undefined;
}

const obj = (v: unknown): Doc | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Doc) : undefined);

function spanOf(d: Doc, traceId: string, parent: string | undefined, root: boolean, fallbackEnd: number): OtlpSpan | undefined {
  const id = d['id'];
  const start = d['start_time'];
  if (typeof id !== 'string' || typeof start !== 'number' || typeof d['name'] !== 'string') return undefined;
  const end = typeof d['end_time'] === 'number' ? d['end_time'] : fallbackEnd;
  const status = obj(obj(d['http'])?.['response'])?.['status'];
  const attributes = [
    attribute('aws.xray.origin', d['origin']),
    attribute('aws.xray.namespace', d['namespace']),
    attribute('http.response.status_code', status),
    attribute('aws.xray.error', d['error'] === true ? true : undefined),
    attribute('aws.xray.throttle', d['throttle'] === true ? true : undefined),
    ...Object.entries(obj(d['annotations']) ?? {}).map(([k, v]) => attribute(`aws.xray.annotations.${k}`, v)),
  ].filter((a): a is OtlpAttribute => a !== undefined);
  const ns = d['namespace'];
  return {
    traceId,
    spanId: id,
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    name: d['name'],
    kind: root ? SPAN_KIND_SERVER : ns === 'aws' || ns === 'remote' ? SPAN_KIND_CLIENT : SPAN_KIND_INTERNAL,
    startTimeUnixNano: nanos(start),
    endTimeUnixNano: nanos(Math.max(start, end)),
    attributes,
    status: { code: d['fault'] === true ? STATUS_ERROR : STATUS_UNSET },
  };
}

/** The spans of one (valid) segment document; an in-progress one ends where it started. */
export function segmentSpans(document: string): OtlpSpan[] {
  const d = obj(JSON.parse(document) as unknown);
  const traceId = typeof d?.['trace_id'] === 'string' ? d['trace_id'].replace(/^1-/, '').replace('-', '') : '';
  if (d === undefined || !/^[0-9a-f]{32}$/.test(traceId)) return [];
  const spans: OtlpSpan[] = [];
  const visit = (doc: Doc, parent: string | undefined, root: boolean, depth: number): void => {
    const start = typeof doc['start_time'] === 'number' ? doc['start_time'] : 0;
    const span = spanOf(doc, traceId, parent, root, start);
    if (span === undefined) return;
    spans.push(span);
    const subs = doc['subsegments'];
    if (!Array.isArray(subs) || depth > 64) return;
    for (const s of subs) {
      const sub = obj(s);
      if (sub !== undefined) visit(sub, span.spanId, false, depth + 1);
    }
  };
  const parent = typeof d['parent_id'] === 'string' ? d['parent_id'] : undefined;
  visit(d, parent, d['type'] !== 'subsegment', 0);
  return spans;
}
