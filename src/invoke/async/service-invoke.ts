/**
 * An AWS service invoking a function asynchronously on its own behalf (a CloudWatch alarm's action;
 * later event sources of that kind): allowed only by the function's resource-based policy naming the
 * service principal, with aws:SourceArn / aws:SourceAccount as AWS sets them, then queued like an
 * Event invoke (so the function's retries, destinations and dead-letter queue apply).
 */
import { randomUUID } from 'node:crypto';
import type { Authorizer } from '../../iam/authz/authorizer.js';
import type { Store } from '../../store/store.js';
import { targetFunctionArnParts } from '../../shared/arn/function-arn.js';
import { policyQualifier } from '../../shared/arn/qualifier.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import type { AsyncEventQueue } from './event-queue.js';

export interface ServiceInvokeOptions {
  readonly region: string;
  readonly store: Store;
  readonly authorizer: Authorizer;
  readonly queue: AsyncEventQueue;
}

export interface ServiceInvocation {
  /** e.g. `lambda.alarms.cloudwatch.amazonaws.com`. */
  readonly principal: string;
  /** The resource that acts (the alarm's ARN) and its account. */
  readonly sourceArn: string;
  readonly sourceAccount: string;
  readonly functionArn: string;
  readonly payload: Buffer;
  readonly traceHeader?: string;
}

export class ServiceInvoke {
  readonly #o: ServiceInvokeOptions;

  constructor(options: ServiceInvokeOptions) {
    this.#o = options;
  }

  /** Resolves with the request id once the event is queued; rejects with AccessDenied / ResourceNotFound. */
  async invokeAsync(call: ServiceInvocation): Promise<string> {
    const fn = targetFunctionArnParts(call.functionArn);
    if (fn === undefined || fn.region !== this.#o.region) {
      throw new InvalidParameterValueError(`${call.functionArn} is not a function of this region`);
    }
    const [policy] = await this.#o.store.readResourcePolicies([
      { accountId: fn.accountId, kind: 'function', name: fn.name, qualifier: policyQualifier(fn.qualifier) },
    ]);
    const requestId = randomUUID();
    await this.#o.authorizer.authorizeService(
      { principal: call.principal, sourceArn: call.sourceArn, sourceAccount: call.sourceAccount },
      {
        action: 'lambda:InvokeFunction',
        resource: call.functionArn,
        resourceAccountId: fn.accountId,
        ...(policy === undefined ? {} : { resourcePolicy: policy }),
      },
      { sourceIp: '', secureTransport: true, now: new Date(), region: this.#o.region, requestId },
    );
    const ref = fn.qualifier === undefined ? { name: fn.name } : { name: fn.name, qualifier: fn.qualifier };
    await this.#o.queue.enqueue({ region: this.#o.region, accountId: fn.accountId }, ref, requestId, call.payload, call.traceHeader);
    return requestId;
  }
}
