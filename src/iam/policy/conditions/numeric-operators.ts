import type { ConditionOperator } from './operator.js';

function numeric(compare: (p: number, c: number) => boolean): (p: string, c: string) => boolean {
  return (p, c) => {
    if (p.trim() === '' || c.trim() === '') return false;
    const pn = Number(p);
    const cn = Number(c);
    return Number.isFinite(pn) && Number.isFinite(cn) && compare(pn, cn);
  };
}

const eq = numeric((p, c) => c === p);

export const numericOperators: Readonly<Record<string, ConditionOperator>> = {
  numericequals: { match: eq, negated: false, variables: false },
  numericnotequals: { match: eq, negated: true, variables: false },
  numericlessthan: { match: numeric((p, c) => c < p), negated: false, variables: false },
  numericlessthanequals: { match: numeric((p, c) => c <= p), negated: false, variables: false },
  numericgreaterthan: { match: numeric((p, c) => c > p), negated: false, variables: false },
  numericgreaterthanequals: { match: numeric((p, c) => c >= p), negated: false, variables: false },
};
