/**
 * Finding an alias with the 404 AWS gives when it is missing. The wording differs by operation
 * (recorded from real AWS in LocalStack `test_lambda_api.snapshot.json`): GetAlias says
 * `Cannot find alias arn: <arn>` (`alias_does_not_exist_esc`), UpdateAlias says
 * `Alias not found: <arn>` (`test_non_existent_alias_update`).
 */
import type { StoreTx } from '../../store/store.js';
import type { AliasRecord } from '../../store/records.js';
import type { ValidationContext } from '../validation/context.js';
import { ResourceNotFoundError } from '../../shared/errors/lambda-errors.js';
import { getFunctionOrThrow } from '../functions/function-reader.js';
import { aliasArn } from './alias-configuration.js';

export type MissingAliasWording = 'Cannot find alias arn' | 'Alias not found';

/** The function must exist first: a missing one is `Function not found: <unqualified arn>`. */
export async function getAliasOrThrow(
  tx: StoreTx,
  ctx: ValidationContext,
  functionName: string,
  name: string,
  wording: MissingAliasWording,
): Promise<AliasRecord> {
  await getFunctionOrThrow(tx, ctx, functionName);
  const alias = await tx.getAlias(ctx.accountId, functionName, name);
  if (alias === undefined) throw new ResourceNotFoundError(`${wording}: ${aliasArn(ctx, functionName, name)}`);
  return alias;
}
