/**
 * One delivery attempt of a leased event, and what follows it, committed through group commit:
 * success → OnSuccess; function error (timeouts, crashes, OOM included) → retry after Lambda's
 * spacing until MaximumRetryAttempts, then OnFailure + DLQ ("RetriesExhausted"); throttle or platform
 * error → re-queued with backoff, without counting an attempt, until MaximumEventAgeInSeconds
 * ("EventAgeExceeded"). With reserved concurrency 0 an event fails at once, as Lambda does since
 * August 2021. The event leaves the queue only in the transaction that commits its outcome.
 */
import type { Logger } from 'pino';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { StoreTx } from '../../store/store.js';
import type { AsyncEventRecord, LeasedAsyncEvent } from '../../store/async-records.js';
import type { EventInvokeConfigRecord } from '../../store/records.js';
import { functionArn } from '../../control/validation/function-ref.js';
import { LATEST } from '../../control/functions/function-reader.js';
import { primaryVersion, resolveQualifier } from '../../control/functions/qualifier-resolver.js';
import { isAwsError } from '../../shared/errors/aws-error.js';
import type { InvokeService } from '../invoke-service.js';
import type { GroupCommit } from '../../store/group-commit.js';
import type { AsyncTiming } from './async-timing.js';
import { DEFAULT_MAXIMUM_RETRY_ATTEMPTS } from './async-timing.js';
import type { AsyncCounter, AsyncMetrics } from './async-metrics.js';
import type { AttemptOutcome, AsyncCondition } from './attempt-outcome.js';
import { fromInvokeError, fromInvokeResult } from './attempt-outcome.js';
import type { DestinationDelivery, PendingDelivery } from './destination-delivery.js';
import { openEventPayload, openOutcome, sealOutcome } from './event-sealing.js';

export interface EventProcessorOptions {
  readonly region: string;
  readonly keys: KeyService;
  readonly invoke: InvokeService;
  readonly commits: GroupCommit;
  readonly timing: AsyncTiming;
  readonly metrics: AsyncMetrics;
  readonly destinations: DestinationDelivery;
  readonly logger: Logger;
  readonly now?: () => number;
}

export class EventProcessor {
  readonly #o: EventProcessorOptions;
  readonly #now: () => number;

