import { wildcardMatch } from '../wildcard.js';
import type { ConditionOperator } from './operator.js';

function literal(value: string): string {
  // NUL marks a literal `*`/`?`/`$` (see variables.ts); exact comparisons only need the character.
  return value.split('\u0000').join('');
}

const equals = (p: string, c: string): boolean => literal(p) === c;
const equalsIgnoreCase = (p: string, c: string): boolean => literal(p).toLowerCase() === c.toLowerCase();
const like = (p: string, c: string): boolean => wildcardMatch(p, c);

export const stringOperators: Readonly<Record<string, ConditionOperator>> = {
  stringequals: { match: equals, negated: false, variables: true },
  stringnotequals: { match: equals, negated: true, variables: true },
  stringequalsignorecase: { match: equalsIgnoreCase, negated: false, variables: true },
  stringnotequalsignorecase: { match: equalsIgnoreCase, negated: true, variables: true },
  stringlike: { match: like, negated: false, variables: true },
  stringnotlike: { match: like, negated: true, variables: true },
};
