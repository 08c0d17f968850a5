/**
 * Records of the durable asynchronous-invocation queue (src/invoke/async). An event stays in the
 * queue until its outcome — success, destination delivery, dead-letter queue — is committed.
 */

/** `invoke`: the function still has to run; `deliver`: it ran (or gave up), destinations are pending. */
export type AsyncEventPhase = 'invoke' | 'deliver';

export interface AsyncEventRecord {
  /** The request id the 202 carried; every delivery attempt runs with this same id. */
  readonly requestId: string;
  readonly accountId: string;
  readonly functionName: string;
  /** The qualifier as invoked (alias, version, `$LATEST`); null when unqualified. Resolved per attempt. */
  readonly qualifier: string | null;
  /** The event, sealed with context `async-event:<account>:<request id>`. */
  readonly payloadSealed: Buffer;
  /** Epoch ms when the 202 was committed. */
  readonly enqueuedAt: number;
  /** How many times the function has run for this event (approximateInvokeCount). */
  readonly attempts: number;
  /** Throttle and platform-error re-queues so far (the backoff exponent). */
  readonly backoffs: number;
  /** Epoch ms from which a poller may take the event; a lease moves it into the future. */
  readonly visibleAt: number;
  /** Which server instance holds the lease; null when nobody does. */
  readonly leaseOwner: string | null;
  readonly phase: AsyncEventPhase;
  /** The latest outcome (JSON), sealed with context `async-outcome:<account>:<request id>`. */
  readonly outcomeSealed: Buffer | null;
  /** The X-Amzn-Trace-Id of the Event invoke; every attempt and destination carries it. */
  readonly traceHeader: string | null;
}

/** A leased event with the figure the poller needs to bound deliveries per function. */
export interface LeasedAsyncEvent extends AsyncEventRecord {
  /** The function's reserved concurrency; null when none (or the function is gone). */
  readonly reservedConcurrency: number | null;
}

export interface AsyncLeaseRequest {
  readonly owner: string;
  readonly now: number;
  /** The lease lasts until then (the event becomes visible again if never completed). */
  readonly leaseUntil: number;
  readonly limit: number;
  /** `<account>:<function>` keys not to lease now (their delivery lanes are full). */
  readonly excludeFunctions: readonly string[];
}

export interface AsyncEventUpdate {
  readonly attempts: number;
  readonly backoffs: number;
  readonly visibleAt: number;
  readonly phase: AsyncEventPhase;
  readonly outcomeSealed: Buffer | null;
}
