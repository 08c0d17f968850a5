/**
 * The function a tag operation names, and how its tags are saved. Only functions are stored in
 * lambdabox so far; ARNs of the other taggable kinds get the not-found answer AWS gives for them.
 */
import type { StoreTx } from '../../store/store.js';
import type { FunctionRecord } from '../../store/records.js';
import type { ValidationContext } from '../validation/context.js';
import type { TaggableResource } from '../validation/tags.js';
import { functionArn } from '../validation/function-ref.js';
import { TAGGABLE_RESOURCE } from '../validation/patterns.js';
import { matchesPattern, validationFailure } from '../validation/violations.js';
import { functionNotFound, ResourceNotFoundError } from '../../shared/errors/lambda-errors.js';
import { newRevisionId } from '../../shared/clock.js';
import { LATEST } from '../functions/function-reader.js';

function missingResource(resource: Exclude<TaggableResource, { kind: 'function' }>, arn: string): Error {
  switch (resource.kind) {
    // [LS test_tag_exceptions[event_source_mapping]]
    case 'event-source-mapping':
      return new ResourceNotFoundError(`Event source mapping not found: ${arn}`);
    // [LS test_tag_exceptions[capacity_provider]]
    case 'capacity-provider':
      return new ResourceNotFoundError(`Capacity provider not found: ${arn}`);
    // The message AWS gives for a missing CSC on the code-signing-config operations (docs/SOURCES.md [LS]).
    case 'code-signing-config':
      return new ResourceNotFoundError(`The Lambda code signing configuration ${arn} can not be found.`);
    // Layers match the model pattern but cannot be tagged; answered as a pattern failure (unverified).
    case 'layer':
      return validationFailure([{ field: 'resource', value: arn, constraint: matchesPattern(TAGGABLE_RESOURCE.source) }]);
  }
}

export async function taggedFunction(
  tx: StoreTx,
  ctx: ValidationContext,
  resource: TaggableResource,
  arn: string,
): Promise<FunctionRecord> {
  if (resource.kind !== 'function') throw missingResource(resource, arn);
  const fn = await tx.getFunction(ctx.accountId, resource.name);
  // [LS test_tag_exceptions/tag_lambda_doesnotexist]: the unqualified ARN in the region served.
  if (fn === undefined) throw functionNotFound(functionArn(ctx, resource.name));
  return fn;
}

/**
 * Saves the function's new tags. AWS gives $LATEST a new RevisionId on every tag change
 * ([LS TestLambdaTags::test_tag_lifecycle]), so clients holding the old one see the change.
 */
export async function saveFunctionTags(tx: StoreTx, fn: FunctionRecord, tags: Readonly<Record<string, string>>): Promise<void> {
  await tx.putFunction({ ...fn, tags: { ...tags } });
  const latest = await tx.getVersion(fn.accountId, fn.name, LATEST);
  if (latest !== undefined) {
    await tx.putVersion({ ...latest, config: { ...latest.config, RevisionId: newRevisionId() } });
  }
}
