/** ListFunctionEventInvokeConfigs: every config of a function, ordered by qualifier, paged. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { Pagination } from '../validation/pagination.js';
import type { FunctionEventInvokeConfig } from './event-invoke-config-view.js';
import { functionDoesNotExist, toEventInvokeConfig } from './event-invoke-config-view.js';
import { decodeMarker, encodeMarker } from '../pagination.js';

/** AWS's default page (the model's maximum). */
const DEFAULT_MAX_ITEMS = 50;

const isQualifierCursor = (after: string): boolean => /^[a-zA-Z0-9$_-]{1,128}$/.test(after);

export interface EventInvokeConfigList {
  FunctionEventInvokeConfigs: FunctionEventInvokeConfig[];
  NextMarker?: string;
}

export async function listEventInvokeConfigs(
  deps: ControlDeps,
  ctx: ValidationContext,
  functionName: string,
  page: Pagination,
): Promise<EventInvokeConfigList> {
  const after = decodeMarker(page.marker, isQualifierCursor);
  const result = await deps.store.transact(async (tx) => {
    // [LS list_function_doesnotexist]
    if ((await tx.getFunction(ctx.accountId, functionName)) === undefined) throw functionDoesNotExist();
    return tx.listEventInvokeConfigs(ctx.accountId, functionName, after, page.maxItems ?? DEFAULT_MAX_ITEMS);
  });
  const nextMarker = encodeMarker(result.nextAfter);
  return {
    FunctionEventInvokeConfigs: result.items.map((r) => toEventInvokeConfig(ctx, r)),
    ...(nextMarker === undefined ? {} : { NextMarker: nextMarker }),
  };
}
