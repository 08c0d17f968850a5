/** TagResource: adds or overwrites tags on a function, within the per-resource limit. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { TaggableResource } from '../validation/tags.js';
import { checkSandboxTagFloor, MAX_TAGS } from '../validation/tags.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { saveFunctionTags, taggedFunction } from './tagged-function.js';

export async function tagResource(
  deps: ControlDeps,
  ctx: ValidationContext,
  resource: TaggableResource,
  arn: string,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  checkSandboxTagFloor(tags, deps.defaultSandbox ?? 'bwrap');
  await deps.store.transact(async (tx) => {
    const fn = await taggedFunction(tx, ctx, resource, arn);
    const merged = { ...fn.tags, ...tags };
    // The limit counts the tags the resource would end up with. [LS tag_lambda_too_many_tags_additional]
    if (Object.keys(merged).length > MAX_TAGS) {
      throw new InvalidParameterValueError('Number of tags exceeds resource tag limit.');
    }
    await saveFunctionTags(tx, fn, merged);
  });
}
