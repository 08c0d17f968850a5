/** UntagResource: removes the given keys; keys the function does not have are ignored, as in AWS. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { TaggableResource } from '../validation/tags.js';
import { saveFunctionTags, taggedFunction } from './tagged-function.js';

export async function untagResource(
  deps: ControlDeps,
  ctx: ValidationContext,
  resource: TaggableResource,
  arn: string,
  keys: readonly string[],
): Promise<void> {
  await deps.store.transact(async (tx) => {
    const fn = await taggedFunction(tx, ctx, resource, arn);
    const remove = new Set(keys);
    const kept = Object.fromEntries(Object.entries(fn.tags).filter(([k]) => !remove.has(k)));
    await saveFunctionTags(tx, fn, kept);
  });
}
