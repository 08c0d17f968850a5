/**
 * Resolves a function's `Layers` list to layer versions that exist and that the caller may use,
 * and sums their unzipped size (it counts against the 250 MB limit together with the code).
 */
import type { StoreTx } from '../../store/store.js';
import type { LayerReference } from '../../store/function-configuration.js';
import type { ValidationContext } from '../validation/context.js';
import { parseLayerVersionArn } from '../validation/function-ref.js';
import { InvalidParameterValueError } from '../../shared/errors/lambda-errors.js';
import { layerAccessDenied } from '../layers/layer-access.js';

export interface ResolvedLayers {
  readonly references: LayerReference[];
  readonly unzippedSize: number;
}

export async function resolveLayers(
  tx: StoreTx,
  ctx: ValidationContext,
  arns: readonly string[],
  callerArn: string,
): Promise<ResolvedLayers> {
  const references: LayerReference[] = [];
  let unzippedSize = 0;
  for (const arn of arns) {
    const parsed = parseLayerVersionArn(arn);
    // Another account's layer version is usable here because the Lambda API already authorized
    // lambda:GetLayerVersion on it (identity policy and that version's layer policy); other regions are not.
    if (parsed.region !== ctx.region) throw layerAccessDenied(callerArn, 'lambda:GetLayerVersion', arn);
    const version = await tx.getLayerVersion(parsed.accountId, parsed.layerName, parsed.version);
    if (version === undefined) throw new InvalidParameterValueError(`Layer version ${arn} does not exist.`);
    references.push({ Arn: arn, CodeSize: version.codeSize });
    unzippedSize += version.unzippedSize;
  }
  return { references, unzippedSize };
}
