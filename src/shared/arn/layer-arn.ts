/**
 * Layer and layer-version ARNs: `arn:<partition>:lambda:<region>:<account>:layer:<name>[:<version>]`.
 * The parser takes the shape (12-digit account, a name without colons, a decimal version); the name's
 * characters and the partition are the callers' to check.
 */
import type { Branded } from './brand.js';
import { parseArn } from './arn.js';
import { isAccountId } from './ids.js';
import { accepted, refused, type Parsed } from './result.js';

export type LayerVersionArn = Branded<'LayerVersionArn'>;

export interface LayerArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
  /** The version as written (leading zeros kept); absent in a layer ARN. */
  readonly version?: string;
}

export type LayerArnRefusal = 'not an ARN' | 'not a Lambda ARN' | 'not an account id' | 'not a layer';

/** Lambda's layer-name characters. */
export const LAYER_NAME_CHARS = /^[a-zA-Z0-9-_]+$/;

export function parseLayerArn(text: string): Parsed<LayerArnParts, LayerArnRefusal> {
  const arn = parseArn(text);
  if (!arn.ok) return refused('not an ARN');
  const { partition, service, region, accountId, resource } = arn.value;
  if (service !== 'lambda') return refused('not a Lambda ARN');
  if (!isAccountId(accountId)) return refused('not an account id');
  const parts = resource.split(':');
  const [kind, name, version] = parts;
  if (kind !== 'layer' || name === undefined || name === '' || parts.length > 3) return refused('not a layer');
  if (version !== undefined && !/^\d+$/.test(version)) return refused('not a layer');
  return accepted({ partition, region, accountId, name, ...(version === undefined ? {} : { version }) });
}

export function layerArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:lambda:${region}:${accountId}:layer:${name}`;
}

export function layerVersionArn(partition: string, region: string, accountId: string, name: string, version: number | string): LayerVersionArn {
  return `${layerArn(partition, region, accountId, name)}:${version}` as LayerVersionArn;
}
