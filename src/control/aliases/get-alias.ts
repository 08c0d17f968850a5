/** GetAlias. */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { AliasConfiguration } from './alias-configuration.js';
import { toAliasConfiguration } from './alias-configuration.js';
import { getAliasOrThrow } from './alias-reader.js';

export async function getAlias(
  deps: ControlDeps,
  ctx: ValidationContext,
  functionName: string,
  name: string,
): Promise<AliasConfiguration> {
  const alias = await deps.store.transact((tx) => getAliasOrThrow(tx, ctx, functionName, name, 'Cannot find alias arn'));
  return toAliasConfiguration(ctx, alias);
}
