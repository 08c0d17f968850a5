import type { ConditionContext } from './conditions/context-value.js';
import { conditionsMatch } from './conditions/evaluate-conditions.js';
import { isUnknownKey } from './conditions/unknown-keys.js';
import type { EvaluationRequest } from './evaluation-types.js';
import type { PolicyDocument, PolicyStatement } from './policy-document.js';
import { substituteVariables } from './variables.js';
import { actionMatches, resourceMatches } from './wildcard.js';

// IAM substitutes variables only in the resource part of an ARN (after the fifth colon); service, region and
// account stay literal.
function substituteInResourcePart(pattern: string, context: ConditionContext): string | undefined {
  if (!pattern.startsWith('arn:')) return substituteVariables(pattern, context);
  // Colons inside `${aws:…}` do not separate ARN parts.
  let colons = 0;
  let inVariable = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '$' && pattern.charAt(i + 1) === '{') inVariable = true;
    else if (c === '}') inVariable = false;
    else if (c === ':' && !inVariable && ++colons === 5) {
      const tail = substituteVariables(pattern.slice(i + 1), context);
      return tail === undefined ? undefined : `${pattern.slice(0, i + 1)}${tail}`;
    }
  }
  return substituteVariables(pattern, context);
}

function anyResource(
  patterns: readonly string[],
  resource: string,
  context: ConditionContext,
  variables: boolean,
): boolean {
  return patterns.some((pattern) => {
    const resolved = variables ? substituteInResourcePart(pattern, context) : pattern;
    // An unresolvable variable makes that resource entry match nothing.
    return resolved !== undefined && resourceMatches(resolved, resource);
  });
}

export function actionApplies(statement: PolicyStatement, action: string): boolean {
  if (statement.action !== undefined) return statement.action.some((p) => actionMatches(p, action));
  if (statement.notAction !== undefined) return !statement.notAction.some((p) => actionMatches(p, action));
  return false;
}

export function resourceApplies(
  statement: PolicyStatement,
  resource: string,
  context: ConditionContext,
  variables: boolean,
): boolean {
  if (statement.resource !== undefined) return anyResource(statement.resource, resource, context, variables);
  if (statement.notResource !== undefined) return !anyResource(statement.notResource, resource, context, variables);
  // Resource policies may omit Resource: the statement then covers the resource the policy is attached to.
  return true;
}

// Action, resource and condition checks; principal checks belong to the caller (resource policies only).
export function statementApplies(
  document: PolicyDocument,
  statement: PolicyStatement,
  request: EvaluationRequest,
  context: ConditionContext,
): boolean {
  // Policy variables exist only in the 2012-10-17 language; in older documents `${…}` is literal text.
  const variables = document.version === '2012-10-17';
  if (!actionApplies(statement, request.action) || !resourceApplies(statement, request.resource, context, variables)) return false;
  const unknown = request.unknownKeys ?? [];
  if (unknown.length === 0) return conditionsMatch(statement.conditions, context, variables);
  // Fail closed: what the platform cannot know is assumed to match a Deny and not to match an Allow.
  const known = statement.conditions.filter((entry) => !isUnknownKey(unknown, entry.key));
  if (known.length < statement.conditions.length && statement.effect === 'Allow') return false;
  return conditionsMatch(known, context, variables);
}
