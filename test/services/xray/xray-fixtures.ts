/** Segment documents for the X-Ray tests: ids from a counter, times from the caller. */
import { formatTraceId } from '../../../src/services/xray/trace-id.js';

let n = 0;

export function hex(chars: number): string {
  n++;
  return n.toString(16).padStart(chars, '0').slice(-chars);
}

export function newTraceId(epochSeconds = Date.now() / 1000): string {
  return formatTraceId(epochSeconds, hex(24));
}

export function segment(traceId: string, fields: Record<string, unknown> = {}): Record<string, unknown> & { id: string } {
  const start = Date.now() / 1000 - 1;
  return { id: hex(16), trace_id: traceId, name: 'web', start_time: start, end_time: start + 0.5, ...fields } as Record<string, unknown> & { id: string };
}
