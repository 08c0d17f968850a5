import { splitArn, wildcardMatch } from '../wildcard.js';
import type { ConditionOperator } from './operator.js';

// ArnEquals and ArnLike behave the same: each of the six ARN parts is compared separately, wildcards allowed.
const arnLike = (p: string, c: string): boolean => {
  const pp = splitArn(p);
  const cp = splitArn(c);
  if (pp === undefined || cp === undefined) return false;
  return pp.every((part, index) => wildcardMatch(part, cp[index] ?? ''));
};

export const arnOperators: Readonly<Record<string, ConditionOperator>> = {
  arnequals: { match: arnLike, negated: false, variables: true },
  arnlike: { match: arnLike, negated: false, variables: true },
  arnnotequals: { match: arnLike, negated: true, variables: true },
  arnnotlike: { match: arnLike, negated: true, variables: true },
};
