/**
 * CreateAlias. Order of checks as recorded from AWS (LocalStack `test_notfound_and_invalid_routingconfigs`):
 * the target version (a missing function reads `Function not found: <arn>:<version>` too), then the
 * name's uniqueness, then the routing configuration.
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { CreateAliasInput } from '../validation/alias.js';
import type { AliasRecord } from '../../store/records.js';
import type { AliasConfiguration } from './alias-configuration.js';
import { aliasArn, toAliasConfiguration } from './alias-configuration.js';
import { checkRouting, targetVersionOrThrow } from './alias-targets.js';
import { ResourceConflictError } from '../../shared/errors/lambda-errors.js';
import { newRevisionId } from '../../shared/clock.js';

export async function createAlias(
  deps: ControlDeps,
  ctx: ValidationContext,
  functionName: string,
  input: CreateAliasInput,
): Promise<AliasConfiguration> {
  const alias = await deps.store.transact(async (tx) => {
    const target = await targetVersionOrThrow(tx, ctx, functionName, input.FunctionVersion);
    if ((await tx.getAlias(ctx.accountId, functionName, input.Name)) !== undefined) {
      throw new ResourceConflictError(`Alias already exists: ${aliasArn(ctx, functionName, input.Name)}`);
    }
    const weights = await checkRouting(tx, ctx, target, input.RoutingConfig?.AdditionalVersionWeights ?? null);
    const record: AliasRecord = {
      accountId: ctx.accountId,
      functionName,
      name: input.Name,
      functionVersion: target.version,
      description: input.Description,
      additionalVersionWeights: weights,
      revisionId: newRevisionId(),
    };
    await tx.putAlias(record);
    return record;
  });
  return toAliasConfiguration(ctx, alias);
}
