/**
 * GetLayerVersion and GetLayerVersionByArn. A missing layer and a missing (or deleted) version both
 * answer 404 `The resource you requested does not exist.` [LS test_layer_exceptions
 * get_layer_version_exc_layer_doesnotexist, …_version_doesnotexist_2, get_layer_version_by_arn_exc_nonexistentversion].
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { LayerNameRef, LayerVersionRef } from '../validation/layer-arn.js';
import { ResourceNotFoundError } from '../../shared/errors/lambda-errors.js';
import { assertOwnLayer } from './layer-access.js';
import { toLayerVersionOutput, type LayerVersionOutput } from './layer-view.js';

export const LAYER_RESOURCE_NOT_FOUND = 'The resource you requested does not exist.';

export interface LayerReadOptions {
  /** The caller, named in AWS's AccessDenied message for other accounts' layers. */
  readonly principalArn: string;
  /** Host the client used, for Content.Location. */
  readonly host: string;
}

export async function getLayerVersion(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: LayerNameRef,
  version: number,
  options: LayerReadOptions,
): Promise<LayerVersionOutput> {
  assertOwnLayer(ctx, ref, options.principalArn, 'lambda:GetLayerVersion', version);
  const record = await deps.store.transact((tx) => tx.getLayerVersion(ctx.accountId, ref.name, version));
  if (record === undefined) throw new ResourceNotFoundError(LAYER_RESOURCE_NOT_FOUND);
  const location = deps.codeUrls.sign(options.host, { accountId: ctx.accountId, sha256Hex: record.codeSha256Hex }, deps.clock.now());
  return toLayerVersionOutput(ctx, record, location);
}

export async function getLayerVersionByArn(
  deps: ControlDeps,
  ctx: ValidationContext,
  arn: LayerVersionRef,
  options: LayerReadOptions,
): Promise<LayerVersionOutput> {
  const ref: LayerNameRef = { name: arn.layerName, accountId: arn.accountId, region: arn.region };
  return getLayerVersion(deps, ctx, ref, arn.version, options);
}
