/**
 * ListLayers (each layer with its newest version matching the filters, by name) and
 * ListLayerVersions (newest first). A layer without versions is simply absent: ListLayerVersions of
 * an unknown layer is `{"LayerVersions": []}`, not an error [LS test_layer_exceptions list_nonexistent_layer].
 */
import type { ControlDeps } from '../control-deps.js';
import type { ValidationContext } from '../validation/context.js';
import type { LayerNameRef } from '../validation/layer-arn.js';
import type { LayerListQuery } from '../validation/pagination.js';
import { decodeMarker, encodeMarker, isVersionCursor } from '../pagination.js';
import { assertOwnLayer } from './layer-access.js';
import { matchingLayers, matchingVersions, type LayerFilter } from './layer-filter.js';
import { toLayersListItem, toLayerVersionsListItem, type LayersListItem, type LayerVersionsListItem } from './layer-view.js';

/** AWS's default page size for both operations (MaxLayerListItems is 1-50). */
export const DEFAULT_LAYER_PAGE = 50;

const isLayerNameCursor = (after: string): boolean => /^[a-zA-Z0-9-_]{1,140}$/.test(after);

function filterOf(query: LayerListQuery): LayerFilter {
  return { compatibleRuntime: query.compatibleRuntime, compatibleArchitecture: query.compatibleArchitecture };
}

export interface ListLayersResult {
  Layers: LayersListItem[];
  NextMarker?: string;
}

export async function listLayers(deps: ControlDeps, ctx: ValidationContext, query: LayerListQuery): Promise<ListLayersResult> {
  const after = decodeMarker(query.marker, isLayerNameCursor);
  const limit = query.maxItems ?? DEFAULT_LAYER_PAGE;
  const page = await deps.store.transact((tx) => matchingLayers(tx, ctx.accountId, filterOf(query), after, limit));
  const next = encodeMarker(page.nextAfter);
  return {
    Layers: page.items.map((v) => toLayersListItem(ctx, v)),
    ...(next === undefined ? {} : { NextMarker: next }),
  };
}

export interface ListLayerVersionsResult {
  LayerVersions: LayerVersionsListItem[];
  NextMarker?: string;
}

export async function listLayerVersions(
  deps: ControlDeps,
  ctx: ValidationContext,
  ref: LayerNameRef,
  query: LayerListQuery,
  principalArn: string,
): Promise<ListLayerVersionsResult> {
  assertOwnLayer(ctx, ref, principalArn, 'lambda:ListLayerVersions');
  const after = decodeMarker(query.marker, isVersionCursor);
  const limit = query.maxItems ?? DEFAULT_LAYER_PAGE;
  const page = await deps.store.transact((tx) => matchingVersions(tx, ctx.accountId, ref.name, filterOf(query), after, limit));
  const next = encodeMarker(page.nextAfter);
  return {
    LayerVersions: page.items.map((v) => toLayerVersionsListItem(ctx, v)),
    ...(next === undefined ? {} : { NextMarker: next }),
  };
}
