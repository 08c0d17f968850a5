/**
 * DeleteAlias. Deleting an alias that does not exist succeeds (204), as in AWS; a missing function
 * does not. [LS test_non_existent_alias_deletion]
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import { getFunctionOrThrow } from '../functions/function-reader.js';

export async function deleteAlias(
  deps: ControlDeps,
  ctx: ValidationContext,
  functionName: string,
  name: string,
): Promise<void> {
  await deps.store.transact(async (tx) => {
    await getFunctionOrThrow(tx, ctx, functionName);
    await tx.deleteAlias(ctx.accountId, functionName, name);
    // The alias's event-invoke config goes with it, so a later alias of the same name starts clean.
    await tx.deleteEventInvokeConfig(ctx.accountId, functionName, name);
  });
}