  constructor(options: EventProcessorOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  async process(event: LeasedAsyncEvent, config: EventInvokeConfigRecord | undefined): Promise<void> {
    const o = this.#o;
    const payload = openEventPayload(o.keys, event.accountId, event.requestId, event.payloadSealed);
    if (event.phase === 'deliver' && event.outcomeSealed !== null) {
      const pending = JSON.parse(openOutcome(o.keys, event.accountId, event.requestId, event.outcomeSealed)) as PendingDelivery;
      return this.#finish(event, payload, pending);
    }
    const last = this.#lastAttempt(event);
    if (this.#now() - event.enqueuedAt >= o.timing.maxAgeMs(config?.maximumEventAgeInSeconds ?? null)) {
      return this.#decide(event, payload, { kind: 'expired', last });
    }
    const ctx = { region: o.region, accountId: event.accountId };
    const ref = event.qualifier === null ? { name: event.functionName } : { name: event.functionName, qualifier: event.qualifier };
    let attempt: AttemptOutcome;
    try {
      o.metrics.add('deliveries', event);
      const result = await o.invoke.deliver(ctx, ref, {
        requestId: event.requestId,
        payload,
        invokedFunctionArn: functionArn(ctx, event.functionName, event.qualifier ?? undefined),
        ...(event.traceHeader === null ? {} : { traceHeader: event.traceHeader }),
      });
      attempt = fromInvokeResult(result);
    } catch (err) {
      if (isAwsError(err) && err.code === 'ResourceNotFoundException') {
        // The function (or its alias/version) was deleted: Lambda drops its queued events.
        o.metrics.add('asyncEventsDropped', event);
        o.logger.warn({ requestId: event.requestId, function: event.functionName, reason: err.message }, 'async event dropped');
        await o.commits.run((tx) => tx.deleteAsyncEvent(event.requestId));
        return;
      }
      attempt = fromInvokeError(err);
      if (attempt.kind === 'platform') o.logger.warn({ err, requestId: event.requestId }, 'async delivery hit a platform error; backing off');
    }
    return this.#decide(event, payload, { kind: 'attempt', attempt });
  }

  #lastAttempt(event: AsyncEventRecord): AttemptOutcome | undefined {
    if (event.outcomeSealed === null) return undefined;
    return JSON.parse(openOutcome(this.#o.keys, event.accountId, event.requestId, event.outcomeSealed)) as AttemptOutcome;
  }

  async #decide(
    event: AsyncEventRecord,
    payload: Buffer,
    step: { kind: 'expired'; last: AttemptOutcome | undefined } | { kind: 'attempt'; attempt: AttemptOutcome },
  ): Promise<void> {
    const o = this.#o;
    const now = this.#now();
    // Counted once committed: the operation may run again (a retried transaction), and each run counts afresh.
    const { next: pending, counted } = await o.commits.run(async (tx) => {
      const counted: AsyncCounter[] = [];
      const next = await this.#decideInTx(tx, event, step, now, counted);
      return { next, counted };
    });
    for (const counter of counted) o.metrics.add(counter, event);
    if (typeof pending === 'object') await this.#finish(event, payload, pending);
  }

  async #decideInTx(
    tx: StoreTx,
    event: AsyncEventRecord,
    step: { kind: 'expired'; last: AttemptOutcome | undefined } | { kind: 'attempt'; attempt: AttemptOutcome },
    now: number,
    counted: AsyncCounter[],
  ): Promise<PendingDelivery | 'requeued' | 'done'> {
    const o = this.#o;
    const config = await tx.getEventInvokeConfig(event.accountId, event.functionName, event.qualifier ?? LATEST);
    if (step.kind === 'expired') {
      counted.push('eventAgeExceeded');
      return this.#final(tx, event, config, 'EventAgeExceeded', event.attempts, step.last, now, counted);
    }
    const a = step.attempt;
    const ran = a.kind === 'success' || a.kind === 'function-error';
    const attempts = event.attempts + (ran ? 1 : 0);
    if (a.kind === 'success') {
      counted.push('successes');
      return this.#final(tx, event, config, 'Success', attempts, a, now, counted);
    }
    const expiresAt = event.enqueuedAt + o.timing.maxAgeMs(config?.maximumEventAgeInSeconds ?? null);
    const sealed = sealOutcome(o.keys, event.accountId, event.requestId, JSON.stringify(a));
    if (a.kind === 'function-error') {
      counted.push('functionErrors');
      if (attempts > (config?.maximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS)) {
        counted.push('retriesExhausted');
        return this.#final(tx, event, config, 'RetriesExhausted', attempts, a, now, counted);
      }
      counted.push('retries');
      const visibleAt = Math.min(now + o.timing.retryDelayMs(attempts), expiresAt);
      await tx.updateAsyncEvent(event.requestId, { attempts, backoffs: event.backoffs, visibleAt, phase: 'invoke', outcomeSealed: sealed });
      return 'requeued';
    }
    counted.push(a.kind === 'throttle' ? 'throttles' : 'platformErrors');
    const fn = await tx.getFunction(event.accountId, event.functionName);
    if (a.kind === 'throttle' && fn?.reservedConcurrency === 0) {
      // Since August 2021 Lambda sends such events straight to the failure targets, with their own
      // condition and no response (the function did not run).
      return this.#final(tx, event, config, 'ZeroReservedConcurrency', attempts, undefined, now, counted);
    }
    const backoffs = event.backoffs + 1;
    const visibleAt = Math.min(now + o.timing.backoffMs(backoffs), expiresAt);
    await tx.updateAsyncEvent(event.requestId, { attempts, backoffs, visibleAt, phase: 'invoke', outcomeSealed: sealed });
    return 'requeued';
  }

