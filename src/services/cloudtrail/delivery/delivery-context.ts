/** What log and digest delivery share: one TrailDelivery builds it and hands it to both. */
import type { Logger } from 'pino';
import type { Clock } from '../../../shared/clock.js';
import type { TrailEventSource } from '../trail-ports.js';
import type { AppendOnlyWriter } from './append-only-writer.js';
import type { SigningKeys } from './signing-keys.js';
import type { TrailDeliveryStore } from './store/delivery-tables.js';
import type { TrailDeliveryState } from './store/delivery-records.js';

export interface DeliveryContext {
  readonly store: TrailDeliveryStore;
  readonly writer: AppendOnlyWriter;
  readonly source: TrailEventSource;
  readonly signing: SigningKeys;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A trail seen for the first time: nothing read, nothing digested. */
export function initialState(trailArn: string, loggingSince: number): TrailDeliveryState {
  return { trailArn, lastSeq: 0, loggingSince, digestedLogId: 0 };
}

/** The state without its digest chain: the next digest is a start digest (null previous* fields). */
export function withoutChain(s: TrailDeliveryState): TrailDeliveryState {
  const { lastDigestKey, lastDigestBucket, lastDigestHash, lastDigestSignature, lastDigestEnd, ...rest } = s;
  void [lastDigestKey, lastDigestBucket, lastDigestHash, lastDigestSignature, lastDigestEnd];
  return rest;
}

/** A message fit for GetTrailStatus: the error's message, never its stack or data. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
