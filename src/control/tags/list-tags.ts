/** ListTags: a function's tags; `{}` when it has none (AWS returns the empty map). */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { TaggableResource } from '../validation/tags.js';
import { taggedFunction } from './tagged-function.js';

export async function listTags(
  deps: ControlDeps,
  ctx: ValidationContext,
  resource: TaggableResource,
  arn: string,
): Promise<{ Tags: Record<string, string> }> {
  const fn = await deps.store.transact((tx) => taggedFunction(tx, ctx, resource, arn));
  return { Tags: { ...fn.tags } };
}
