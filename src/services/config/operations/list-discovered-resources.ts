/**
 * ListDiscoveredResources: the caller's resources of one type that have items, by resource id, 100 a page
 * unless `limit` says otherwise; deleted ones only with `includeDeletedResources`, then with the time of
 * their ResourceDeleted item as resourceDeletionTime.
 */
import type { ConfigCall, ConfigDeps } from '../config-deps.js';
import { authorizeConfig } from '../config-deps.js';
import { ConfigValidationError, invalidNextToken, limitTooLarge } from '../config-errors.js';
import { decodeToken, encodeToken } from './paging-token.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 100;

export interface ListDiscoveredInput {
  readonly resourceType: string;
  readonly resourceIds?: readonly string[];
  readonly resourceName?: string;
  readonly limit?: number;
  readonly includeDeletedResources?: boolean;
  readonly nextToken?: string;
}

export interface ResourceIdentifier {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName: string;
  /** Epoch seconds. */
  readonly resourceDeletionTime?: number;
}

export interface ListDiscoveredOutput {
  readonly resourceIdentifiers: ResourceIdentifier[];
  readonly nextToken?: string;
}

export async function listDiscoveredResources(deps: ConfigDeps, call: ConfigCall, input: ListDiscoveredInput): Promise<ListDiscoveredOutput> {
  await authorizeConfig(deps, call, 'ListDiscoveredResources');
  if (input.limit !== undefined && input.limit > MAX_LIMIT) throw limitTooLarge('limit', input.limit, MAX_LIMIT);
  if (input.resourceIds !== undefined && input.resourceIds.length > 0 && input.resourceName !== undefined) {
    throw new ConfigValidationError('You cannot specify both resource IDs and a resource name.');
  }
  const limit = input.limit === undefined || input.limit === 0 ? DEFAULT_LIMIT : input.limit;
  const includeDeleted = input.includeDeletedResources === true;
  const accountId = call.caller.accountId;
  // The filters are part of the scope: a token continues the listing it came from and no other.
  const scope = ['discovered', accountId, input.resourceType, includeDeleted ? 'D' : '', input.resourceName ?? '', ...(input.resourceIds ?? [])];
  let afterId: string | undefined;
  if (input.nextToken !== undefined && input.nextToken !== '') {
    const position = decodeToken(input.nextToken, scope);
    if (typeof position !== 'string') throw invalidNextToken();
    afterId = position;
  }
  const page = await deps.store.transact((tx) =>
    tx.discoveredResources({
      accountId,
      region: deps.region,
      resourceType: input.resourceType,
      ...(input.resourceIds === undefined || input.resourceIds.length === 0 ? {} : { resourceIds: input.resourceIds }),
      ...(input.resourceName === undefined ? {} : { resourceName: input.resourceName }),
      includeDeleted,
      ...(afterId === undefined ? {} : { afterId }),
      limit,
    }),
  );
  return {
    resourceIdentifiers: page.items.map((item) => ({
      resourceType: item.resourceType,
      resourceId: item.resourceId,
      resourceName: item.resourceName,
      ...(item.status === 'ResourceDeleted' ? { resourceDeletionTime: item.captureTime / 1000 } : {}),
    })),
    ...(page.nextAfter === undefined ? {} : { nextToken: encodeToken(scope, page.nextAfter) }),
  };
}
