/**
 * InvokeAsync (deprecated, still served by AWS): POST /2014-11-13/functions/{F}/invoke-async/ →
 * 202 `{"Status":202}` once the event is committed to the durable queue. It takes no qualifier and
 * keeps the old 256 KB payload limit (https://docs.aws.amazon.com/lambda/latest/dg/API_InvokeAsync.html).
 */
import type { LambdaRoute } from './lambda-route.js';
import { onFunction } from './iam-targets.js';
import { FUNCTION_NAME_SHAPE, functionArn, resolveFunctionRef } from '../../control/validation/function-ref.js';
import { ServiceError } from '../../shared/errors/aws-error.js';
import { checkEventPayloadSize, checkPayload } from './invoke-routes.js';

export const INVOKE_ASYNC_MAX_BYTES = 262_144;
const EMPTY_EVENT = Buffer.from('{}');

export const INVOKE_ASYNC_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'POST',
    path: '/2014-11-13/functions/:FunctionName/invoke-async',
    name: 'InvokeAsync',
    iam: onFunction('lambda:InvokeFunction', { qualifier: 'name' }),
    // Read up to the synchronous limit so an oversized event gets the Event wording, not the generic 413.
    maxBodyBytes: 6_291_456,
    async handle({ req, params, ctx, invoke }) {
      const ref = resolveFunctionRef(params['FunctionName'] ?? '', undefined, ctx, FUNCTION_NAME_SHAPE.Invoke);
      checkEventPayloadSize(req.body.length, INVOKE_ASYNC_MAX_BYTES);
      checkPayload(req.body);
      // Bad input is the client's error whether or not this server runs functions, as AWS validates first.
      if (invoke === undefined) throw new ServiceError('This lambdabox server does not run functions.');
      await invoke.invoke(ctx, ref, {
        requestId: req.requestId,
        invocationType: 'Event',
        payload: req.body.length === 0 ? EMPTY_EVENT : req.body,
        tailLogs: false,
        invokedFunctionArn: functionArn(ctx, ref.name, ref.qualifier),
      });
      return { status: 202, body: { Status: 202 } };
    },
  },
];
