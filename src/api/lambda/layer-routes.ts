/** Layers: PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions, DeleteLayerVersion. */
import type { LambdaRoute } from './lambda-route.js';
import { getLayerVersionByArnIam, onAccount, onLayer, onLayerVersion } from './iam-targets.js';
import { jsonBody } from './json-body.js';
import { queryParam } from './query-params.js';
import { CODE_REQUEST_MAX_BYTES } from './function-routes.js';
import { parsePublishLayerVersionInput } from '../../control/validation/publish-layer-version.js';
import { parseLayerListQuery } from '../../control/validation/pagination.js';
import { parseLayerVersionArn, parseLayerVersionNumber, resolveLayerName } from '../../control/validation/layer-arn.js';
import { notNull, validationFailure } from '../../control/validation/violations.js';
import { assertOwnLayer } from '../../control/layers/layer-access.js';
import { publishLayerVersion } from '../../control/layers/publish-layer-version.js';
import { getLayerVersion, getLayerVersionByArn } from '../../control/layers/get-layer-version.js';
import { listLayers, listLayerVersions } from '../../control/layers/list-layers.js';
import { deleteLayerVersion } from '../../control/layers/delete-layer-version.js';

function layerParam(params: Readonly<Record<string, string>>): string {
  return params['LayerName'] ?? '';
}

function versionParam(params: Readonly<Record<string, string>>): number {
  return parseLayerVersionNumber(params['VersionNumber'] ?? '');
}

/** Whether a JSON body carried a member (null reads as absent, as Lambda's deserializer treats it). */
function sent(body: unknown, member: string): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const value = (body as Record<string, unknown>)[member];
  return value !== undefined && value !== null;
}

const isFindLayerVersion = (query: URLSearchParams): boolean => query.get('find') === 'LayerVersion';

export const LAYER_ROUTES: readonly LambdaRoute[] = [
  {
    method: 'POST',
    path: '/2018-10-31/layers/:LayerName/versions',
    name: 'PublishLayerVersion',
    iam: onLayer('lambda:PublishLayerVersion'),
    maxBodyBytes: CODE_REQUEST_MAX_BYTES,
    async handle({ req, params, ctx, caller, control }) {
      const ref = resolveLayerName(layerParam(params));
      assertOwnLayer(ctx, ref, caller.arn, 'lambda:PublishLayerVersion');
      const body = jsonBody(req);
      const input = parsePublishLayerVersionInput(body, layerParam(params), ctx);
      const options = {
        runtimesSent: sent(body, 'CompatibleRuntimes'),
        architecturesSent: sent(body, 'CompatibleArchitectures'),
        host: req.host,
      };
      return { status: 201, body: await publishLayerVersion(control, ctx, input, options) };
    },
  },
  {
    method: 'GET',
    path: '/2018-10-31/layers/:LayerName/versions',
    name: 'ListLayerVersions',
    iam: onLayer('lambda:ListLayerVersions'),
    async handle({ req, params, ctx, caller, control }) {
      const ref = resolveLayerName(layerParam(params));
      const query = parseLayerListQuery(req.query);
      return { status: 200, body: await listLayerVersions(control, ctx, ref, query, caller.arn) };
    },
  },
  {
    method: 'GET',
    path: '/2018-10-31/layers/:LayerName/versions/:VersionNumber',
    name: 'GetLayerVersion',
    iam: onLayerVersion('lambda:GetLayerVersion'),
    async handle({ req, params, ctx, caller, control }) {
      const ref = resolveLayerName(layerParam(params));
      const version = versionParam(params);
      return { status: 200, body: await getLayerVersion(control, ctx, ref, version, { principalArn: caller.arn, host: req.host }) };
    },
  },
  {
    method: 'DELETE',
    path: '/2018-10-31/layers/:LayerName/versions/:VersionNumber',
    name: 'DeleteLayerVersion',
    iam: onLayerVersion('lambda:DeleteLayerVersion'),
    async handle({ params, ctx, caller, control }) {
      const ref = resolveLayerName(layerParam(params));
      const version = versionParam(params);
      await deleteLayerVersion(control, ctx, ref, version, caller.arn);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/2018-10-31/layers',
    name: 'GetLayerVersionByArn',
    iam: getLayerVersionByArnIam,
    when: isFindLayerVersion,
    async handle({ req, ctx, caller, control }) {
      const raw = queryParam(req.query, 'Arn');
      if (raw === undefined) throw validationFailure([{ field: 'arn', value: null, constraint: notNull }]);
      const arn = parseLayerVersionArn(raw);
      return { status: 200, body: await getLayerVersionByArn(control, ctx, arn, { principalArn: caller.arn, host: req.host }) };
    },
  },
  {
    method: 'GET',
    path: '/2018-10-31/layers',
    name: 'ListLayers',
    iam: onAccount('lambda:ListLayers'),
    async handle({ req, ctx, control }) {
      return { status: 200, body: await listLayers(control, ctx, parseLayerListQuery(req.query)) };
    },
  },
];
