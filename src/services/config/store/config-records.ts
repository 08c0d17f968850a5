/**
 * Configuration items as the store keeps them (issue 13): the columns the APIs filter and order on, and
 * `doc`, the rest of AWS Config's ConfigurationItem. Items are only ever appended; a resource's history is
 * its items in `seq` order, which is also capture-time order (the recorder keeps both increasing).
 */
import type { ConfigResourceType, ConfigItemStatus, ConfigItemDoc } from '../configuration-item.js';

export interface NewConfigItem {
  readonly accountId: string;
  /** The server's region, which the APIs answer for (IAM items say `global` in `doc.awsRegion`). */
  readonly region: string;
  readonly resourceType: ConfigResourceType;
  /** AWS Config's resourceId: the function name, the role id (`AROA…`), the policy id (`ANPA…`). */
  readonly resourceId: string;
  readonly resourceName: string;
  readonly arn: string;
  /**
   * What the recorder finds a resource by when all it has is the name a call used: the function name, the
   * role name in lower case, the policy ARN in lower case (IAM names match case-insensitively).
   */
  readonly lookupKey: string;
  /** Epoch milliseconds of configurationItemCaptureTime. */
  readonly captureTime: number;
  readonly status: ConfigItemStatus;
  /** configurationStateId: epoch milliseconds as a decimal string, strictly increasing per resource. */
  readonly stateId: string;
  readonly doc: ConfigItemDoc;
}

export interface StoredConfigItem extends NewConfigItem {
  /** Insertion order across all items; assigned by the store, never reused. */
  readonly seq: number;
}

export interface ConfigResourceKey {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
}

export interface ConfigHistoryQuery extends ConfigResourceKey {
  /** Inclusive bounds, epoch milliseconds. */
  readonly earliest?: number;
  readonly latest?: number;
  /** Oldest first when true (`Forward`), newest first otherwise (`Reverse`, AWS's default). */
  readonly forward: boolean;
  /** Continue after this seq (exclusive) in the query's order. */
  readonly afterSeq?: number;
  readonly limit: number;
}

export interface DiscoveredQuery {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceIds?: readonly string[];
  readonly resourceName?: string;
  readonly includeDeleted: boolean;
  /** Continue after this resource id (exclusive); resources come by resource id. */
  readonly afterId?: string;
  readonly limit: number;
}
