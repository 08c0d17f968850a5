/**
 * UpdateFunctionEventInvokeConfig: changes only the members given and keeps the rest; the config
 * must already exist. A DestinationConfig given replaces both destinations, as Put does (LocalStack's
 * reading; whether AWS merges OnSuccess and OnFailure separately is unverified).
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import type { EventInvokeConfigRecord } from '../../store/records.js';
import type { EventInvokeConfigInput } from '../validation/event-invoke-config.js';
import type { FunctionEventInvokeConfig } from './event-invoke-config-view.js';
import { noEventInvokeConfig, toEventInvokeConfig } from './event-invoke-config-view.js';
import { existingTarget } from './config-target.js';
import { checkDestinations, destinationArn, readDestinationChecks } from './destinations.js';
import { assertDestinationsAllowed } from '../async-target-permission.js';

export async function updateEventInvokeConfig(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  input: EventInvokeConfigInput,
): Promise<FunctionEventInvokeConfig> {
  const given = input.DestinationConfig;
  if (given !== undefined) {
    const checks = await deps.store.transact(async (tx) => {
      const target = await existingTarget(tx, ctx, ref);
      if ((await tx.getEventInvokeConfig(ctx.accountId, target.functionName, target.qualifier)) === undefined) {
        throw noEventInvokeConfig(ctx, target.functionName, target.qualifier);
      }
      await checkDestinations(tx, ctx, target.functionName, given);
      return readDestinationChecks(tx, ctx, target, given);
    });
    await assertDestinationsAllowed(deps.authorize, ctx.region, checks, deps.clock.now());
  }
  const record = await deps.store.transact(async (tx) => {
    const target = await existingTarget(tx, ctx, ref);
    const current = await tx.getEventInvokeConfig(ctx.accountId, target.functionName, target.qualifier);
    // [LS update_eventinvokeconfig_config_doesnotexist_with_qualifier / _without_qualifier]
    if (current === undefined) throw noEventInvokeConfig(ctx, target.functionName, target.qualifier);
    const destinations = input.DestinationConfig;
    if (destinations !== undefined) await checkDestinations(tx, ctx, target.functionName, destinations);
    const next: EventInvokeConfigRecord = {
      ...current,
      maximumRetryAttempts: input.MaximumRetryAttempts ?? current.maximumRetryAttempts,
      maximumEventAgeInSeconds: input.MaximumEventAgeInSeconds ?? current.maximumEventAgeInSeconds,
      ...(destinations === undefined
        ? {}
        : { onSuccess: destinationArn(destinations.OnSuccess), onFailure: destinationArn(destinations.OnFailure) }),
      lastModified: deps.clock.now().getTime() / 1000,
    };
    await tx.putEventInvokeConfig(next);
    return next;
  });
  return toEventInvokeConfig(ctx, record);
}
