/** The CanonicalQueryString line, and the decoded view of the query the parser reads auth parameters from. */
import { decodeQueryComponent, reencode } from './uri-encode.js';

const QUERY_COMPONENT = { plusIsSpace: true, keepSlash: false } as const;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Names and values decoded and re-encoded strictly, sorted by name then value, `name=value` joined by `&`
 * (a parameter without `=` signs as `name=`). Names in `excludedNames` (compared in canonical form, e.g.
 * `X-Amz-Signature`) are left out.
 */
export function canonicalQueryString(rawQuery: string, excludedNames: readonly string[] = []): string {
  if (rawQuery === '') return '';
  const pairs: Array<[string, string]> = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = reencode(eq < 0 ? piece : piece.slice(0, eq), QUERY_COMPONENT);
    if (excludedNames.length > 0 && excludedNames.includes(name)) continue;
    const value = eq < 0 ? '' : reencode(piece.slice(eq + 1), QUERY_COMPONENT);
    pairs.push([name, value]);
  }
  pairs.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  let out = '';
  for (const [name, value] of pairs) out += (out === '' ? '' : '&') + name + '=' + value;
  return out;
}

/** Decoded parameters, first occurrence of each name (names are case-sensitive, as AWS reads them). */
export function firstQueryValues(rawQuery: string): Map<string, string> {
  const params = new Map<string, string>();
  if (rawQuery === '') return params;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = decodeQueryComponent(eq < 0 ? piece : piece.slice(0, eq));
    if (params.has(name)) continue;
    params.set(name, eq < 0 ? '' : decodeQueryComponent(piece.slice(eq + 1)));
  }
  return params;
}
