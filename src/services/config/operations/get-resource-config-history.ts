/**
 * GetResourceConfigHistory: one resource's items of the caller's account, newest first unless
 * `chronologicalOrder` is Forward, 10 a page unless `limit` says otherwise (0 means the default, at most
 * 100). A deleted resource's history stays readable, its ResourceDeleted item included.
 */
import type { ConfigCall, ConfigDeps } from '../config-deps.js';
import { authorizeConfig } from '../config-deps.js';
import { InvalidTimeRangeError, ResourceNotDiscoveredError, invalidNextToken, limitTooLarge } from '../config-errors.js';
import { decodeToken, encodeToken } from './paging-token.js';
import { toConfigurationItem } from './item-view.js';
import type { WireItem } from './item-view.js';

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

export interface HistoryInput {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly laterTime?: Date;
  readonly earlierTime?: Date;
  readonly chronologicalOrder?: 'Reverse' | 'Forward';
  readonly limit?: number;
  readonly nextToken?: string;
}

export interface HistoryOutput {
  readonly configurationItems: WireItem[];
  readonly nextToken?: string;
}

export async function getResourceConfigHistory(deps: ConfigDeps, call: ConfigCall, input: HistoryInput): Promise<HistoryOutput> {
  await authorizeConfig(deps, call, 'GetResourceConfigHistory');
  if (input.limit !== undefined && input.limit > MAX_LIMIT) throw limitTooLarge('limit', input.limit, MAX_LIMIT);
  const limit = input.limit === undefined || input.limit === 0 ? DEFAULT_LIMIT : input.limit;
  if (input.earlierTime !== undefined && input.laterTime !== undefined && input.earlierTime > input.laterTime) {
    throw new InvalidTimeRangeError('The earlier time is not chronologically before the later time.');
  }
  const forward = input.chronologicalOrder === 'Forward';
  const key = { accountId: call.caller.accountId, region: deps.region, resourceType: input.resourceType, resourceId: input.resourceId };
  const scope = ['history', key.accountId, key.resourceType, key.resourceId, forward ? 'F' : 'R'];
  let afterSeq: number | undefined;
  if (input.nextToken !== undefined && input.nextToken !== '') {
    const position = decodeToken(input.nextToken, scope);
    if (typeof position !== 'number') throw invalidNextToken();
    afterSeq = position;
  }
  const { items, discovered } = await deps.store.transact(async (tx) => ({
    discovered: (await tx.latestConfigItem(key)) !== undefined,
    items: await tx.configHistory({
      ...key,
      ...(input.earlierTime === undefined ? {} : { earliest: input.earlierTime.getTime() }),
      ...(input.laterTime === undefined ? {} : { latest: input.laterTime.getTime() }),
      forward,
      ...(afterSeq === undefined ? {} : { afterSeq }),
      limit: limit + 1,
    }),
  }));
  if (!discovered) {
    throw new ResourceNotDiscoveredError(`Resource ${input.resourceId} of resourceType:${input.resourceType} is unknown or has not been discovered`);
  }
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  return {
    configurationItems: page.map(toConfigurationItem),
    ...(items.length > limit && last !== undefined ? { nextToken: encodeToken(scope, last.seq) } : {}),
  };
}
