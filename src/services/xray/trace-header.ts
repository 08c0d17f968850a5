/**
 * The `X-Amzn-Trace-Id` header (https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader):
 * `Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=0|1|?`, plus `Lineage` and any other `key=value` fields,
 * which are kept in order and passed on as they came. Keys are matched case-insensitively, as the X-Ray SDKs
 * do. A header without a valid Root is no trace context at all: Lambda starts a fresh trace for it, so
 * `traceContext` answers a new root rather than an error. An invalid Parent or Sampled field is dropped.
 */
import { formatTraceId, hexOf, isTraceId, SEGMENT_ID } from './trace-id.js';

/** A random source: `n` random bytes (node:crypto randomBytes in production, a seeded one in tests). */
export type RandomBytes = (n: number) => Buffer;

export type SampledFlag = '0' | '1' | '?';

export interface TraceHeader {
  readonly root: string;
  readonly parent?: string;
  readonly sampled?: SampledFlag;
  readonly lineage?: string;
  /** Fields other than Root, Parent, Sampled and Lineage, in the order they came. */
  readonly extra: readonly (readonly [string, string])[];
}

/** Longer headers are not trace context (AWS caps the header; this bound keeps a hostile one cheap). */
const MAX_HEADER_CHARS = 2048;

/** The header's fields, or undefined when it has no valid Root (absent, malformed, or too long). */
export function parseTraceHeader(value: string | undefined): TraceHeader | undefined {
  if (value === undefined || value.length > MAX_HEADER_CHARS) return undefined;
  let root: string | undefined;
  let parent: string | undefined;
  let sampled: SampledFlag | undefined;
  let lineage: string | undefined;
  const extra: [string, string][] = [];
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    switch (key.toLowerCase()) {
      case 'root':
        root = v;
        break;
      case 'parent':
        parent = SEGMENT_ID.test(v) ? v : undefined;
        break;
      case 'sampled':
        sampled = v === '0' || v === '1' || v === '?' ? v : undefined;
        break;
      case 'lineage':
        lineage = v;
        break;
      default:
        extra.push([key, v]);
    }
  }
  if (root === undefined || !isTraceId(root)) return undefined;
  return {
    root,
    ...(parent === undefined ? {} : { parent }),
    ...(sampled === undefined ? {} : { sampled }),
    ...(lineage === undefined ? {} : { lineage }),
    extra,
  };
}

export function formatTraceHeader(h: TraceHeader): string {
  const parts = [`Root=${h.root}`];
  if (h.parent !== undefined) parts.push(`Parent=${h.parent}`);
  if (h.sampled !== undefined) parts.push(`Sampled=${h.sampled}`);
  if (h.lineage !== undefined) parts.push(`Lineage=${h.lineage}`);
  for (const [k, v] of h.extra) parts.push(`${k}=${v}`);
  return parts.join(';');
}

export function newTraceRoot(now: Date, random: RandomBytes): string {
  return formatTraceId(now.getTime() / 1000, hexOf(random, 24));
}

export function newSegmentId(random: RandomBytes): string {
  return hexOf(random, 16);
}

/** The incoming header's context, or a fresh root (no parent, sampling undecided) when it has none. */
export function traceContext(value: string | undefined, now: Date, random: RandomBytes): TraceHeader {
  return parseTraceHeader(value) ?? { root: newTraceRoot(now, random), extra: [] };
}
