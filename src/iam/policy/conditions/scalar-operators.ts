import type { ConditionOperator } from './operator.js';

const bool = (p: string, c: string): boolean => {
  const pl = p.toLowerCase();
  return (pl === 'true' || pl === 'false') && pl === c.toLowerCase();
};

// BinaryEquals compares base64 payloads byte for byte.
const binaryEquals = (p: string, c: string): boolean => {
  const pb = Buffer.from(p, 'base64');
  return pb.length > 0 && pb.equals(Buffer.from(c, 'base64'));
};

export const scalarOperators: Readonly<Record<string, ConditionOperator>> = {
  bool: { match: bool, negated: false, variables: false },
  binaryequals: { match: binaryEquals, negated: false, variables: false },
};
