/**
 * Stored items on the wire. awsJson timestamps are epoch seconds; `configuration` and each
 * supplementaryConfiguration value are JSON text, as AWS Config returns them.
 */
import type { StoredConfigItem } from '../store/config-records.js';

export type WireItem = Record<string, unknown>;

function supplementary(values: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

const seconds = (ms: number): number => ms / 1000;

/** GetResourceConfigHistory's ConfigurationItem. */
export function toConfigurationItem(item: StoredConfigItem): WireItem {
  const d = item.doc;
  return {
    version: d.version,
    accountId: d.accountId,
    configurationItemCaptureTime: seconds(item.captureTime),
    configurationItemStatus: d.configurationItemStatus,
    configurationStateId: d.configurationStateId,
    configurationItemMD5Hash: d.configurationItemMD5Hash,
    arn: d.arn,
    resourceType: d.resourceType,
    resourceId: d.resourceId,
    resourceName: d.resourceName,
    awsRegion: d.awsRegion,
    availabilityZone: d.availabilityZone,
    ...(d.resourceCreationTime === undefined ? {} : { resourceCreationTime: seconds(d.resourceCreationTime) }),
    tags: d.tags,
    relatedEvents: d.relatedEvents,
    relationships: d.relationships,
    // A deleted resource has no configuration: AWS sends the JSON text `null`.
    configuration: JSON.stringify(d.configuration ?? null),
    supplementaryConfiguration: supplementary(d.supplementaryConfiguration),
  };
}

/**
 * BatchGetResourceConfig's BaseConfigurationItem: no tags, relationships, related events or hash, and, as
 * the API reference says, tags filtered out of supplementaryConfiguration.
 */
export function toBaseConfigurationItem(item: StoredConfigItem): WireItem {
  const { tags: _tags, relatedEvents: _events, relationships: _rels, configurationItemMD5Hash: _md5, ...base } = toConfigurationItem(item);
  const { Tags: _supplementaryTags, ...rest } = item.doc.supplementaryConfiguration;
  return { ...base, supplementaryConfiguration: supplementary(rest) };
}
