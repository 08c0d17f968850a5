/** Rows of the configuration tables and the records they map to, the same on SQLite and PostgreSQL. */
import type { ConfigItemDoc, ConfigItemStatus, ConfigResourceType } from '../configuration-item.js';
import type { NewConfigItem, StoredConfigItem } from './config-records.js';

export interface ConfigItemRow {
  seq: number;
  account_id: string;
  region: string;
  resource_type: string;
  resource_id: string;
  resource_name: string;
  arn: string;
  lookup_key: string;
  capture_time: number;
  status: string;
  state_id: string;
  item: string;
}

export function toConfigItem(row: ConfigItemRow): StoredConfigItem {
  return {
    seq: Number(row.seq),
    accountId: row.account_id,
    region: row.region,
    resourceType: row.resource_type as ConfigResourceType,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    arn: row.arn,
    lookupKey: row.lookup_key,
    captureTime: Number(row.capture_time),
    status: row.status as ConfigItemStatus,
    stateId: row.state_id,
    doc: JSON.parse(row.item) as ConfigItemDoc,
  };
}

/** The insert's values, in the column order of both engines' INSERT statements. */
export function itemValues(i: NewConfigItem): unknown[] {
  return [
    i.accountId,
    i.region,
    i.resourceType,
    i.resourceId,
    i.resourceName,
    i.arn,
    i.lookupKey,
    i.captureTime,
    i.status,
    i.stateId,
    JSON.stringify(i.doc),
  ];
}

export const INSERT_COLUMNS =
  'account_id, region, resource_type, resource_id, resource_name, arn, lookup_key, capture_time, status, state_id, item';
