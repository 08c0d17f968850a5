/** Layer names, layer ARNs and layer version numbers, validated as AWS does. */
import { InvalidParameterValueError, SerializationError } from '../../shared/errors/lambda-errors.js';
import { partitionOf, type ValidationContext } from './context.js';
import { LAYER_NAME, LAYER_VERSION_ARN } from './patterns.js';
import { matchesPattern, maxLength, minLength, throwIfViolations, type Violation } from './violations.js';
import {
  LAYER_NAME_CHARS,
  layerArn as buildLayerArn,
  layerVersionArn as buildLayerVersionArn,
  parseLayerArn,
  type LayerArnParts,
  type LayerVersionArn,
} from '../../shared/arn/layer-arn.js';
import { isAwsPartition } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';

export interface LayerVersionRef {
  readonly region: string;
  readonly accountId: string;
  readonly layerName: string;
  readonly version: number;
}

/**
 * A layer ARN in the model's terms: the partition empty or `aws…`, a region, Lambda's name characters;
 * `version` says whether a version must follow or must not.
 */
export function modelLayerArnParts(arn: string, version: boolean): LayerArnParts | undefined {
  const parts = valueOf(parseLayerArn(arn));
  if (parts === undefined || (parts.version !== undefined) !== version) return undefined;
  if ((parts.partition !== '' && !isAwsPartition(parts.partition)) || parts.region === '' || !LAYER_NAME_CHARS.test(parts.name)) return undefined;
  return parts;
}

/** [LS get_layer_version_exc_layer_version_doesnotexist_negative/_zero] */
function checkVersionAtLeastOne(version: number): number {
  if (version < 1) throw new InvalidParameterValueError('Layer Version Cannot be less than 1');
  return version;
}

/**
 * A layer version ARN, e.g. GetLayerVersionByArn `?Arn=` (`field` 'arn', 1-140 there). A pattern
 * failure prints the model pattern [LS get_layer_version_by_arn_exc_invalidarn].
 */
export function parseLayerVersionArn(arn: string, field = 'arn', max = 140): LayerVersionRef {
  const violations: Violation[] = [];
  if (arn.length > max) violations.push({ field, value: arn, constraint: maxLength(max) });
  if (arn.length < 1) violations.push({ field, value: arn, constraint: minLength(1) });
  if (!LAYER_VERSION_ARN.regex.test(arn)) {
    violations.push({ field, value: arn, constraint: matchesPattern(LAYER_VERSION_ARN.source) });
  }
  throwIfViolations(violations);
  const parts = modelLayerArnParts(arn, true);
  if (parts?.version === undefined) {
    // The pattern's other branch: an AWS-managed `…:::awslayer:<name>`, which lambdabox does not have.
    throw new InvalidParameterValueError(`Layer version ${arn} does not exist.`);
  }
  return { region: parts.region, accountId: parts.accountId, layerName: parts.name, version: checkVersionAtLeastOne(Number(parts.version)) };
}

export interface LayerNameRef {
  readonly name: string;
  /** Present when the path segment was a layer ARN. */
  readonly accountId?: string;
  readonly region?: string;
}

/** The {LayerName} path segment: a name or a layer ARN, 1-140. [BM LayerName] */
export function resolveLayerName(raw: string): LayerNameRef {
  const violations: Violation[] = [];
  if (raw.length > 140) violations.push({ field: 'layerName', value: raw, constraint: maxLength(140) });
  if (raw.length < 1) violations.push({ field: 'layerName', value: raw, constraint: minLength(1) });
  if (!LAYER_NAME.regex.test(raw)) {
    violations.push({ field: 'layerName', value: raw, constraint: matchesPattern(LAYER_NAME.source) });
  }
  throwIfViolations(violations);
  const parts = modelLayerArnParts(raw, false);
  if (parts === undefined) return { name: raw };
  return { name: parts.name, accountId: parts.accountId, region: parts.region };
}

/** The {VersionNumber} path segment (a Long). */
export function parseLayerVersionNumber(raw: string): number {
  if (!/^[+-]?\d+$/.test(raw)) throw new SerializationError('STRING_VALUE can not be converted to a Long');
  return checkVersionAtLeastOne(Number(raw));
}

export function layerArn(ctx: ValidationContext, name: string): string {
  return buildLayerArn(partitionOf(ctx), ctx.region, ctx.accountId, name);
}

export function layerVersionArn(ctx: ValidationContext, name: string, version: number): LayerVersionArn {
  return buildLayerVersionArn(partitionOf(ctx), ctx.region, ctx.accountId, name, version);
}
