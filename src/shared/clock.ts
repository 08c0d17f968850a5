/** Time and identifiers come through here so services stay deterministic under test. */
import { randomUUID } from 'node:crypto';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function newRevisionId(): string {
  return randomUUID();
}
