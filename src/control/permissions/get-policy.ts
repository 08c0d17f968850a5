/** GetPolicy: the policy document of a function, version or alias, with its holder's RevisionId. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { ResourceNotFoundError } from '../../shared/errors/lambda-errors.js';
import { resolvePolicyHolder } from './policy-holder.js';

export async function getPolicy(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
): Promise<{ Policy: string; RevisionId: string }> {
  return deps.store.transact(async (tx) => {
    const holder = await resolvePolicyHolder(tx, ctx, ref);
    const stored = await tx.getResourcePolicy(ctx.accountId, 'function', holder.name, holder.qualifier);
    if (stored === undefined) throw new ResourceNotFoundError('The resource you requested does not exist.');
    return { Policy: stored.policy, RevisionId: holder.revisionId };
  });
}
