/**
 * UpdateAlias. Members left out keep their values; an empty AdditionalVersionWeights map removes the
 * routing. The RevisionId changes on every update, even one that changes nothing (as AWS does:
 * LocalStack `test_alias_lifecycle/update_alias_1_2`).
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { UpdateAliasInput } from '../validation/alias.js';
import type { AliasRecord } from '../../store/records.js';
import type { AliasConfiguration } from './alias-configuration.js';
import { toAliasConfiguration } from './alias-configuration.js';
import { getAliasOrThrow } from './alias-reader.js';
import { checkRouting, targetVersionOrThrow } from './alias-targets.js';
import { PreconditionFailedError } from '../../shared/errors/lambda-errors.js';
import { newRevisionId } from '../../shared/clock.js';

export async function updateAlias(
  deps: ControlDeps,
  ctx: ValidationContext,
  functionName: string,
  name: string,
  input: UpdateAliasInput,
): Promise<AliasConfiguration> {
  const updated = await deps.store.transact(async (tx) => {
    const current = await getAliasOrThrow(tx, ctx, functionName, name, 'Alias not found');
    if (input.RevisionId !== undefined && input.RevisionId !== current.revisionId) {
      throw new PreconditionFailedError(
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      );
    }
    const target = await targetVersionOrThrow(tx, ctx, functionName, input.FunctionVersion ?? current.functionVersion);
    // The kept routing is checked again when only the version moves (it may now name the same version).
    const weights = await checkRouting(
      tx,
      ctx,
      target,
      input.RoutingConfig === undefined ? current.additionalVersionWeights : input.RoutingConfig.AdditionalVersionWeights,
    );
    const record: AliasRecord = {
      ...current,
      functionVersion: target.version,
      description: input.Description ?? current.description,
      additionalVersionWeights: weights,
      revisionId: newRevisionId(),
    };
    await tx.putAlias(record);
    return record;
  });
  return toAliasConfiguration(ctx, updated);
}
