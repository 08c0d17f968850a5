/**
 * Resolves what an Invoke runs: the version a qualifier means (an alias routes by its weights), its
 * code and layer blobs, and the concurrency figures admission needs — all in one read transaction.
 */
import type { StoreTx } from '../store/store.js';
import type { VersionRecord } from '../store/records.js';
import type { ValidationContext } from '../control/validation/context.js';
import type { FunctionRef } from '../control/validation/function-ref.js';
import { parseLayerVersionArn } from '../control/validation/function-ref.js';
import { notFoundFor } from '../control/functions/function-reader.js';
import { resolveQualifier } from '../control/functions/qualifier-resolver.js';
import { pickAliasVersion } from './alias-routing.js';

export interface InvokeTarget {
  readonly version: VersionRecord;
  /** Layer blob addresses in the function's order. */
  readonly layerShas: readonly string[];
  readonly reserved: number | null;
  readonly totalReserved: number;
  /** The function's tags (lambdabox:sandbox selects the sandbox backend). */
  readonly tags: Readonly<Record<string, string>>;
}


export async function resolveInvokeTarget(
  tx: StoreTx,
  ctx: ValidationContext,
  ref: FunctionRef,
  random: () => number = Math.random,
): Promise<InvokeTarget> {
  const fn = await tx.getFunction(ctx.accountId, ref.name);
  if (fn === undefined) throw notFoundFor(ctx, ref);
  const resolved = await resolveQualifier(tx, { accountId: ctx.accountId, ...ref });
  if (resolved === undefined) throw notFoundFor(ctx, ref);
  const versionName =
    resolved.kind === 'alias'
      ? pickAliasVersion(resolved.alias.functionVersion, resolved.alias.additionalVersionWeights, random)
      : resolved.version;
  const version = await tx.getVersion(ctx.accountId, ref.name, versionName);
  if (version === undefined) throw notFoundFor(ctx, ref);
  const layerShas: string[] = [];
  for (const layer of version.config.Layers ?? []) {
    const parsed = parseLayerVersionArn(layer.Arn);
    // Deleted layer versions stay usable by the functions that reference them, as in Lambda.
    const record = await tx.getLayerVersionIncludingDeleted(parsed.accountId, parsed.layerName, parsed.version);
    if (record !== undefined) layerShas.push(record.codeSha256Hex);
  }
  return {
    version,
    layerShas,
    reserved: fn.reservedConcurrency,
    tags: fn.tags,
    totalReserved: await tx.totalReservedConcurrency(ctx.accountId),
  };
}
