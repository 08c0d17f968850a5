/** DeleteFunctionEventInvokeConfig. Deleting an absent config is a 404, as in AWS. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { noEventInvokeConfig } from './event-invoke-config-view.js';
import { targetOf } from './config-target.js';

export async function deleteEventInvokeConfig(deps: ControlDeps, ctx: ValidationContext, ref: FunctionRef): Promise<void> {
  const { functionName, qualifier } = targetOf(ref);
  await deps.store.transact(async (tx) => {
    const record = await tx.getEventInvokeConfig(ctx.accountId, functionName, qualifier);
    // [LS delete_function_not_found, delete_function_doesnotexist]
    if (record === undefined) throw noEventInvokeConfig(ctx, functionName, qualifier);
    await tx.deleteEventInvokeConfig(ctx.accountId, functionName, qualifier);
  });
}
