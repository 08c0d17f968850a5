/**
 * What a function qualifier means: nothing or `$LATEST` is the function's unpublished version, digits
 * a published version (leading zeros dropped), anything else an alias name. The pure half of the
 * qualifier resolver; looking the alias up is the store's (src/control/functions/qualifier-resolver.ts).
 */
export const LATEST = '$LATEST';

/** A published version's qualifier (as opposed to `$LATEST` or an alias name). */
export const VERSION_NUMBER = /^[0-9]+$/;

export type QualifierKind =
  | { readonly kind: 'latest' }
  | { readonly kind: 'version'; readonly version: string }
  | { readonly kind: 'alias'; readonly alias: string };

export function qualifierKind(qualifier: string | undefined): QualifierKind {
  if (qualifier === undefined || qualifier === LATEST) return { kind: 'latest' };
  if (VERSION_NUMBER.test(qualifier)) return { kind: 'version', version: String(Number(qualifier)) };
  return { kind: 'alias', alias: qualifier };
}

/** The qualifier a record is stored under: `$LATEST` for none, version numbers without leading zeros. */
export function storedQualifier(qualifier: string | undefined): string {
  const kind = qualifierKind(qualifier);
  return kind.kind === 'latest' ? LATEST : kind.kind === 'version' ? kind.version : kind.alias;
}

/**
 * The qualifier a function's resource policy is stored under: `''` for the function itself, which
 * `$LATEST` (or no qualifier) names, since `$LATEST` has no policy of its own (AddPermission refuses it).
 */
export function policyQualifier(qualifier: string | undefined): string {
  return qualifier === undefined || qualifier === LATEST ? '' : qualifier;
}
