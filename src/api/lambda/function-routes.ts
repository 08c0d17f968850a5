/**
 * Functions: CreateFunction, Get/List/Update/Delete
 * (https://docs.aws.amazon.com/lambda/latest/dg/API_CreateFunction.html and the pages beside it).
 */
import type { LambdaRoute } from './lambda-route.js';
import { onAccount, onFunction } from './iam-targets.js';
import { createFunctionIam, updateFunctionConfigurationIam } from './function-iam.js';
import { jsonBody } from './json-body.js';
import { queryParam } from './query-params.js';
import { parseCreateFunctionInput } from '../../control/validation/create-function.js';
import { parseUpdateFunctionCodeInput } from '../../control/validation/update-function-code.js';
import { parseUpdateFunctionConfigurationInput } from '../../control/validation/update-function-configuration.js';
import { parseListFunctionsQuery } from '../../control/validation/pagination.js';
import { FUNCTION_NAME_SHAPE, resolveFunctionRef } from '../../control/validation/function-ref.js';
import { createFunction } from '../../control/functions/create-function.js';
import { getFunction, getFunctionConfiguration, listFunctions } from '../../control/functions/read-functions.js';
import { updateFunctionCode } from '../../control/functions/update-function-code.js';
import { updateFunctionConfiguration } from '../../control/functions/update-function-configuration.js';
import { deleteFunction } from '../../control/functions/delete-function.js';

/**
 * CreateFunction and UpdateFunctionCode accept up to this many request bytes: the figure in AWS's
 * RequestEntityTooLargeException message (docs/SOURCES.md [LS]).
 */
export const CODE_REQUEST_MAX_BYTES = 70_167_211;

function fnParam(params: Readonly<Record<string, string>>): string {
  return params['FunctionName'] ?? '';
}

export const FUNCTION_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'POST',
    path: '/2015-03-31/functions',
    name: 'CreateFunction',
    iam: createFunctionIam,
    maxBodyBytes: CODE_REQUEST_MAX_BYTES,
    async handle({ req, ctx, control, caller }) {
      const input = parseCreateFunctionInput(jsonBody(req), ctx);
      return { status: 201, body: await createFunction(control, ctx, input, caller.arn) };
    },
  },
  {
    method: 'GET',
    path: '/2015-03-31/functions',
    name: 'ListFunctions',
    iam: onAccount('lambda:ListFunctions'),
    async handle({ req, ctx, control }) {
      const q = parseListFunctionsQuery(req.query);
      const result = await listFunctions(control, ctx, {
        marker: q.marker,
        maxItems: q.maxItems,
        allVersions: q.functionVersion === 'ALL',
      });
      return {
        status: 200,
        body: { Functions: result.items, ...(result.nextMarker === undefined ? {} : { NextMarker: result.nextMarker }) },
      };
    },
  },
  {
    method: 'GET',
    path: '/2015-03-31/functions/:FunctionName',
    name: 'GetFunction',
    iam: onFunction('lambda:GetFunction', { qualifier: 'query' }),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(fnParam(params), queryParam(req.query, 'Qualifier'), ctx, FUNCTION_NAME_SHAPE.GetFunction);
      return { status: 200, body: await getFunction(control, ctx, ref, req.host) };
    },
  },
  {
    method: 'GET',
    path: '/2015-03-31/functions/:FunctionName/configuration',
    name: 'GetFunctionConfiguration',
    iam: onFunction('lambda:GetFunctionConfiguration', { qualifier: 'query' }),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(fnParam(params), queryParam(req.query, 'Qualifier'), ctx, FUNCTION_NAME_SHAPE.GetFunctionConfiguration);
      return { status: 200, body: await getFunctionConfiguration(control, ctx, ref) };
    },
  },
  {
    method: 'PUT',
    path: '/2015-03-31/functions/:FunctionName/configuration',
    name: 'UpdateFunctionConfiguration',
    iam: updateFunctionConfigurationIam,
    async handle({ req, params, ctx, control, caller }) {
      const ref = resolveFunctionRef(fnParam(params), undefined, ctx, FUNCTION_NAME_SHAPE.UpdateFunctionConfiguration);
      const input = parseUpdateFunctionConfigurationInput(jsonBody(req), ctx);
      return { status: 200, body: await updateFunctionConfiguration(control, ctx, ref, input, caller.arn) };
    },
  },
  {
    method: 'PUT',
    path: '/2015-03-31/functions/:FunctionName/code',
    name: 'UpdateFunctionCode',
    iam: onFunction('lambda:UpdateFunctionCode'),
    maxBodyBytes: CODE_REQUEST_MAX_BYTES,
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(fnParam(params), undefined, ctx, FUNCTION_NAME_SHAPE.UpdateFunctionCode);
      const input = parseUpdateFunctionCodeInput(jsonBody(req), ctx);
      return { status: 200, body: await updateFunctionCode(control, ctx, ref, input) };
    },
  },
  {
    method: 'DELETE',
    path: '/2015-03-31/functions/:FunctionName',
    name: 'DeleteFunction',
    iam: onFunction('lambda:DeleteFunction', { qualifier: 'query' }),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(fnParam(params), queryParam(req.query, 'Qualifier'), ctx, FUNCTION_NAME_SHAPE.DeleteFunction);
      await deleteFunction(control, ctx, ref);
      return { status: 204 };
    },
  },
];
