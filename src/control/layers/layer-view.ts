/**
 * Layer versions as Lambda returns them (botocore GetLayerVersionResponse, LayerVersionsListItem,
 * LayersListItem). Optional members are omitted when the publisher never sent them, exactly as AWS
 * does: `CompatibleRuntimes: []` comes back when `[]` was sent, nothing when the member was absent,
 * `LicenseInfo` only when given; `Description` is always present ('' by default). Recorded in
 * LocalStack `TestLambdaLayer` snapshots (test_layer_exceptions, test_layer_s3_content, lifecycle).
 */
import type { LayerVersionRecord } from '../../store/records.js';
import type { ValidationContext } from '../validation/context.js';
import { layerArn, layerVersionArn } from '../validation/layer-arn.js';

export interface LayerVersionContentOutput {
  Location: string;
  CodeSha256: string;
  CodeSize: number;
}

export interface LayerVersionsListItem {
  LayerVersionArn: string;
  Version: number;
  Description: string;
  CreatedDate: string;
  CompatibleRuntimes?: string[];
  LicenseInfo?: string;
  CompatibleArchitectures?: string[];
}

/** PublishLayerVersion, GetLayerVersion and GetLayerVersionByArn share this shape. */
export interface LayerVersionOutput extends LayerVersionsListItem {
  Content: LayerVersionContentOutput;
  LayerArn: string;
}

export interface LayersListItem {
  LayerName: string;
  LayerArn: string;
  LatestMatchingVersion: LayerVersionsListItem;
}

function optionalMembers(v: LayerVersionRecord): Pick<LayerVersionsListItem, 'CompatibleRuntimes' | 'LicenseInfo' | 'CompatibleArchitectures'> {
  return {
    ...(v.compatibleRuntimes === null ? {} : { CompatibleRuntimes: [...v.compatibleRuntimes] }),
    ...(v.licenseInfo === null ? {} : { LicenseInfo: v.licenseInfo }),
    ...(v.compatibleArchitectures === null ? {} : { CompatibleArchitectures: [...v.compatibleArchitectures] }),
  };
}

export function toLayerVersionsListItem(ctx: ValidationContext, v: LayerVersionRecord): LayerVersionsListItem {
  return {
    LayerVersionArn: layerVersionArn(ctx, v.layerName, v.version),
    Version: v.version,
    Description: v.description,
    CreatedDate: v.createdDate,
    ...optionalMembers(v),
  };
}

/** `location` is the presigned download URL for the zip (CodeUrls.sign). */
export function toLayerVersionOutput(ctx: ValidationContext, v: LayerVersionRecord, location: string): LayerVersionOutput {
  return {
    Content: {
      Location: location,
      CodeSha256: Buffer.from(v.codeSha256Hex, 'hex').toString('base64'),
      CodeSize: v.codeSize,
    },
    LayerArn: layerArn(ctx, v.layerName),
    LayerVersionArn: layerVersionArn(ctx, v.layerName, v.version),
    Description: v.description,
    CreatedDate: v.createdDate,
    Version: v.version,
    ...optionalMembers(v),
  };
}

export function toLayersListItem(ctx: ValidationContext, latest: LayerVersionRecord): LayersListItem {
  return {
    LayerName: latest.layerName,
    LayerArn: layerArn(ctx, latest.layerName),
    LatestMatchingVersion: toLayerVersionsListItem(ctx, latest),
  };
}