  /** Inside the deciding transaction: no target → gone now; else phase `deliver` with the targets. */
  async #final(
    tx: StoreTx,
    event: AsyncEventRecord,
    config: EventInvokeConfigRecord | undefined,
    condition: AsyncCondition,
    attempts: number,
    last: AttemptOutcome | undefined,
    now: number,
    counted: AsyncCounter[],
  ): Promise<PendingDelivery | 'done'> {
    const versionName = await this.#versionOf(tx, event, last);
    const version = versionName === undefined ? undefined : await tx.getVersion(event.accountId, event.functionName, versionName);
    const success = condition === 'Success';
    // AsyncEventsDropped counts every event that leaves without a successful run (targets or not).
    if (!success) counted.push('asyncEventsDropped');
    const destination = success ? config?.onSuccess : config?.onFailure;
    const deadLetter = success ? undefined : version?.config.DeadLetterConfig?.TargetArn;
    if ((destination ?? null) === null && (deadLetter ?? '') === '') {
      await tx.deleteAsyncEvent(event.requestId);
      return 'done';
    }
    const ctx = { region: this.#o.region, accountId: event.accountId };
    const pending: PendingDelivery = {
      condition,
      approximateInvokeCount: attempts,
      ...(last === undefined ? {} : { last }),
      decidedAt: now,
      functionArn: functionArn(ctx, event.functionName, event.qualifier ?? LATEST),
      ...(destination === undefined || destination === null ? {} : { destination }),
      ...(deadLetter === undefined || deadLetter === '' ? {} : { deadLetter }),
      ...(version === undefined ? {} : { roleArn: version.config.Role }),
      logGroup: version?.config.LoggingConfig.LogGroup ?? `/aws/lambda/${event.functionName}`,
    };
    const outcomeSealed = sealOutcome(this.#o.keys, event.accountId, event.requestId, JSON.stringify(pending));
    await tx.updateAsyncEvent(event.requestId, { attempts, backoffs: event.backoffs, visibleAt: now, phase: 'deliver', outcomeSealed });
    return pending;
  }

  /** The version that ran, else the one the qualifier names now (an alias's main version). */
  async #versionOf(tx: StoreTx, event: AsyncEventRecord, last: AttemptOutcome | undefined): Promise<string | undefined> {
    if (last?.executedVersion !== undefined) return last.executedVersion;
    const resolved = await resolveQualifier(tx, { accountId: event.accountId, name: event.functionName, qualifier: event.qualifier ?? LATEST });
    return resolved === undefined ? undefined : primaryVersion(resolved);
  }

  /** Sends to the targets, then removes the event — with any function hand-off — in one transaction. */
  async #finish(event: AsyncEventRecord, payload: Buffer, pending: PendingDelivery): Promise<void> {
    const handOffs = await this.#o.destinations.send(event, payload, pending);
    // Missing targets are counted and reported once committed, from the attempt that committed (it may run again).
    const missing = await this.#o.commits.run(async (tx) => {
      const live: AsyncEventRecord[] = [];
      const gone: AsyncEventRecord[] = [];
      for (const h of handOffs) {
        if ((await tx.getFunction(h.accountId, h.functionName)) !== undefined) live.push(h);
        else gone.push(h);
      }
      await tx.insertAsyncEvents(live);
      await tx.deleteAsyncEvent(event.requestId);
      return gone;
    });
    for (const h of missing) {
      this.#o.metrics.add('destinationDeliveryFailures', event);
      const kind = pending.condition === 'Success' ? 'OnSuccess' : 'OnFailure';
      const err = { code: 'ResourceNotFoundException', message: `Function not found: ${pending.destination ?? h.functionName}` };
      this.#o.destinations.reportFailure(event, pending, kind, pending.destination ?? h.functionName, err);
    }
    if (handOffs.length > 0) this.#o.destinations.wake();
  }
}
