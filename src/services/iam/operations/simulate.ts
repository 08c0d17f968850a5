/**
 * SimulatePrincipalPolicy: evaluates actions × resources for a user or role with the policy engine the
 * authorizer uses, and names the statement that decided each result.
 */
import type { ConditionContext, ContextValue } from '../../../iam/policy/conditions/context-value.js';
import { evaluate } from '../../../iam/policy/evaluate.js';
import type { Decision, EvaluationPrincipal, Policy } from '../../../iam/policy/evaluation-types.js';
import { parsePolicyDocument } from '../../../iam/policy/policy-document.js';
import type { IamDeps } from './iam-deps.js';
import { InvalidInputError, NoSuchEntityError } from './iam-errors.js';
import { MalformedPolicyDocumentError } from '../../../shared/errors/query-errors.js';
import { principalNameFromArn } from '../../../iam/ids.js';
import { loadPrincipalPolicies } from './principal-policy-loader.js';
import type { PolicySourceInfo } from './principal-policy-loader.js';
import { statementSpans } from './statement-positions.js';
import type { StatementSpan } from './statement-positions.js';

export interface ContextEntry {
  readonly key: string;
  readonly type: string;
  readonly values: readonly string[];
}

export interface SimulateInput {
  readonly policySourceArn: string;
  readonly actionNames: readonly string[];
  readonly resourceArns: readonly string[];
  readonly contextEntries: readonly ContextEntry[];
  /** Extra identity policies to include (PolicyInputList). */
  readonly policyInputList: readonly string[];
  readonly resourcePolicy?: string | undefined;
  /** The page of (action, resource) pairs to evaluate, actions outer, resources inner, as AWS orders them. */
  readonly window: { readonly start: number; readonly count: number };
}

export interface MatchedStatement {
  readonly sourcePolicyId: string;
  readonly sourcePolicyType: PolicySourceInfo['sourceType'] | 'resource';
  readonly span?: StatementSpan;
}

export interface SimulationResult {
  readonly action: string;
  readonly resource: string;
  readonly decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  readonly matched: MatchedStatement[];
  readonly allowedByBoundary?: boolean;
  readonly engine: Decision;
}

function contextValue(entry: ContextEntry): ContextValue {
  const list = entry.type.endsWith('List');
  const base = list ? entry.type.slice(0, -4) : entry.type;
  const convert = (v: string): string | number | boolean =>
    base === 'numeric' ? Number(v) : base === 'boolean' ? v.toLowerCase() === 'true' : v;
  const values = entry.values.map(convert);
  return list ? values : (values[0] ?? '');
}

const DECISION: Record<Decision['decision'], SimulationResult['decision']> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

/**
 * Evaluates the (action, resource) pairs of one page only: every action against every resource is a
 * product that a 1 MiB request can make ~10^8 long, and evaluating (and holding) all of it to return
 * 100 would let one caller block the server for minutes.
 */
export async function simulatePrincipalPolicy(
  deps: IamDeps,
  accountId: string,
  input: SimulateInput,
): Promise<{ results: SimulationResult[]; total: number }> {
  const target = principalNameFromArn(input.policySourceArn);
  if (target === undefined || (target.kind !== 'user' && target.kind !== 'role')) {
    throw new InvalidInputError(`Invalid ARN: ${input.policySourceArn}`);
  }
  const kind = target.kind;
  const loaded = await deps.store.transact((tx) =>
    target.accountId === accountId ? loadPrincipalPolicies(tx, kind, accountId, target.name) : Promise.resolve(undefined),
  );
  if (loaded === undefined) {
    throw new NoSuchEntityError(`The ${kind} with name ${target.name} cannot be found.`);
  }
  const identity: Policy[] = [...loaded.identity];
  const sources = new Map(loaded.sources);
  input.policyInputList.forEach((text, i) => {
    const parsed = parsePolicyDocument(text, 'identity');
    if (!parsed.ok) throw new MalformedPolicyDocumentError(parsed.message);
    const id = `PolicyInputList.${i + 1}`;
    identity.push({ id, document: parsed.document });
    sources.set(id, { sourceId: id, sourceType: 'none', document: text });
  });
  let resource: Policy | undefined;
  if (input.resourcePolicy !== undefined) {
    const parsed = parsePolicyDocument(input.resourcePolicy, 'resource');
    if (!parsed.ok) throw new MalformedPolicyDocumentError(parsed.message);
    resource = { id: 'ResourcePolicy', document: parsed.document };
  }
  const principal: EvaluationPrincipal =
    kind === 'user'
      ? {
          arn: loaded.principal.arn,
          accountId,
          type: 'User',
          userId: 'userId' in loaded.principal ? loaded.principal.userId : '',
          username: loaded.principal.name,
          tags: loaded.tags,
        }
      : { arn: loaded.principal.arn, accountId, type: 'AssumedRole', roleArn: loaded.principal.arn, tags: loaded.tags };
  const context: Record<string, ContextValue> = {};
  for (const entry of input.contextEntries) context[entry.key] = contextValue(entry);
  const resources = input.resourceArns.length === 0 ? ['*'] : input.resourceArns;

  const results: SimulationResult[] = [];
  const total = input.actionNames.length * resources.length;
  const end = Math.min(total, input.window.start + input.window.count);
  for (let i = input.window.start; i < end; i++) {
    const action = input.actionNames[Math.floor(i / resources.length)] ?? '';
    const resourceArn = resources[i % resources.length] ?? '*';
    const request = { principal, action, resource: resourceArn, resourceAccountId: accountId, context: context as ConditionContext };
    const engine = evaluate(request, {
      identity,
      ...(resource === undefined ? {} : { resource }),
      ...(loaded.permissionsBoundary === undefined ? {} : { permissionsBoundary: loaded.permissionsBoundary }),
    });
    const matched: MatchedStatement[] = [];
    if (engine.deciding !== undefined) {
      const { policy, statementIndex, policyType } = engine.deciding;
      const source = sources.get(policy);
      const text = policyType === 'resource' ? input.resourcePolicy : source?.document;
      const span = text === undefined ? undefined : statementSpans(text)[statementIndex];
      matched.push({
        sourcePolicyId: source?.sourceId ?? policy,
        sourcePolicyType: policyType === 'resource' ? 'resource' : (source?.sourceType ?? 'none'),
        ...(span === undefined ? {} : { span }),
      });
    }
    const boundary = loaded.permissionsBoundary;
    const allowedByBoundary =
      boundary === undefined ? undefined : evaluate(request, { identity: [boundary] }).decision === 'Allowed';
    results.push({
      action,
      resource: resourceArn,
      decision: DECISION[engine.decision],
      matched,
      ...(allowedByBoundary === undefined ? {} : { allowedByBoundary }),
      engine,
    });
  }
  return { results, total };
}
