import type { ConditionOperator } from './operator.js';

// IAM dates are ISO 8601 (date or date-time) or epoch seconds.
export function parseIamDate(value: string): number | undefined {
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function date(compare: (p: number, c: number) => boolean): (p: string, c: string) => boolean {
  return (p, c) => {
    const pd = parseIamDate(p);
    const cd = parseIamDate(c);
    return pd !== undefined && cd !== undefined && compare(pd, cd);
  };
}

const eq = date((p, c) => c === p);

export const dateOperators: Readonly<Record<string, ConditionOperator>> = {
  dateequals: { match: eq, negated: false, variables: false },
  datenotequals: { match: eq, negated: true, variables: false },
  datelessthan: { match: date((p, c) => c < p), negated: false, variables: false },
  datelessthanequals: { match: date((p, c) => c <= p), negated: false, variables: false },
  dategreaterthan: { match: date((p, c) => c > p), negated: false, variables: false },
  dategreaterthanequals: { match: date((p, c) => c >= p), negated: false, variables: false },
};
