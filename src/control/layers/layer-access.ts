/**
 * Which layers a caller may reach. A layer named by ARN in another account or another region is not
 * one of the caller's own layers; without a layer-version policy (not implemented yet) AWS answers
 * 403 with the message below, for existing and missing layers alike so nothing leaks. The wording is
 * AWS's as users quote it (e.g. aws-amplify/amplify-backend#2216 for a layer in another region,
 * brefphp/bref#840, jetbridge/psycopg2-lambda-layer#8 for other accounts).
 */
import { AccessDeniedError } from '../../shared/errors/aws-error.js';
import { partitionOf, type ValidationContext } from '../validation/context.js';
import type { LayerNameRef } from '../validation/layer-arn.js';

export type LayerAction = 'lambda:GetLayerVersion' | 'lambda:ListLayerVersions' | 'lambda:DeleteLayerVersion' | 'lambda:PublishLayerVersion';

export function layerAccessDenied(principalArn: string, action: LayerAction, resourceArn: string): AccessDeniedError {
  return new AccessDeniedError(
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resourceArn} ` +
      `because no resource-based policy allows the ${action} action`,
  );
}

/** The location a layer reference names: the caller's own unless it came as an ARN. */
export interface LayerLocation {
  readonly accountId?: string | undefined;
  readonly region?: string | undefined;
}

export function isOwnLayer(ctx: ValidationContext, where: LayerLocation): boolean {
  return (where.accountId ?? ctx.accountId) === ctx.accountId && (where.region ?? ctx.region) === ctx.region;
}

/** The ARN AWS prints for a reference, in the account and region it names. */
export function referencedLayerArn(ctx: ValidationContext, ref: LayerNameRef, version?: number): string {
  const base = `arn:${partitionOf(ctx)}:lambda:${ref.region ?? ctx.region}:${ref.accountId ?? ctx.accountId}:layer:${ref.name}`;
  return version === undefined ? base : `${base}:${version}`;
}

/** Throws AWS's 403 unless `ref` names one of the caller's own layers in this region. */
export function assertOwnLayer(
  ctx: ValidationContext,
  ref: LayerNameRef,
  principalArn: string,
  action: LayerAction,
  version?: number,
): void {
  if (!isOwnLayer(ctx, ref)) throw layerAccessDenied(principalArn, action, referencedLayerArn(ctx, ref, version));
}
