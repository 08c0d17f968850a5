/**
 * The accepting side of asynchronous invocation: checks the target like Invoke does, seals the
 * event and commits it to the durable queue through group commit. `enqueue` resolves only once the
 * event's transaction has committed, so a 202 always means "stored" (SECURITY.md, invariant 6).
 */
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { ValidationContext } from '../../control/validation/context.js';
import type { FunctionRef } from '../../control/validation/function-ref.js';
import { resolveVersion } from '../../control/functions/function-reader.js';
import { ResourceConflictError } from '../../shared/errors/lambda-errors.js';
import { ServiceError } from '../../shared/errors/aws-error.js';
import type { StoreTx } from '../../store/store.js';
import type { AsyncEventRecord } from '../../store/async-records.js';
import type { GroupCommit } from '../../store/group-commit.js';
import type { AsyncMetrics } from './async-metrics.js';
import { sealEventPayload } from './event-sealing.js';

export interface AsyncEventQueueOptions {
  readonly commits: GroupCommit;
  readonly keys: KeyService;
  readonly metrics: AsyncMetrics;
  readonly now?: () => number;
  /** Called after events committed (the poller wakes up); with the function when one event was enqueued. */
  readonly onEnqueued?: (fn?: { readonly accountId: string; readonly functionName: string }) => void;
}

export interface NewAsyncEvent {
  readonly requestId: string;
  readonly accountId: string;
  readonly functionName: string;
  readonly qualifier: string | null;
  readonly payload: Uint8Array;
  /** The resolved X-Amzn-Trace-Id the event carries to every attempt. */
  readonly traceHeader: string | null;
}

interface Waiting {
  readonly ctx: ValidationContext;
  readonly ref: FunctionRef;
  readonly record: AsyncEventRecord;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export class AsyncEventQueue {
  readonly #o: AsyncEventQueueOptions;
  readonly #now: () => number;
  /** Events waiting for the next group-commit transaction; it takes them all at once. */
  #waiting: Waiting[] = [];

  constructor(options: AsyncEventQueueOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** Stores an Event invoke after Invoke's checks (function, qualifier, state); resolves once committed. */
  async enqueue(ctx: ValidationContext, ref: FunctionRef, requestId: string, payload: Uint8Array, traceHeader?: string): Promise<void> {
    const record = this.newRecord({
      requestId,
      accountId: ctx.accountId,
      functionName: ref.name,
      qualifier: ref.qualifier ?? null,
      payload,
      traceHeader: traceHeader ?? null,
    });
    await new Promise<void>((resolve, reject) => {
      this.#waiting.push({ ctx, ref, record, resolve, reject });
      if (this.#waiting.length === 1) this.#submit();
    });
    this.#o.metrics.add('asyncEventsReceived', record);
    this.#o.onEnqueued?.({ accountId: ctx.accountId, functionName: ref.name });
  }

  /** A queue record for an event (sealed now, so transactions stay short). */
  newRecord(event: NewAsyncEvent): AsyncEventRecord {
    const now = this.#now();
    return {
      requestId: event.requestId,
      accountId: event.accountId,
      functionName: event.functionName,
      qualifier: event.qualifier,
      payloadSealed: sealEventPayload(this.#o.keys, event.accountId, event.requestId, event.payload),
      enqueuedAt: now,
      attempts: 0,
      backoffs: 0,
      visibleAt: now,
      leaseOwner: null,
      phase: 'invoke',
      outcomeSealed: null,
      traceHeader: event.traceHeader,
    };
  }

  /**
   * One group-commit operation for every event waiting when its transaction starts: each distinct
   * target is checked once, then the events are inserted one by one (a failed insert writes nothing,
   * so it fails only its own event). Each event settles after the transaction has committed.
   */
  #submit(): void {
    let batch: Waiting[] = [];
    let taken = false;
    this.#o.commits
      .run(async (tx) => {
        // Taken once: a retried transaction (a serialization conflict with another node) stores the same
        // events again, and events that came meanwhile have gone to a submission of their own.
        if (!taken) {
          batch = this.#waiting;
          this.#waiting = [];
          taken = true;
        }
        const checks = new Map<string, unknown>();
        const outcomes: unknown[] = [];
        for (const w of batch) {
          const key = `${w.ctx.region}\n${w.ctx.accountId}\n${w.ref.name}\n${w.ref.qualifier ?? ''}`;
          if (!checks.has(key)) {
            checks.set(
              key,
              await checkEventTarget(tx, w.ctx, w.ref).then(
                () => undefined,
                (err: unknown) => err ?? new Error('the event target check failed'),
              ),
            );
          }
          let outcome = checks.get(key);
          if (outcome === undefined) {
            try {
              await tx.insertAsyncEvents([w.record]);
            } catch (err) {
              outcome = err ?? new Error('storing the event failed');
            }
          }
          outcomes.push(outcome);
        }
        return outcomes;
      })
      .then(
        (outcomes) =>
          batch.forEach((w, i) => {
            const outcome = outcomes[i];
            if (outcome === undefined) w.resolve();
            else w.reject(outcome);
          }),
        (err: unknown) => {
          // A transaction that failed before it took the waiting events fails them all.
          for (const w of taken ? batch : this.#waiting.splice(0)) w.reject(err);
        },
      );
  }

  wake(): void {
    this.#o.onEnqueued?.();
  }
}

/** Invoke's checks for an Event: the function and qualifier exist and the version can run. */
async function checkEventTarget(tx: StoreTx, ctx: ValidationContext, ref: FunctionRef): Promise<void> {
  const { version } = await resolveVersion(tx, ctx, ref);
  const config = version.config;
  if (config.State === 'Pending') {
    throw new ResourceConflictError(
      'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    );
  }
  if (config.State === 'Failed') {
    throw new ServiceError(`The function ${config.FunctionArn} could not be prepared: ${config.StateReason ?? 'unknown reason'}`);
  }
}
