/** DeleteFunctionConcurrency: the function goes back to the unreserved pool. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { getFunctionOrThrow } from '../functions/function-reader.js';
import { requireUnqualified } from '../validation/concurrency.js';

export async function deleteFunctionConcurrency(deps: ControlDeps, ctx: ValidationContext, ref: FunctionRef): Promise<void> {
  // Recorded for Put only; Delete is as function-level as Put, so it answers the same (unverified).
  requireUnqualified(ref);
  await deps.store.transact(async (tx) => {
    const fn = await getFunctionOrThrow(tx, ctx, ref.name);
    if (fn.reservedConcurrency !== null) await tx.putFunction({ ...fn, reservedConcurrency: null });
  });
}
