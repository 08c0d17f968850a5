/** Asynchronous invocation settings: Put/Update/Get/Delete/ListFunctionEventInvokeConfig(s). */
import type { LambdaRoute } from './lambda-route.js';
import { onFunction } from './iam-targets.js';
import type { ApiRequest } from '../../http/api-request.js';
import type { ValidationContext } from '../../control/validation/context.js';
import type { FunctionNameShape, FunctionRef } from '../../control/validation/function-ref.js';
import { jsonBody } from './json-body.js';
import { queryParam } from './query-params.js';
import { FUNCTION_NAME_SHAPE, resolveFunctionRef } from '../../control/validation/function-ref.js';
import { parseEventInvokeConfigInput } from '../../control/validation/event-invoke-config.js';
import { MAX_ITEMS, parsePagination } from '../../control/validation/pagination.js';
import { putEventInvokeConfig } from '../../control/event-invoke-configs/put-event-invoke-config.js';
import { updateEventInvokeConfig } from '../../control/event-invoke-configs/update-event-invoke-config.js';
import { getEventInvokeConfig } from '../../control/event-invoke-configs/get-event-invoke-config.js';
import { deleteEventInvokeConfig } from '../../control/event-invoke-configs/delete-event-invoke-config.js';
import { listEventInvokeConfigs } from '../../control/event-invoke-configs/list-event-invoke-configs.js';

const PATH = '/2019-09-25/functions/:FunctionName/event-invoke-config';

/** {FunctionName} with ?Qualifier, checked against each other as AWS does. */
function configRef(
  req: ApiRequest,
  params: Readonly<Record<string, string>>,
  ctx: ValidationContext,
  shape: FunctionNameShape,
): FunctionRef {
  return resolveFunctionRef(params['FunctionName'] ?? '', queryParam(req.query, 'Qualifier'), ctx, shape);
}

export const EVENT_INVOKE_CONFIG_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'PUT',
    path: PATH,
    name: 'PutFunctionEventInvokeConfig',
    iam: onFunction('lambda:PutFunctionEventInvokeConfig', { qualifier: 'query' }),
    async handle({ req, params, ctx, control }) {
      const ref = configRef(req, params, ctx, FUNCTION_NAME_SHAPE.PutFunctionEventInvokeConfig);
      const input = parseEventInvokeConfigInput(jsonBody(req), 'put');
      return { status: 200, body: await putEventInvokeConfig(control, ctx, ref, input) };
    },
  },
  {
    method: 'POST',
    path: PATH,
    name: 'UpdateFunctionEventInvokeConfig',
    iam: onFunction('lambda:UpdateFunctionEventInvokeConfig', { qualifier: 'query' }),
    async handle({ req, params, ctx, control }) {
      const ref = configRef(req, params, ctx, FUNCTION_NAME_SHAPE.UpdateFunctionEventInvokeConfig);
      const input = parseEventInvokeConfigInput(jsonBody(req), 'update');
      return { status: 200, body: await updateEventInvokeConfig(control, ctx, ref, input) };
    },
  },
  {
    method: 'GET',
    path: PATH,
    name: 'GetFunctionEventInvokeConfig',
    iam: onFunction('lambda:GetFunctionEventInvokeConfig', { qualifier: 'query' }),
    async handle({ req, params, ctx, control }) {
      const ref = configRef(req, params, ctx, FUNCTION_NAME_SHAPE.GetFunctionEventInvokeConfig);
      return { status: 200, body: await getEventInvokeConfig(control, ctx, ref) };
    },
  },
  {
    method: 'DELETE',
    path: PATH,
    name: 'DeleteFunctionEventInvokeConfig',
    iam: onFunction('lambda:DeleteFunctionEventInvokeConfig', { qualifier: 'query' }),
    async handle({ req, params, ctx, control }) {
      const ref = configRef(req, params, ctx, FUNCTION_NAME_SHAPE.DeleteFunctionEventInvokeConfig);
      await deleteEventInvokeConfig(control, ctx, ref);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: `${PATH}/list`,
    name: 'ListFunctionEventInvokeConfigs',
    iam: onFunction('lambda:ListFunctionEventInvokeConfigs'),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(params['FunctionName'] ?? '', undefined, ctx, FUNCTION_NAME_SHAPE.ListFunctionEventInvokeConfigs);
      const page = parsePagination(req.query, MAX_ITEMS.ListFunctionEventInvokeConfigs);
      return { status: 200, body: await listEventInvokeConfigs(control, ctx, ref.name, page) };
    },
  },
];
