/** PutFunctionEventInvokeConfig: replaces the whole config; members not given are unset. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import type { EventInvokeConfigRecord } from '../../store/records.js';
import type { EventInvokeConfigInput } from '../validation/event-invoke-config.js';
import type { FunctionEventInvokeConfig } from './event-invoke-config-view.js';
import { toEventInvokeConfig } from './event-invoke-config-view.js';
import { existingTarget } from './config-target.js';
import { checkDestinations, destinationArn, readDestinationChecks } from './destinations.js';
import { assertDestinationsAllowed } from '../async-target-permission.js';

export async function putEventInvokeConfig(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  input: EventInvokeConfigInput,
): Promise<FunctionEventInvokeConfig> {
  const destinations = input.DestinationConfig;
  if (destinations !== undefined) {
    const checks = await deps.store.transact(async (tx) => {
      const target = await existingTarget(tx, ctx, ref);
      await checkDestinations(tx, ctx, target.functionName, destinations);
      return readDestinationChecks(tx, ctx, target, destinations);
    });
    await assertDestinationsAllowed(deps.authorize, ctx.region, checks, deps.clock.now());
  }
  const record = await deps.store.transact(async (tx) => {
    const target = await existingTarget(tx, ctx, ref);
    if (input.DestinationConfig !== undefined) await checkDestinations(tx, ctx, target.functionName, input.DestinationConfig);
    const next: EventInvokeConfigRecord = {
      accountId: ctx.accountId,
      functionName: target.functionName,
      qualifier: target.qualifier,
      maximumRetryAttempts: input.MaximumRetryAttempts ?? null,
      maximumEventAgeInSeconds: input.MaximumEventAgeInSeconds ?? null,
      onSuccess: destinationArn(input.DestinationConfig?.OnSuccess),
      onFailure: destinationArn(input.DestinationConfig?.OnFailure),
      lastModified: deps.clock.now().getTime() / 1000,
    };
    await tx.putEventInvokeConfig(next);
    return next;
  });
  return toEventInvokeConfig(ctx, record);
}
