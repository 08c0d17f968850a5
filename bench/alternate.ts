/**
 * Two servers driven side by side by the same closed-loop clients, call by call, so machine noise falls
 * on both alike: call k of client c goes to side (c + k) mod 2.
 */
import { performance } from 'node:perf_hooks';
import { summarize } from './measure.js';
import type { Measurement } from './measure.js';

export async function alternate<S>(
  sides: readonly [S, S],
  clients: number,
  seconds: number,
  op: (s: S, client: number, i: number) => Promise<void>,
): Promise<[Measurement, Measurement]> {
  const lat: [number[], number[]] = [[], []];
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let k = 0; performance.now() < deadline; k++) {
        const which = (c + k) % 2;
        const t = performance.now();
        await op(sides[which] as S, c, next++);
        (which === 0 ? lat[0] : lat[1]).push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return [summarize(clients, elapsed, lat[0]), summarize(clients, elapsed, lat[1])];
}
