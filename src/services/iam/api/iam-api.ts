/**
 * The IAM query-protocol service on the front door (signing name `iam`). Every action is authorized as its
 * IAM action on its resource before it runs, when an authorizer is configured.
 */
import type { ApiRequest } from '../../../http/api-request.js';
import type { ApiService } from '../../../http/service.js';
import { AccessDeniedError } from '../../../shared/errors/aws-error.js';
import { QueryAccessDeniedError } from '../../../shared/errors/query-errors.js';
import { createQueryService } from '../../../http/query/query-service.js';
import type { QueryHandler } from '../../../http/query/query-service.js';
import type { QueryParams } from '../../../http/query/query-params.js';
import type { Caller } from '../../../iam/caller.js';
import type { Authorize } from '../../../iam/authz/authorize.js';
import type { RequestFacts } from '../../../iam/authz/access-request.js';
import type { IamDeps } from '../operations/iam-deps.js';
import type { IamAction, IamActionTable } from './iam-action.js';
import { USER_ACTIONS } from './user-actions.js';
import { ROLE_ACTIONS } from './role-actions.js';
import { GROUP_ACTIONS } from './group-actions.js';
import { POLICY_ACTIONS } from './policy-actions.js';
import { PRINCIPAL_POLICY_ACTIONS } from './principal-policy-actions.js';
import { SIMULATE_ACTIONS } from './simulate-actions.js';
import { iamRequestContext } from './iam-conditions.js';

export const IAM_VERSION = '2010-05-08';
export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

export const IAM_ACTIONS: IamActionTable = {
  ...USER_ACTIONS,
  ...ROLE_ACTIONS,
  ...GROUP_ACTIONS,
  ...POLICY_ACTIONS,
  ...PRINCIPAL_POLICY_ACTIONS,
  ...SIMULATE_ACTIONS,
};

export interface IamApiOptions {
  readonly deps: IamDeps;
  readonly region: string;
  /** Authorizes every action; without it every authenticated caller may do everything (no IAM enforcement). */
  readonly authorize?: Authorize;
  readonly actions?: IamActionTable;
}

export function requestFacts(req: ApiRequest, region: string): RequestFacts {
  return { sourceIp: req.sourceIp, secureTransport: false, now: req.receivedAt, region, requestId: req.requestId };
}

export function createIamApi(options: IamApiOptions): ApiService {
  const handlers: Record<string, QueryHandler> = {};
  for (const [name, action] of Object.entries(options.actions ?? IAM_ACTIONS)) {
    handlers[name] = (params, req, caller) => runAction(action, options, params, req, caller);
  }
  return createQueryService({ signingName: 'iam', version: IAM_VERSION, xmlns: IAM_XMLNS, actions: handlers });
}

async function runAction(action: IamAction, options: IamApiOptions, params: QueryParams, req: ApiRequest, caller: Caller) {
  const call = { params, req, caller, accountId: caller.accountId, deps: options.deps };
  if (options.authorize !== undefined) {
    const resource = await action.resource(call);
    noteIamTarget(req, action.iamAction, resource, params.get('PolicyArn'));
    const context = await iamRequestContext(action.iamAction, call);
    try {
      await options.authorize.authorize(
        caller,
        { action: action.iamAction, resource, resourceAccountId: caller.accountId, context },
        requestFacts(req, options.region),
      );
    } catch (err) {
      // IAM spells the code `AccessDenied` (query protocol), not rest-json's `AccessDeniedException`.
      if (err instanceof AccessDeniedError) throw new QueryAccessDeniedError(err.message);
      throw err;
    }
  }
  return action.run(call);
}

/**
 * The role or policy an IAM call names, for the audit trail: as an event resource, and, for a call that
 * changes it, as a resource whose configuration history gets a new item.
 */
function noteIamTarget(req: ApiRequest, iamAction: string, resource: string, policyArn: string | undefined): void {
  const note = req.note;
  const match = /^arn:aws:iam::\d{12}:(role|policy)\/(?:.*\/)?([^/]+)$/.exec(resource);
  if (note === undefined || match === null) return;
  const kind = match[1] === 'role' ? 'AWS::IAM::Role' : 'AWS::IAM::Policy';
  const name = match[1] === 'role' ? (match[2] ?? '') : resource;
  note.describe({ resources: [{ type: kind, name: match[1] === 'role' ? name : resource }] });
  if (/^iam:(Get|List|Simulate)/.test(iamAction)) return;
  note.changed({ resourceType: kind, resourceName: name });
  // Attaching or detaching changes the policy's attachment count too.
  if (policyArn !== undefined && /^iam:(Attach|Detach)(Role|User|Group)Policy$/.test(iamAction)) {
    note.changed({ resourceType: 'AWS::IAM::Policy', resourceName: policyArn });
  }
}
