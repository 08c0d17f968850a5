import type { ConditionEntry } from '../policy-document.js';
import { substituteVariables } from '../variables.js';
import { arnOperators } from './arn-operators.js';
import type { ConditionContext } from './context-value.js';
import { contextValues } from './context-value.js';
import { dateOperators } from './date-operators.js';
import { ipOperators } from './ip-operators.js';
import { numericOperators } from './numeric-operators.js';
import type { ConditionOperator } from './operator.js';
import { scalarOperators } from './scalar-operators.js';
import { stringOperators } from './string-operators.js';

const OPERATORS: Readonly<Record<string, ConditionOperator>> = {
  ...stringOperators,
  ...numericOperators,
  ...dateOperators,
  ...scalarOperators,
  ...ipOperators,
  ...arnOperators,
};

interface ParsedOperator {
  readonly qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  readonly name: string;
  readonly ifExists: boolean;
}

function parseOperator(full: string): ParsedOperator {
  let rest = full;
  let qualifier: ParsedOperator['qualifier'];
  const lower = full.toLowerCase();
  if (lower.startsWith('forallvalues:')) {
    qualifier = 'ForAllValues';
    rest = full.slice('forallvalues:'.length);
  } else if (lower.startsWith('foranyvalue:')) {
    qualifier = 'ForAnyValue';
    rest = full.slice('foranyvalue:'.length);
  }
  const ifExists = rest.toLowerCase().endsWith('ifexists');
  const name = (ifExists ? rest.slice(0, -'ifexists'.length) : rest).toLowerCase();
  return { qualifier, name, ifExists };
}

export function isKnownOperator(full: string): boolean {
  const { name } = parseOperator(full);
  return name === 'null' || OPERATORS[name] !== undefined;
}

// Whether one context value satisfies the operator against all policy values (OR for positive, AND for negated).
function valueSatisfies(op: ConditionOperator, policyValues: readonly string[], value: string): boolean {
  const anyMatch = policyValues.some((p) => op.match(p, value));
  return op.negated ? !anyMatch : anyMatch;
}

export function evaluateCondition(entry: ConditionEntry, context: ConditionContext, variables: boolean): boolean {
  const parsed = parseOperator(entry.operator);
  const present = contextValues(context, entry.key);
  if (parsed.name === 'null') {
    const wantsAbsent = entry.values.some((v) => v.toLowerCase() === 'true');
    const wantsPresent = entry.values.some((v) => v.toLowerCase() === 'false');
    return present === undefined ? wantsAbsent : wantsPresent;
  }
  const op = OPERATORS[parsed.name];
  // An operator IAM does not know never matches, so a Deny with a typo cannot silently allow.
  if (op === undefined) return false;
  const policyValues = entry.values.flatMap((v) => {
    if (!op.variables || !variables) return [v];
    const substituted = substituteVariables(v, context);
    return substituted === undefined ? [] : [substituted];
  });
  if (present === undefined) {
    if (parsed.qualifier === 'ForAllValues') return true;
    if (parsed.qualifier === 'ForAnyValue') return false;
    if (parsed.ifExists) return true;
    return op.negated;
  }
  if (parsed.qualifier === 'ForAllValues') return present.every((v) => valueSatisfies(op, policyValues, v));
  if (op.negated && parsed.qualifier === undefined) return present.every((v) => valueSatisfies(op, policyValues, v));
  return present.some((v) => valueSatisfies(op, policyValues, v));
}

export function conditionsMatch(
  entries: readonly ConditionEntry[],
  context: ConditionContext,
  variables: boolean,
): boolean {
  return entries.every((entry) => evaluateCondition(entry, context, variables));
}
