/**
 * PutFunctionConcurrency: reserves executions for one function while the account keeps at least
 * MIN_UNRESERVED_CONCURRENCY unreserved. The function's own current reservation is replaced, so it
 * does not count against the new value.
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { functionArn } from '../validation/function-ref.js';
import { functionNotFound, InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { LATEST } from '../functions/function-reader.js';
import { ACCOUNT_CONCURRENCY_LIMIT, MIN_UNRESERVED_CONCURRENCY } from '../account/limits.js';
import { requireUnqualified } from '../validation/concurrency.js';

export async function putFunctionConcurrency(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  reserved: number,
): Promise<{ ReservedConcurrentExecutions: number }> {
  requireUnqualified(ref);
  await deps.store.transact(async (tx) => {
    const fn = await tx.getFunction(ctx.accountId, ref.name);
    // Put names `$LATEST` in its not-found message. [LS put_function_concurrency_with_function_name_doesnotexist]
    if (fn === undefined) throw functionNotFound(functionArn(ctx, ref.name, LATEST));
    const reservedByOthers = (await tx.totalReservedConcurrency(ctx.accountId)) - (fn.reservedConcurrency ?? 0);
    if (ACCOUNT_CONCURRENCY_LIMIT - reservedByOthers - reserved < MIN_UNRESERVED_CONCURRENCY) {
      // [LS test_function_concurrency_limits]
      throw new InvalidParameterValueError(
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution " +
          `below its minimum value of [${MIN_UNRESERVED_CONCURRENCY}].`,
      );
    }
    await tx.putFunction({ ...fn, reservedConcurrency: reserved });
  });
  return { ReservedConcurrentExecutions: reserved };
}
