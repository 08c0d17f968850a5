/** RemovePermission: drops one statement; the policy disappears with its last statement. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { ResourceNotFoundError } from '../../shared/errors/lambda-errors.js';
import { parseStoredPolicy, serializePolicy } from './policy-document.js';
import { bumpHolderRevision, checkHolderRevision, resolvePolicyHolder } from './policy-holder.js';

export async function removePermission(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  statementId: string,
  revisionId: string | undefined,
): Promise<void> {
  await deps.store.transact(async (tx) => {
    const holder = await resolvePolicyHolder(tx, ctx, ref);
    const stored = await tx.getResourcePolicy(ctx.accountId, 'function', holder.name, holder.qualifier);
    if (stored === undefined) throw new ResourceNotFoundError('No policy is associated with the given resource.');
    const statements = parseStoredPolicy(stored.policy).Statement;
    const kept = statements.filter((s) => s.Sid !== statementId);
    if (kept.length === statements.length) {
      throw new ResourceNotFoundError(`Statement ${statementId} is not found in resource policy.`);
    }
    checkHolderRevision(holder, revisionId);
    if (kept.length === 0) await tx.deleteResourcePolicy(ctx.accountId, 'function', holder.name, holder.qualifier);
    else await tx.putResourcePolicy({ ...stored, policy: serializePolicy(kept) });
    await bumpHolderRevision(tx, holder);
  });
}
