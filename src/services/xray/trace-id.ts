/**
 * X-Ray trace ids: `1-<8 hex: epoch seconds of the original request>-<24 hex random>`
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-traceids).
 */
const TRACE_ID = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/;
/** A 64-bit segment or subsegment id: 16 hex digits. */
export const SEGMENT_ID = /^[0-9a-f]{16}$/;

/** The epoch second a well-formed trace id carries; undefined when it is not one. */
export function traceIdTime(traceId: string): number | undefined {
  const m = TRACE_ID.exec(traceId);
  return m?.[1] === undefined ? undefined : Number.parseInt(m[1], 16);
}

export function isTraceId(value: string): boolean {
  return TRACE_ID.test(value);
}

export function formatTraceId(epochSeconds: number, random24: string): string {
  return `1-${Math.floor(epochSeconds).toString(16).padStart(8, '0')}-${random24}`;
}

/** Random hex of `chars` digits from `bytes` (an injected random source). */
export function hexOf(bytes: (n: number) => Buffer, chars: number): string {
  return bytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);
}
