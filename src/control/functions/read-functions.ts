/** GetFunction, GetFunctionConfiguration, ListFunctions, ListVersionsByFunction. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import type { FunctionConfiguration } from '../../store/function-configuration.js';
import { decodeMarker, encodeMarker, isAllVersionsCursor, isVersionCursor } from '../pagination.js';
import { resolveVersion, toConfiguration, getFunctionOrThrow } from './function-reader.js';

export interface GetFunctionResult {
  Configuration: FunctionConfiguration;
  Code: { RepositoryType: 'S3'; Location: string };
  Tags?: Record<string, string>;
  Concurrency?: { ReservedConcurrentExecutions: number };
}

export async function getFunction(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  host: string,
): Promise<GetFunctionResult> {
  const { fn, version, alias } = await deps.store.transact((tx) => resolveVersion(tx, ctx, ref));
  const location = deps.codeUrls.sign(host, { accountId: ctx.accountId, sha256Hex: version.codeSha256Hex }, deps.clock.now());
  return {
    Configuration: toConfiguration(deps.keys, version, alias),
    Code: { RepositoryType: 'S3', Location: location },
    ...(Object.keys(fn.tags).length === 0 ? {} : { Tags: { ...fn.tags } }),
    ...(fn.reservedConcurrency === null ? {} : { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }),
  };
}

export async function getFunctionConfiguration(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
): Promise<FunctionConfiguration> {
  const { version, alias } = await deps.store.transact((tx) => resolveVersion(tx, ctx, ref));
  return toConfiguration(deps.keys, version, alias);
}

export interface ListResult {
  readonly items: FunctionConfiguration[];
  readonly nextMarker?: string;
}

export async function listFunctions(
  deps: ControlDeps,
  ctx: ValidationContext,
  options: { marker?: string | undefined; maxItems?: number | undefined; allVersions: boolean },
): Promise<ListResult> {
  const limit = options.maxItems ?? 50;
  const page = await deps.store.transact((tx) =>
    options.allVersions
      ? tx.listAllVersions(ctx.accountId, decodeMarker(options.marker, isAllVersionsCursor), limit)
      : tx.listLatest(ctx.accountId, decodeMarker(options.marker), limit),
  );
  const nextMarker = encodeMarker(page.nextAfter);
  return {
    items: page.items.map((v) => toConfiguration(deps.keys, v)),
    ...(nextMarker === undefined ? {} : { nextMarker }),
  };
}

export async function listVersionsByFunction(
  deps: ControlDeps,
  ctx: ValidationContext,
  name: string,
  options: { marker?: string | undefined; maxItems?: number | undefined },
): Promise<ListResult> {
  const limit = options.maxItems ?? 50;
  const page = await deps.store.transact(async (tx) => {
    await getFunctionOrThrow(tx, ctx, name);
    return tx.listVersions(ctx.accountId, name, decodeMarker(options.marker, isVersionCursor), limit);
  });
  const nextMarker = encodeMarker(page.nextAfter);
  return {
    items: page.items.map((v) => toConfiguration(deps.keys, v)),
    ...(nextMarker === undefined ? {} : { nextMarker }),
  };
}
