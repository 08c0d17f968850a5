/**
 * BatchGetResourceConfig: the current item of up to 100 resources of the caller's account. As AWS, deleted
 * and unknown resources are simply left out; everything asked is processed at once, so
 * unprocessedResourceKeys is always the empty list.
 */
import type { ConfigCall, ConfigDeps } from '../config-deps.js';
import { authorizeConfig } from '../config-deps.js';
import { ConfigValidationError } from '../config-errors.js';
import { toBaseConfigurationItem } from './item-view.js';
import type { WireItem } from './item-view.js';

const MAX_KEYS = 100;

export interface ResourceKeyInput {
  readonly resourceType: string;
  readonly resourceId: string;
}

export interface BatchGetOutput {
  readonly baseConfigurationItems: WireItem[];
  readonly unprocessedResourceKeys: ResourceKeyInput[];
}

export async function batchGetResourceConfig(deps: ConfigDeps, call: ConfigCall, keys: readonly ResourceKeyInput[]): Promise<BatchGetOutput> {
  await authorizeConfig(deps, call, 'BatchGetResourceConfig');
  if (keys.length === 0 || keys.length > MAX_KEYS) {
    throw new ConfigValidationError(
      `1 validation error detected: Value '[${keys.map((k) => `ResourceKey(resourceType=${k.resourceType}, resourceId=${k.resourceId})`).join(', ')}]' at 'resourceKeys' failed to satisfy constraint: Member must have length ${keys.length === 0 ? 'greater than or equal to 1' : `less than or equal to ${MAX_KEYS}`}`,
    );
  }
  const accountId = call.caller.accountId;
  const items = await deps.store.transact(async (tx) => {
    const found = [];
    for (const k of keys) found.push(await tx.latestConfigItem({ accountId, region: deps.region, ...k }));
    return found;
  });
  return {
    baseConfigurationItems: items.flatMap((item) => (item === undefined || item.status === 'ResourceDeleted' ? [] : [toBaseConfigurationItem(item)])),
    unprocessedResourceKeys: [],
  };
}
