/**
 * Sends an event's final outcome where its configuration says: the OnSuccess / OnFailure destination
 * (a lambdabox function — invoked asynchronously with the record as its event — or an SQS queue) and,
 * on failure, the version's dead-letter queue (the raw event with RequestID / ErrorCode / ErrorMessage).
 * Sends happen as the function's execution role (which Lambda must still be able to assume), authorized
 * like any call. A target that refuses (no permission, missing, unsupported service) or a role Lambda can
 * no longer assume is not retried: as in Lambda (DeadLetterErrors, DestinationDeliveryFailures) the event
 * counts as delivered-failed, and lambdabox also writes a line in the function's log group so the failure
 * is never silent.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { Store } from '../../store/store.js';
import type { QueueDelivery } from '../../services/sqs/queue-delivery.js';
import type { LogsIngest } from '../../services/logs/logs-ingest.js';
import type { AsyncEventRecord } from '../../store/async-records.js';
import type { FinalOutcome } from './attempt-outcome.js';
import type { AsyncMetrics } from './async-metrics.js';
import type { AsyncEventQueue } from './event-queue.js';
import { deadLetterAttributes, destinationRecord } from './destination-record.js';
import { executionRoleCaller } from '../../iam/execution-role-caller.js';
import { lambdaAssumption } from '../../iam/sessions/lambda-trust.js';
import { arnHead } from '../../shared/arn/arn.js';
import { functionNameOf, targetFunctionArnParts, unqualified, type FunctionArn } from '../../shared/arn/function-arn.js';
import { policyQualifier } from '../../shared/arn/qualifier.js';
import { DeliveryRefusedError } from './delivery-refused-error.js';

/** A decided event waiting for its destinations (kept sealed in the queue until they are done). */
export interface PendingDelivery extends FinalOutcome {
  /** Qualified as invoked (`…:$LATEST` when unqualified). */
  readonly functionArn: FunctionArn;
  readonly destination?: string;
  readonly deadLetter?: string;
  readonly roleArn?: string;
  readonly logGroup: string;
}

export interface DestinationDeliveryOptions {
  readonly region: string;
  /** Where a destination function's resource policy (AddPermission) is read from. */
  readonly store: Store;
  readonly queue: AsyncEventQueue;
  readonly metrics: AsyncMetrics;
  readonly logs?: LogsIngest;
  readonly logger: Logger;
  readonly authorize?: Authorize;
  readonly queues?: QueueDelivery;
}

/** Starts like an SQS ARN (`arn:<partition>:sqs:…`): the queue service parses the rest. */
export function isSqsArn(text: string): boolean {
  const head = arnHead(text);
  return head !== undefined && head.partition !== '' && head.service === 'sqs' && head.more;
}

/** A function destination to enqueue in the transaction that removes the source event. */
export type FunctionHandOff = AsyncEventRecord;

export class DestinationDelivery {
  readonly #o: DestinationDeliveryOptions;

  constructor(options: DestinationDeliveryOptions) {
    this.#o = options;
  }

  /**
   * Sends to queues now; returns the function destinations as queue records for the caller to insert
   * in the same transaction that removes `event` (the hand-off is atomic).
   */
  async send(event: AsyncEventRecord, payload: Buffer, pending: PendingDelivery): Promise<FunctionHandOff[]> {
    const handOffs: FunctionHandOff[] = [];
    const failure = pending.condition !== 'Success';
    if (pending.destination !== undefined) {
      const record = destinationRecord({ requestId: event.requestId, functionArn: pending.functionArn, requestPayload: payload, outcome: pending });
      try {
        const handOff = await this.#sendTo(pending, pending.destination, record, undefined, event.traceHeader);
        if (handOff !== undefined) handOffs.push(handOff);
        this.#o.metrics.add('destinationDeliveries', event);
      } catch (err) {
        this.#o.metrics.add('destinationDeliveryFailures', event);
        this.reportFailure(event, pending, failure ? 'OnFailure' : 'OnSuccess', pending.destination, err);
      }
    }
    if (failure && pending.deadLetter !== undefined) {
      try {
        if (!isSqsArn(pending.deadLetter)) throw new DeliveryRefusedError('only SQS queues can be dead-letter targets in lambdabox');
        await this.#sendTo(pending, pending.deadLetter, payload.toString('utf8'), deadLetterAttributes(event.requestId, pending), null);
        this.#o.metrics.add('deadLetterDeliveries', event);
      } catch (err) {
        this.#o.metrics.add('deadLetterErrors', event);
        this.reportFailure(event, pending, 'DeadLetterConfig', pending.deadLetter, err);
      }
    }
    return handOffs;
  }

