/** Which (function, qualifier) an event-invoke config belongs to: `$LATEST`, a version or an alias. */
import type { StoreTx } from '../../store/store.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { storedQualifier } from '../../shared/arn/qualifier.js';
import { resolveQualifier } from '../functions/qualifier-resolver.js';
import { functionDoesNotExist } from './event-invoke-config-view.js';

export interface ConfigTarget {
  readonly functionName: string;
  readonly qualifier: string;
}

/** The key a config is stored under: no qualifier means `$LATEST`; version numbers lose leading zeros. */
export function targetOf(ref: FunctionRef): ConfigTarget {
  return { functionName: ref.name, qualifier: storedQualifier(ref.qualifier) };
}

/** Put and Update need the function and the version or alias to exist. [LS put_alias_doesnotexist] */
export async function existingTarget(tx: StoreTx, ctx: ValidationContext, ref: FunctionRef): Promise<ConfigTarget> {
  const target = targetOf(ref);
  const fn = await tx.getFunction(ctx.accountId, target.functionName);
  if (fn === undefined) throw functionDoesNotExist();
  const resolved = await resolveQualifier(tx, { accountId: ctx.accountId, name: target.functionName, qualifier: target.qualifier });
  if (resolved === undefined) throw functionDoesNotExist();
  if (resolved.kind === 'version' && (await tx.getVersion(ctx.accountId, target.functionName, resolved.version)) === undefined) {
    throw functionDoesNotExist();
  }
  return target;
}
