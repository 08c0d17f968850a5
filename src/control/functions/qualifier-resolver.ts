/**
 * The one qualifier resolver: what a (function, qualifier) pair names — `$LATEST`, a published version
 * or an alias — with the alias read from the store. Control (GetFunction, policies, event-invoke configs,
 * destinations) and invoke use it alike, so a qualifier cannot mean one thing to one and another to the
 * other. The pure half (which kind a qualifier is) is src/shared/arn/qualifier.ts. Whether the version
 * itself exists is the caller's question: an Invoke of an alias picks its version by weight first.
 */
import type { StoreTx } from '../../store/store.js';
import type { AliasRecord } from '../../store/records.js';
import { LATEST, qualifierKind } from '../../shared/arn/qualifier.js';

export type ResolvedQualifier =
  | { readonly kind: 'latest'; readonly version: typeof LATEST }
  | { readonly kind: 'version'; readonly version: string }
  | { readonly kind: 'alias'; readonly alias: AliasRecord };

export interface QualifiedFunction {
  readonly accountId: string;
  readonly name: string;
  readonly qualifier?: string;
}

/** Undefined when the qualifier names an alias the function does not have. */
export async function resolveQualifier(tx: StoreTx, target: QualifiedFunction): Promise<ResolvedQualifier | undefined> {
  const kind = qualifierKind(target.qualifier);
  if (kind.kind === 'latest') return { kind: 'latest', version: LATEST };
  if (kind.kind === 'version') return kind;
  const alias = await tx.getAlias(target.accountId, target.name, kind.alias);
  return alias === undefined ? undefined : { kind: 'alias', alias };
}

/** The version a resolved qualifier runs when nothing routes by weight: an alias's main version. */
export function primaryVersion(resolved: ResolvedQualifier): string {
  return resolved.kind === 'alias' ? resolved.alias.functionVersion : resolved.version;
}