  async #sendTo(
    pending: PendingDelivery,
    target: string,
    body: string,
    attributes: Record<string, { DataType: string; StringValue: string }> | undefined,
    traceHeader: string | null,
  ): Promise<FunctionHandOff | undefined> {
    const roleArn = pending.roleArn ?? '';
    const functionName = functionNameOf(pending.functionArn);
    const source = unqualified(pending.functionArn);
    const now = new Date();
    const sender = executionRoleCaller(roleArn, source, functionName, now);
    if (sender === undefined) throw new DeliveryRefusedError(`the execution role ${roleArn} is not a role ARN`);
    // Lambda sends as the role, so it must still be able to assume it (the trust may have changed since).
    const assumable = await this.#o.store.transact((tx) => lambdaAssumption(tx, { accountId: sender.accountId, roleArn, functionArn: source, now }));
    if (!assumable.ok) throw new DeliveryRefusedError(`Lambda cannot assume the execution role ${roleArn}: ${assumable.reason}`);
    const fn = targetFunctionArnParts(target);
    if (fn !== undefined) {
      const { accountId, name } = fn;
      if (fn.region !== this.#o.region) throw new DeliveryRefusedError(`functions in ${fn.region} are not reachable from ${this.#o.region}`);
      const [policy] = await this.#o.store.readResourcePolicies([
        { accountId, kind: 'function', name, qualifier: policyQualifier(fn.qualifier) },
      ]);
      await this.#o.authorize?.authorize(
        sender,
        {
          action: 'lambda:InvokeFunction',
          resource: target,
          resourceAccountId: accountId,
          ...(policy === undefined ? {} : { resourcePolicy: policy }),
        },
        { sourceIp: '', secureTransport: true, now: new Date(), region: this.#o.region, requestId: randomUUID() },
      );
      return this.#o.queue.newRecord({
        requestId: randomUUID(),
        accountId,
        functionName: name,
        qualifier: fn.qualifier ?? null,
        payload: Buffer.from(body, 'utf8'),
        // The destination's invocation continues the source event's trace, as Lambda's does.
        traceHeader,
      });
    }
    if (isSqsArn(target)) {
      if (this.#o.queues === undefined) throw new DeliveryRefusedError('this lambdabox server has no queue service');
      await this.#o.queues.send(sender, target, { body, ...(attributes === undefined ? {} : { attributes }) });
      return undefined;
    }
    throw new DeliveryRefusedError(`lambdabox cannot deliver to ${target.split(':')[2] ?? 'this service'} targets`);
  }

  /** Function destinations just handed off wait in the queue: let the pollers know. */
  wake(): void {
    this.#o.queue.wake();
  }

  /** A delivery failure (already counted): logged by the server and written to the function's log group. */
  reportFailure(event: AsyncEventRecord, pending: PendingDelivery, kind: string, target: string, err: unknown): void {
    const e = err as { code?: string; message?: string };
    // A refusal has always read `Error: …` on this line; issue 11 gave it a code but changes no output.
    const code = err instanceof DeliveryRefusedError ? undefined : e.code;
    const reason = `${code ?? 'Error'}: ${e.message ?? String(err)}`;
    this.#o.logger.warn({ requestId: event.requestId, target, kind, reason }, 'async event delivery failed');
    this.#o.logs?.append(event.accountId, pending.logGroup, 'lambdabox/async-delivery', [
      {
        timestamp: Date.now(),
        message: `ASYNC_DELIVERY_FAILED RequestId: ${event.requestId}\tTarget: ${kind} ${target}\tCondition: ${pending.condition}\tReason: ${reason}`,
      },
    ]);
  }
}
