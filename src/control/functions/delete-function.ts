/**
 * DeleteFunction: without a qualifier the function and everything under it; with a version
 * number just that version (refused while an alias points at it, and never `$LATEST`).
 * Blobs are not removed here: the collector deletes unreferenced blobs once no request can
 * still be about to reference them.
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { InvalidParameterValueError, ResourceConflictError } from '../../shared/errors/lambda-errors.js';
import { LATEST, notFoundFor } from './function-reader.js';
import { qualifierKind } from '../../shared/arn/qualifier.js';

export async function deleteFunction(deps: ControlDeps, ctx: ValidationContext, ref: FunctionRef): Promise<void> {
  if (ref.qualifier === LATEST) {
    throw new InvalidParameterValueError('$LATEST version cannot be deleted without deleting the function.');
  }
  await deleteInStore(deps, ctx, ref);
  deps.retire?.(ctx.accountId, ref.name, ref.qualifier === undefined ? undefined : String(Number(ref.qualifier)));
}

async function deleteInStore(deps: ControlDeps, ctx: ValidationContext, ref: FunctionRef): Promise<void> {
  await deps.store.transact(async (tx) => {
    const fn = await tx.getFunction(ctx.accountId, ref.name);
    if (fn === undefined) throw notFoundFor(ctx, ref);
    if (ref.qualifier === undefined) {
      await tx.deleteFunction(ctx.accountId, ref.name);
      return;
    }
    const kind = qualifierKind(ref.qualifier);
    if (kind.kind !== 'version') {
      throw new InvalidParameterValueError('Deletion of aliases is not supported by DeleteFunction. Use DeleteAlias.');
    }
    const { version } = kind;
    if ((await tx.getVersion(ctx.accountId, ref.name, version)) === undefined) throw notFoundFor(ctx, ref);
    const referencing: string[] = [];
    let after: string | undefined;
    do {
      const page = await tx.listAliases(ctx.accountId, ref.name, after, 1000);
      for (const a of page.items) {
        if (a.functionVersion === version || (a.additionalVersionWeights?.[version] ?? undefined) !== undefined) {
          referencing.push(a.name);
        }
      }
      after = page.nextAfter;
    } while (after !== undefined);
    if (referencing.length > 0) {
      throw new ResourceConflictError(
        `Unable to delete version because the following aliases reference it: [${referencing.join(', ')}]`,
      );
    }
    await tx.deleteEventInvokeConfig(ctx.accountId, ref.name, version);
    await tx.deleteVersion(ctx.accountId, ref.name, version);
  });
}
