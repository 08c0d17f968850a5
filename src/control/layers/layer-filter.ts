/**
 * ListLayers / ListLayerVersions filters (?CompatibleRuntime, ?CompatibleArchitecture) and the store
 * walks that apply them. A version matches a filter only when it declares that runtime or
 * architecture; one that declares none matches no filter, as in Lambda. The store pages without
 * knowing the filter, so the walks read on until they have one item more than asked for.
 */
import type { StoreTx } from '../../store/store.js';
import type { LayerVersionRecord } from '../../store/records.js';

export interface LayerFilter {
  readonly compatibleRuntime?: string | undefined;
  readonly compatibleArchitecture?: string | undefined;
}

export function matchesFilter(v: LayerVersionRecord, filter: LayerFilter): boolean {
  const runtimeOk = filter.compatibleRuntime === undefined || (v.compatibleRuntimes ?? []).includes(filter.compatibleRuntime);
  const archOk =
    filter.compatibleArchitecture === undefined || (v.compatibleArchitectures ?? []).includes(filter.compatibleArchitecture);
  return runtimeOk && archOk;
}

/** Store page size for the walks: big enough that an unfiltered page is one query. */
const STORE_PAGE = 100;

export interface FilteredPage<T> {
  readonly items: T[];
  /** Store cursor after the last returned item, when more matching items follow. */
  readonly nextAfter?: string;
}

/** Versions of one layer matching `filter`, newest first, after the store cursor `after`. */
export async function matchingVersions(
  tx: StoreTx,
  accountId: string,
  layerName: string,
  filter: LayerFilter,
  after: string | undefined,
  limit: number,
): Promise<FilteredPage<LayerVersionRecord>> {
  const items: LayerVersionRecord[] = [];
  let cursor = after;
  for (;;) {
    const page = await tx.listLayerVersions(accountId, layerName, cursor, Math.max(STORE_PAGE, limit + 1));
    for (const v of page.items) {
      if (!matchesFilter(v, filter)) continue;
      items.push(v);
      if (items.length > limit) return cut(items, limit, (x) => String(x.version));
    }
    if (page.nextAfter === undefined) return { items };
    cursor = page.nextAfter;
  }
}

/** The newest version of a layer that matches `filter`, if any. */
export async function latestMatchingVersion(
  tx: StoreTx,
  accountId: string,
  layerName: string,
  filter: LayerFilter,
): Promise<LayerVersionRecord | undefined> {
  const page = await matchingVersions(tx, accountId, layerName, filter, undefined, 1);
  return page.items[0];
}

/** Layers with at least one version matching `filter`, by name, each with its newest such version. */
export async function matchingLayers(
  tx: StoreTx,
  accountId: string,
  filter: LayerFilter,
  after: string | undefined,
  limit: number,
): Promise<FilteredPage<LayerVersionRecord>> {
  const items: LayerVersionRecord[] = [];
  let cursor = after;
  for (;;) {
    const page = await tx.listLayerNames(accountId, cursor, Math.max(STORE_PAGE, limit + 1));
    for (const name of page.items) {
      const latest = await latestMatchingVersion(tx, accountId, name, filter);
      if (latest === undefined) continue;
      items.push(latest);
      if (items.length > limit) return cut(items, limit, (x) => x.layerName);
    }
    if (page.nextAfter === undefined) return { items };
    cursor = page.nextAfter;
  }
}

function cut<T>(items: T[], limit: number, keyOf: (item: T) => string): FilteredPage<T> {
  const kept = items.slice(0, limit);
  const last = kept[kept.length - 1];
  return last === undefined ? { items: kept } : { items: kept, nextAfter: keyOf(last) };
}
