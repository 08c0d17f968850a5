import type { ConditionContext } from './conditions/context-value.js';
import { lookupContext } from './conditions/context-value.js';

// Substitutes `${key}` and `${key, 'default'}` policy variables. Returns undefined when a variable cannot be
// resolved and has no default: AWS then treats the element as not matching.
const VARIABLE = /\$\{([^}]*)\}/g;
const DEFAULTED = /^\s*([^,]+?)\s*,\s*'([^']*)'\s*$/;

export function substituteVariables(text: string, context: ConditionContext): string | undefined {
  let unresolved = false;
  const result = text.replace(VARIABLE, (_whole, inner: string) => {
    // The escapes exist so a literal `*`, `?` or `$` can be written where the others would be wildcards.
    if (inner === '*' || inner === '?' || inner === '$') return `\u0000${inner}`;
    const defaulted = DEFAULTED.exec(inner);
    const key = (defaulted?.[1] ?? inner).trim();
    const value = lookupContext(context, key);
    const single = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
    if (single !== undefined) return escapeWildcards(String(single));
    if (defaulted?.[2] !== undefined) return escapeWildcards(defaulted[2]);
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : result;
}

// Substituted values are literal text: a `*` in a user name must not act as a wildcard.
function escapeWildcards(value: string): string {
  return value.replace(/[*?$]/g, (c) => `\u0000${c}`);
}
