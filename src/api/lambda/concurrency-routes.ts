/** Reserved concurrency: Put/Delete under 2017-10-31, Get under 2019-09-30 (as the model has them). */
import type { LambdaRoute } from './lambda-route.js';
import { onFunction } from './iam-targets.js';
import { jsonBody } from './json-body.js';
import { FUNCTION_NAME_SHAPE, resolveFunctionRef } from '../../control/validation/function-ref.js';
import { parsePutFunctionConcurrencyInput } from '../../control/validation/concurrency.js';
import { putFunctionConcurrency } from '../../control/concurrency/put-function-concurrency.js';
import { getFunctionConcurrency } from '../../control/concurrency/get-function-concurrency.js';
import { deleteFunctionConcurrency } from '../../control/concurrency/delete-function-concurrency.js';

function fnParam(params: Readonly<Record<string, string>>): string {
  return params['FunctionName'] ?? '';
}

export const CONCURRENCY_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'PUT',
    path: '/2017-10-31/functions/:FunctionName/concurrency',
    name: 'PutFunctionConcurrency',
    iam: onFunction('lambda:PutFunctionConcurrency'),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(fnParam(params), undefined, ctx, FUNCTION_NAME_SHAPE.PutFunctionConcurrency);
      const input = parsePutFunctionConcurrencyInput(jsonBody(req));
      return { status: 200, body: await putFunctionConcurrency(control, ctx, ref, input.ReservedConcurrentExecutions) };
    },
  },
  {
    method: 'GET',
    path: '/2019-09-30/functions/:FunctionName/concurrency',
    name: 'GetFunctionConcurrency',
    iam: onFunction('lambda:GetFunctionConcurrency'),
    async handle({ params, ctx, control }) {
      const ref = resolveFunctionRef(fnParam(params), undefined, ctx, FUNCTION_NAME_SHAPE.GetFunctionConcurrency);
      return { status: 200, body: await getFunctionConcurrency(control, ctx, ref) };
    },
  },
  {
    method: 'DELETE',
    path: '/2017-10-31/functions/:FunctionName/concurrency',
    name: 'DeleteFunctionConcurrency',
    iam: onFunction('lambda:DeleteFunctionConcurrency'),
    async handle({ params, ctx, control }) {
      const ref = resolveFunctionRef(fnParam(params), undefined, ctx, FUNCTION_NAME_SHAPE.DeleteFunctionConcurrency);
      await deleteFunctionConcurrency(control, ctx, ref);
      return { status: 204 };
    },
  },
];
