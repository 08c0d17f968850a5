/** ListAliases, optionally only the aliases of one version, in name order with opaque markers. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { StoreTx, Page } from '../../store/store.js';
import type { AliasRecord } from '../../store/records.js';
import type { AliasConfiguration } from './alias-configuration.js';
import { toAliasConfiguration } from './alias-configuration.js';
import { decodeMarker, encodeMarker } from '../pagination.js';
import { getFunctionOrThrow } from '../functions/function-reader.js';
import { ALIAS_NAME } from '../validation/patterns.js';

const DEFAULT_MAX_ITEMS = 50;
/** Store page size while filtering by version: large enough that few round trips are needed. */
const SCAN_PAGE = 500;

export interface ListAliasesOptions {
  readonly functionVersion?: string | undefined;
  readonly marker?: string | undefined;
  readonly maxItems?: number | undefined;
}

export interface ListAliasesResult {
  readonly Aliases: AliasConfiguration[];
  readonly NextMarker?: string;
}

const isAliasCursor = (after: string): boolean => after.length <= 128 && ALIAS_NAME.regex.test(after);

/** Pages of the aliases that point at `version`: scans the store in name order until a page is full. */
async function listForVersion(
  tx: StoreTx,
  accountId: string,
  functionName: string,
  version: string,
  after: string | undefined,
  limit: number,
): Promise<Page<AliasRecord>> {
  const matches: AliasRecord[] = [];
  let cursor = after;
  for (;;) {
    const page = await tx.listAliases(accountId, functionName, cursor, SCAN_PAGE);
    for (const alias of page.items) {
      if (alias.functionVersion !== version) continue;
      if (matches.length === limit) return { items: matches, nextAfter: matches[limit - 1]?.name ?? alias.name };
      matches.push(alias);
    }
    if (page.nextAfter === undefined) return { items: matches };
    cursor = page.nextAfter;
  }
}

export async function listAliases(
  deps: ControlDeps,
  ctx: ValidationContext,
  functionName: string,
  options: ListAliasesOptions,
): Promise<ListAliasesResult> {
  const limit = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const after = decodeMarker(options.marker, isAliasCursor);
  const page = await deps.store.transact(async (tx) => {
    await getFunctionOrThrow(tx, ctx, functionName);
    return options.functionVersion === undefined
      ? tx.listAliases(ctx.accountId, functionName, after, limit)
      : listForVersion(tx, ctx.accountId, functionName, options.functionVersion, after, limit);
  });
  const nextMarker = encodeMarker(page.nextAfter);
  return {
    Aliases: page.items.map((alias) => toAliasConfiguration(ctx, alias)),
    ...(nextMarker === undefined ? {} : { NextMarker: nextMarker }),
  };
}
