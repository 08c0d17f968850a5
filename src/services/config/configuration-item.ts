/**
 * AWS Config's configuration item (botocore config/2014-11-12 `ConfigurationItem`) as lambdabox records it,
 * and the port through which the recorder learns a resource's current configuration. The snapshotters that
 * implement the port read the control plane's and IAM's tables (src/api/config/); this service only
 * compares and appends.
 */
import type { StoreTx } from '../../store/store.js';

export const CONFIG_RESOURCE_TYPES = ['AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::IAM::Policy'] as const;
export type ConfigResourceType = (typeof CONFIG_RESOURCE_TYPES)[number];

export function isConfigResourceType(value: string): value is ConfigResourceType {
  return (CONFIG_RESOURCE_TYPES as readonly string[]).includes(value);
}

export type ConfigItemStatus = 'OK' | 'ResourceDiscovered' | 'ResourceDeleted';

/** botocore `Relationship`. */
export interface ConfigRelationship {
  readonly resourceType: string;
  readonly resourceId?: string;
  readonly resourceName?: string;
  readonly relationshipName: string;
}

/** What a snapshotter reports of a resource that exists. */
export interface ResourceSnapshot {
  readonly resourceId: string;
  readonly resourceName: string;
  readonly arn: string;
  /** The server's region for regional resources; `global` for IAM's, as AWS Config reports them. */
  readonly awsRegion: string;
  /** Epoch milliseconds. */
  readonly resourceCreationTime?: number;
  /** The resource's configuration in AWS Config's camelCase shape (the API returns it as JSON text). */
  readonly configuration: Readonly<Record<string, unknown>>;
  /** Names to values; the API returns each value as JSON text. */
  readonly supplementaryConfiguration: Readonly<Record<string, unknown>>;
  readonly relationships: readonly ConfigRelationship[];
  readonly tags: Readonly<Record<string, string>>;
}

/** The resource a change names: the function name, the role name, or the managed policy's ARN. */
export interface ResourceRef {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: ConfigResourceType;
  readonly resourceName: string;
}

export interface ResourceSnapshotter {
  /**
   * The resource's configuration now, or undefined when it no longer exists. Reads only through `tx`: the
   * recorder runs it in the same transaction as its compare-and-append, so the item is the state it committed against.
   */
  snapshot(tx: StoreTx, ref: ResourceRef): Promise<ResourceSnapshot | undefined>;
}

/** The stored item: every ConfigurationItem member but the capture time (a column), times as epoch milliseconds. */
export interface ConfigItemDoc {
  readonly version: string;
  readonly accountId: string;
  readonly configurationItemStatus: ConfigItemStatus;
  readonly configurationStateId: string;
  readonly configurationItemMD5Hash: string;
  readonly arn: string;
  readonly resourceType: ConfigResourceType;
  readonly resourceId: string;
  readonly resourceName: string;
  readonly awsRegion: string;
  readonly availabilityZone: string;
  readonly resourceCreationTime?: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly relatedEvents: readonly string[];
  readonly relationships: readonly ConfigRelationship[];
  /** Absent on ResourceDeleted items. */
  readonly configuration?: Readonly<Record<string, unknown>>;
  readonly supplementaryConfiguration: Readonly<Record<string, unknown>>;
}
