/** GetFunctionEventInvokeConfig. A missing function reads as a missing config, as in AWS. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import type { FunctionEventInvokeConfig } from './event-invoke-config-view.js';
import { noEventInvokeConfig, toEventInvokeConfig } from './event-invoke-config-view.js';
import { targetOf } from './config-target.js';

export async function getEventInvokeConfig(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
): Promise<FunctionEventInvokeConfig> {
  const { functionName, qualifier } = targetOf(ref);
  const record = await deps.store.transact((tx) => tx.getEventInvokeConfig(ctx.accountId, functionName, qualifier));
  // [LS get_function_doesnotexist, get_qualifier_doesnotexist, get_invokeconfig_postpublish]
  if (record === undefined) throw noEventInvokeConfig(ctx, functionName, qualifier);
  return toEventInvokeConfig(ctx, record);
}
