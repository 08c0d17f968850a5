/**
 * DeleteLayerVersion: idempotent, as in Lambda. Deleting a missing layer or version, or the same
 * version twice, answers 204 [LS test_layer_exceptions delete_nonexistent_response,
 * delete_layer_again_response]. The layer's version counter stays, so the number is never reused;
 * functions that already reference the version keep their reference [LS test_layer_lifecycle].
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { LayerNameRef } from '../validation/layer-arn.js';
import { assertOwnLayer } from './layer-access.js';

export async function deleteLayerVersion(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: LayerNameRef,
  version: number,
  principalArn: string,
): Promise<void> {
  assertOwnLayer(ctx, ref, principalArn, 'lambda:DeleteLayerVersion', version);
  await deps.store.transact((tx) => tx.deleteLayerVersion(ctx.accountId, ref.name, version));
}
