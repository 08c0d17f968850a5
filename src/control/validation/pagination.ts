/**
 * List query parameters: Marker/MaxItems with each operation's MaxItems range ([BM] MaxListItems
 * 1-10000, MaxLayerListItems and MaxFunctionEventInvokeConfigListItems 1-50), and the list filters.
 */
import { SerializationError } from '../../shared/errors/lambda-errors.js';
import { AWS_ARCHITECTURES } from './architectures.js';
import { FUNCTION_VERSION, MASTER_REGION } from './patterns.js';
import { LAYER_FILTER_RUNTIMES } from './runtimes.js';
import { ViolationList } from './violations.js';

export type MaxItemsRange = readonly [min: number, max: number];

export const MAX_ITEMS = {
  ListFunctions: [1, 10000],
  ListVersionsByFunction: [1, 10000],
  ListAliases: [1, 10000],
  ListLayers: [1, 50],
  ListLayerVersions: [1, 50],
  ListFunctionEventInvokeConfigs: [1, 50],
  ListProvisionedConcurrencyConfigs: [1, 50],
  ListFunctionUrlConfigs: [1, 50],
} as const satisfies Record<string, MaxItemsRange>;

export interface Pagination {
  readonly marker?: string;
  readonly maxItems?: number;
}

/** An empty value counts as absent, as the AWS SDKs never send one. */
function param(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const raw = param(query, name);
  if (raw === undefined) return undefined;
  // Coral's wording for a non-numeric Integer (unverified for query strings).
  if (!/^[+-]?\d+$/.test(raw.trim())) throw new SerializationError('STRING_VALUE can not be converted to an Integer');
  return Number(raw);
}

function checkMaxItems(v: ViolationList, maxItems: number | undefined, [min, max]: MaxItemsRange): void {
  v.integer('maxItems', maxItems, min, max);
}

export function parsePagination(query: URLSearchParams, maxItemsRange: MaxItemsRange): Pagination {
  const marker = param(query, 'Marker');
  const maxItems = integerParam(query, 'MaxItems');
  const v = new ViolationList();
  checkMaxItems(v, maxItems, maxItemsRange);
  v.throwIfAny();
  return { ...(marker === undefined ? {} : { marker }), ...(maxItems === undefined ? {} : { maxItems }) };
}

export interface ListFunctionsQuery extends Pagination {
  readonly functionVersion?: 'ALL';
  readonly masterRegion?: string;
}

/** [LS test_list_functions/list_functions_invalid_functionversion] */
export function parseListFunctionsQuery(query: URLSearchParams): ListFunctionsQuery {
  const functionVersion = param(query, 'FunctionVersion');
  const masterRegion = param(query, 'MasterRegion');
  const maxItems = integerParam(query, 'MaxItems');
  const v = new ViolationList();
  v.string('masterRegion', masterRegion, { pattern: MASTER_REGION });
  v.enumValue('functionVersion', functionVersion, ['ALL']);
  checkMaxItems(v, maxItems, MAX_ITEMS.ListFunctions);
  v.throwIfAny();
  const marker = param(query, 'Marker');
  return {
    ...(marker === undefined ? {} : { marker }),
    ...(maxItems === undefined ? {} : { maxItems }),
    ...(functionVersion === 'ALL' ? { functionVersion } : {}),
    ...(masterRegion === undefined ? {} : { masterRegion }),
  };
}

export interface ListAliasesQuery extends Pagination {
  readonly functionVersion?: string;
}

export function parseListAliasesQuery(query: URLSearchParams): ListAliasesQuery {
  const functionVersion = param(query, 'FunctionVersion');
  const v = new ViolationList();
  v.string('functionVersion', functionVersion, { min: 1, max: 1024, pattern: FUNCTION_VERSION });
  v.throwIfAny();
  return { ...parsePagination(query, MAX_ITEMS.ListAliases), ...(functionVersion === undefined ? {} : { functionVersion }) };
}

export interface LayerListQuery extends Pagination {
  readonly compatibleRuntime?: string;
  readonly compatibleArchitecture?: 'x86_64' | 'arm64';
}

/** ListLayers / ListLayerVersions filters. [LS list_layers_exc_compatibleruntime_invalid, …compatiblearchitecture_invalid] */
export function parseLayerListQuery(query: URLSearchParams): LayerListQuery {
  const compatibleRuntime = param(query, 'CompatibleRuntime');
  const compatibleArchitecture = param(query, 'CompatibleArchitecture');
  const v = new ViolationList();
  v.enumValue('compatibleRuntime', compatibleRuntime, LAYER_FILTER_RUNTIMES);
  v.enumValue('compatibleArchitecture', compatibleArchitecture, AWS_ARCHITECTURES);
  v.throwIfAny();
  return {
    ...parsePagination(query, MAX_ITEMS.ListLayers),
    ...(compatibleRuntime === undefined ? {} : { compatibleRuntime }),
    ...(compatibleArchitecture === 'x86_64' || compatibleArchitecture === 'arm64' ? { compatibleArchitecture } : {}),
  };
}
