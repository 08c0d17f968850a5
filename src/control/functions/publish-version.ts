/** PublishVersion with Lambda's CodeSha256 and RevisionId checks. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import type { PublishVersionInput } from '../validation/publish-version.js';
import type { FunctionConfiguration } from '../../store/function-configuration.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { LATEST, notFoundFor, toConfiguration } from './function-reader.js';
import { assertNotInProgress, assertRevision } from './update-guards.js';
import { publishInTx } from './publish.js';

export async function publishVersion(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: FunctionRef,
  input: PublishVersionInput,
): Promise<FunctionConfiguration> {
  const now = deps.clock.now();
  const { version, created } = await deps.store.transact(async (tx) => {
    const latest = await tx.getVersion(ctx.accountId, ref.name, LATEST);
    if (latest === undefined) throw notFoundFor(ctx, { name: ref.name });
    if (input.CodeSha256 !== undefined && input.CodeSha256 !== latest.config.CodeSha256) {
      throw new InvalidParameterValueError(
        `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.config.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
      );
    }
    assertRevision(latest, input.RevisionId);
    assertNotInProgress(latest);
    return publishInTx(tx, deps.keys, latest, input.Description, now);
  });
  if (created) deps.deployer.schedule(ctx.accountId, ref.name, version.version);
  return toConfiguration(deps.keys, version);
}
