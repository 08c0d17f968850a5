/**
 * Resource-based policies: AddPermission / RemovePermission / GetPolicy on functions, versions and
 * aliases, and AddLayerVersionPermission / RemoveLayerVersionPermission / GetLayerVersionPolicy.
 */
import type { LambdaRoute } from './lambda-route.js';
import { onFunction, onLayerVersion } from './iam-targets.js';
import { jsonBody } from './json-body.js';
import { queryParam } from './query-params.js';
import { FUNCTION_NAME_SHAPE, resolveFunctionRef } from '../../control/validation/function-ref.js';
import { parseLayerVersionNumber, resolveLayerName } from '../../control/validation/layer-arn.js';
import {
  parseAddLayerVersionPermissionInput,
  parseAddPermissionInput,
  parseRemoveStatementId,
} from '../../control/validation/permissions.js';
import { addPermission } from '../../control/permissions/add-permission.js';
import { removePermission } from '../../control/permissions/remove-permission.js';
import { getPolicy } from '../../control/permissions/get-policy.js';
import {
  addLayerVersionPermission,
  getLayerVersionPolicy,
  removeLayerVersionPermission,
} from '../../control/permissions/layer-version-permissions.js';
import type { LayerVersionTarget } from '../../control/permissions/layer-version-permissions.js';

const FUNCTION_POLICY = '/2015-03-31/functions/:FunctionName/policy';
const LAYER_POLICY = '/2018-10-31/layers/:LayerName/versions/:VersionNumber/policy';

/** Values AddPermission's statement is conditioned on, offered to identity policies as Lambda does. */
function addPermissionContext(body: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const context: Record<string, string> = {};
  const principal = body?.['Principal'];
  const authType = body?.['FunctionUrlAuthType'];
  if (typeof principal === 'string') context['lambda:Principal'] = principal;
  if (typeof authType === 'string') context['lambda:FunctionUrlAuthType'] = authType;
  return context;
}

function layerTarget(params: Readonly<Record<string, string>>, principalArn: string, action: string): LayerVersionTarget {
  return {
    ref: resolveLayerName(params['LayerName'] ?? ''),
    version: parseLayerVersionNumber(params['VersionNumber'] ?? ''),
    principalArn,
    action,
  };
}

export const PERMISSION_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'POST',
    path: FUNCTION_POLICY,
    name: 'AddPermission',
    iam: onFunction('lambda:AddPermission', {
      qualifier: 'query',
      crossAccount: false,
      context: (input) => addPermissionContext(input.body()),
    }),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(params['FunctionName'] ?? '', queryParam(req.query, 'Qualifier'), ctx, FUNCTION_NAME_SHAPE.AddPermission);
      const input = parseAddPermissionInput(jsonBody(req));
      return { status: 201, body: await addPermission(control, ctx, ref, input) };
    },
  },
  {
    method: 'GET',
    path: FUNCTION_POLICY,
    name: 'GetPolicy',
    iam: onFunction('lambda:GetPolicy', { qualifier: 'query' }),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(params['FunctionName'] ?? '', queryParam(req.query, 'Qualifier'), ctx, FUNCTION_NAME_SHAPE.GetPolicy);
      return { status: 200, body: await getPolicy(control, ctx, ref) };
    },
  },
  {
    method: 'DELETE',
    path: `${FUNCTION_POLICY}/:StatementId`,
    name: 'RemovePermission',
    iam: onFunction('lambda:RemovePermission', { qualifier: 'query', crossAccount: false }),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(params['FunctionName'] ?? '', queryParam(req.query, 'Qualifier'), ctx, FUNCTION_NAME_SHAPE.RemovePermission);
      const sid = parseRemoveStatementId(params['StatementId'] ?? '');
      await removePermission(control, ctx, ref, sid, queryParam(req.query, 'RevisionId'));
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: LAYER_POLICY,
    name: 'AddLayerVersionPermission',
    iam: onLayerVersion('lambda:AddLayerVersionPermission'),
    async handle({ req, params, ctx, caller, control }) {
      const target = layerTarget(params, caller.arn, 'lambda:AddLayerVersionPermission');
      const input = parseAddLayerVersionPermissionInput(jsonBody(req));
      return { status: 201, body: await addLayerVersionPermission(control, ctx, target, input, queryParam(req.query, 'RevisionId')) };
    },
  },
  {
    method: 'GET',
    path: LAYER_POLICY,
    name: 'GetLayerVersionPolicy',
    iam: onLayerVersion('lambda:GetLayerVersionPolicy'),
    async handle({ params, ctx, caller, control }) {
      const target = layerTarget(params, caller.arn, 'lambda:GetLayerVersionPolicy');
      return { status: 200, body: await getLayerVersionPolicy(control, ctx, target) };
    },
  },
  {
    method: 'DELETE',
    path: `${LAYER_POLICY}/:StatementId`,
    name: 'RemoveLayerVersionPermission',
    iam: onLayerVersion('lambda:RemoveLayerVersionPermission'),
    async handle({ req, params, ctx, caller, control }) {
      const target = layerTarget(params, caller.arn, 'lambda:RemoveLayerVersionPermission');
      const sid = parseRemoveStatementId(params['StatementId'] ?? '', true);
      await removeLayerVersionPermission(control, ctx, target, sid, queryParam(req.query, 'RevisionId'));
      return { status: 204 };
    },
  },
];
