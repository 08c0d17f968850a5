import type { Page, Store, StoreTx } from '../../../store/store.js';
import type { ConfigHistoryQuery, ConfigResourceKey, DiscoveredQuery, NewConfigItem, StoredConfigItem } from './config-records.js';

/** The configuration history's tables (AWS Config-compatible). */
export interface ConfigTx {
  /** Appends an item; returns its `seq`. */
  insertConfigItem(item: NewConfigItem): Promise<number>;
  /** The newest item of one resource, ResourceDeleted included. */
  latestConfigItem(key: ConfigResourceKey): Promise<StoredConfigItem | undefined>;
  /** The newest item whose lookup key is this (see NewConfigItem.lookupKey), of any resource id. */
  latestConfigItemByLookupKey(accountId: string, region: string, resourceType: string, lookupKey: string): Promise<StoredConfigItem | undefined>;
  /** Up to `limit` items of one resource within the time bounds, in the query's order. */
  configHistory(query: ConfigHistoryQuery): Promise<StoredConfigItem[]>;
  /** The latest item of each resource of a type (the discovered resources), by resource id. */
  discoveredResources(query: DiscoveredQuery): Promise<Page<StoredConfigItem>>;
}

/** What the configuration service opens transactions on: the core's tables (the snapshotters read them) and its own. */
export type ConfigStoreTx = StoreTx & ConfigTx;
export type ConfigStore = Store<ConfigStoreTx>;
