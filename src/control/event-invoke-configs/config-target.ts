/** Which (function, qualifier) an event-invoke config belongs to: `$LATEST`, a version or an alias. */
import type { StoreTx } from '../../store/store.js';
import type { ValidationContext } from '../validation/context.js';
import type { FunctionRef } from '../validation/function-ref.js';
import { LATEST, VERSION_NUMBER } from '../functions/function-reader.js';
import { functionDoesNotExist } from './event-invoke-config-view.js';

export interface ConfigTarget {
  readonly functionName: string;
  readonly qualifier: string;
}

/** The key a config is stored under: no qualifier means `$LATEST`; version numbers lose leading zeros. */
export function targetOf(ref: FunctionRef): ConfigTarget {
  const q = ref.qualifier ?? LATEST;
  return { functionName: ref.name, qualifier: VERSION_NUMBER.test(q) ? String(Number(q)) : q };
}

/** Put and Update need the function and the version or alias to exist. [LS put_alias_doesnotexist] */
export async function existingTarget(tx: StoreTx, ctx: ValidationContext, ref: FunctionRef): Promise<ConfigTarget> {
  const target = targetOf(ref);
  const fn = await tx.getFunction(ctx.accountId, target.functionName);
  if (fn === undefined) throw functionDoesNotExist();
  const { qualifier } = target;
  if (qualifier === LATEST) return target;
  const found = VERSION_NUMBER.test(qualifier)
    ? await tx.getVersion(ctx.accountId, target.functionName, qualifier)
    : await tx.getAlias(ctx.accountId, target.functionName, qualifier);
  if (found === undefined) throw functionDoesNotExist();
  return target;
}
