/** GetAccountSettings: AWS's limits and the account's real usage, read in one transaction. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import { MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES } from '../functions/code-package.js';
import { ACCOUNT_CONCURRENCY_LIMIT, TOTAL_CODE_SIZE_LIMIT } from './limits.js';

export interface AccountSettings {
  AccountLimit: {
    TotalCodeSize: number;
    CodeSizeUnzipped: number;
    CodeSizeZipped: number;
    ConcurrentExecutions: number;
    UnreservedConcurrentExecutions: number;
  };
  AccountUsage: {
    TotalCodeSize: number;
    FunctionCount: number;
  };
}

export async function getAccountSettings(deps: ControlDeps, ctx: ValidationContext): Promise<AccountSettings> {
  const usage = await deps.store.transact(async (tx) => ({
    reserved: await tx.totalReservedConcurrency(ctx.accountId),
    codeSize: await tx.totalCodeSize(ctx.accountId),
    functions: await tx.countFunctions(ctx.accountId),
  }));
  return {
    AccountLimit: {
      TotalCodeSize: TOTAL_CODE_SIZE_LIMIT,
      CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
      CodeSizeZipped: MAX_ZIPPED_BYTES,
      ConcurrentExecutions: ACCOUNT_CONCURRENCY_LIMIT,
      UnreservedConcurrentExecutions: ACCOUNT_CONCURRENCY_LIMIT - usage.reserved,
    },
    AccountUsage: { TotalCodeSize: usage.codeSize, FunctionCount: usage.functions },
  };
}
