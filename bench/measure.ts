/** Drives an operation from N concurrent clients, for a number of operations or a duration, and times it. */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  readonly clients: number;
  readonly ops: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export type Stop = { readonly ops: number } | { readonly seconds: number };

/** `op(client, i)` runs operation number i on worker `client` (0 … clients-1). */
export async function measure(clients: number, stop: Stop, op: (client: number, i: number) => Promise<void>): Promise<Measurement> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const deadline = 'seconds' in stop ? start + stop.seconds * 1000 : Number.POSITIVE_INFINITY;
  const limit = 'ops' in stop ? stop.ops : Number.POSITIVE_INFINITY;
  const worker = async (client: number): Promise<void> => {
    while (next < limit && performance.now() < deadline) {
      const i = next++;
      const t = performance.now();
      await op(client, i);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => worker(c)));
  const seconds = (performance.now() - start) / 1000;
  return summarize(clients, seconds, latencies);
}

/** p50/p99 of latencies in ms (sorted in place) taken by `clients` clients over `seconds`. */
export function summarize(clients: number, seconds: number, latencies: number[]): Measurement {
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { clients, ops: latencies.length, seconds, opsPerSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}
