/** GetFunctionConcurrency: `{}` when nothing is reserved, as AWS answers. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { getFunctionOrThrow } from '../functions/function-reader.js';
import { requireUnqualified } from '../validation/concurrency.js';

export async function getFunctionConcurrency(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
): Promise<{ ReservedConcurrentExecutions?: number }> {
  // Recorded for Put only; Get is as function-level as Put, so it answers the same (unverified).
  requireUnqualified(ref);
  // [LS test_ops_on_nonexisting_fn[get_function_concurrency]]: the unqualified ARN in the message.
  const fn = await deps.store.transact((tx) => getFunctionOrThrow(tx, ctx, ref.name));
  return fn.reservedConcurrency === null ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency };
}
