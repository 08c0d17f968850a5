/** Versions: PublishVersion, ListVersionsByFunction. */
import type { LambdaRoute } from './lambda-route.js';
import { onFunction } from './iam-targets.js';
import { jsonBody } from './json-body.js';
import { parsePublishVersionInput } from '../../control/validation/publish-version.js';
import { parsePagination } from '../../control/validation/pagination.js';
import { FUNCTION_NAME_SHAPE, resolveFunctionRef } from '../../control/validation/function-ref.js';
import { publishVersion } from '../../control/functions/publish-version.js';
import { listVersionsByFunction } from '../../control/functions/read-functions.js';

export const VERSION_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'POST',
    path: '/2015-03-31/functions/:FunctionName/versions',
    name: 'PublishVersion',
    iam: onFunction('lambda:PublishVersion'),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(params['FunctionName'] ?? '', undefined, ctx, FUNCTION_NAME_SHAPE.PublishVersion);
      const input = parsePublishVersionInput(jsonBody(req));
      return { status: 201, body: await publishVersion(control, ctx, ref, input) };
    },
  },
  {
    method: 'GET',
    path: '/2015-03-31/functions/:FunctionName/versions',
    name: 'ListVersionsByFunction',
    iam: onFunction('lambda:ListVersionsByFunction'),
    async handle({ req, params, ctx, control }) {
      const ref = resolveFunctionRef(params['FunctionName'] ?? '', undefined, ctx, FUNCTION_NAME_SHAPE.ListVersionsByFunction);
      const result = await listVersionsByFunction(control, ctx, ref.name, parsePagination(req.query, [1, 10000]));
      return {
        status: 200,
        body: { Versions: result.items, ...(result.nextMarker === undefined ? {} : { NextMarker: result.nextMarker }) },
      };
    },
  },
];
