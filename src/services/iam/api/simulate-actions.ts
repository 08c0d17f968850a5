/** SimulatePrincipalPolicy. */
import type { IamActionTable } from './iam-action.js';
import { pageMembers, pageOf, pageWindow } from './iam-pagination.js';
import type { QueryParams } from '../../../http/query/query-params.js';
import type { XmlObject } from '../../../http/query/xml.js';
import { simulatePrincipalPolicy } from '../operations/simulate.js';
import type { ContextEntry, SimulationResult } from '../operations/simulate.js';

function readContextEntries(params: QueryParams): ContextEntry[] {
  const entries: ContextEntry[] = [];
  for (let n = 1; params.has(`ContextEntries.member.${n}.ContextKeyName`); n++) {
    const prefix = `ContextEntries.member.${n}`;
    entries.push({
      key: params.required(`${prefix}.ContextKeyName`),
      type: params.get(`${prefix}.ContextKeyType`) ?? 'string',
      values: params.list(`${prefix}.ContextKeyValues.member`),
    });
  }
  return entries;
}

function renderResult(result: SimulationResult): XmlObject {
  return {
    EvalActionName: result.action,
    EvalResourceName: result.resource,
    EvalDecision: result.decision,
    MatchedStatements: result.matched.map((m) => ({
      SourcePolicyId: m.sourcePolicyId,
      SourcePolicyType: m.sourcePolicyType,
      StartPosition: m.span === undefined ? undefined : { Line: m.span.start.line, Column: m.span.start.column },
      EndPosition: m.span === undefined ? undefined : { Line: m.span.end.line, Column: m.span.end.column },
    })),
    MissingContextValues: [],
    PermissionsBoundaryDecisionDetail:
      result.allowedByBoundary === undefined ? undefined : { AllowedByPermissionsBoundary: result.allowedByBoundary },
  };
}

export const SIMULATE_ACTIONS: IamActionTable = {
  SimulatePrincipalPolicy: {
    iamAction: 'iam:SimulatePrincipalPolicy',
    resource: async ({ params }) => params.required('PolicySourceArn'),
    async run({ params, deps, accountId }) {
      const actionNames = params.list('ActionNames.member');
      const { start, maxItems } = pageWindow(params);
      const { results, total } = await simulatePrincipalPolicy(deps, accountId, {
        policySourceArn: params.required('PolicySourceArn'),
        actionNames: actionNames.length === 0 ? [params.required('ActionNames')] : actionNames,
        resourceArns: params.list('ResourceArns.member'),
        contextEntries: readContextEntries(params),
        policyInputList: params.list('PolicyInputList.member'),
        resourcePolicy: params.get('ResourcePolicy'),
        window: { start, count: maxItems },
      });
      const page = pageOf(results, start, total);
      return { EvaluationResults: page.items.map(renderResult), ...pageMembers(page) };
    },
  },
};
