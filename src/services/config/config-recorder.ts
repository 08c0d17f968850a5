/**
 * Records configuration items (issue 13). The front door's audit pipeline calls `record()` after each
 * successful mutating call with the resource the call changed and its CloudTrail event id; the recorder asks
 * the snapshotter for the resource's configuration now, compares it with the newest item and appends one
 * only when something changed: ResourceDiscovered for a resource's first item (or its first after a
 * deletion), OK for a change, ResourceDeleted (without configuration) once it is gone.
 *
 * Ordering: the snapshot, the compare and the append run in one store transaction. Both engines serialize
 * transactions (SQLite: one writer; PostgreSQL: SERIALIZABLE with retries, and one transaction at a time per
 * process), so concurrent record() calls for one resource, on one node or several, append in commit order
 * and never out of it; a retried closure re-reads everything, so it is safe to run again.
 */
import type { ConfigStore, ConfigStoreTx } from './store/config-tx.js';
import { NAMESPACED_FUNCTION_NAME_DIALECT, functionNamePattern, splitFunctionName } from '../../shared/arn/function-name.js';
import type { StoredConfigItem } from './store/config-records.js';
import type { ConfigItemDoc, ConfigItemStatus, ConfigResourceType, ResourceRef, ResourceSnapshot, ResourceSnapshotter } from './configuration-item.js';

/** A successful mutating call, as the audit pipeline reports it. */
export interface ResourceChange {
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: ConfigResourceType;
  /**
   * The function name, the role name, or the managed policy's ARN. A function may be named as its calls
   * name it (an ARN, a partial ARN, with a qualifier) and a role by its ARN: the resource is the same.
   */
  readonly resourceName: string;
  /** The CloudTrail event id of the call (the item's relatedEvents). */
  readonly eventId: string;
  readonly time: Date;
}

export interface ConfigRecorderOptions {
  readonly store: ConfigStore;
  readonly snapshotter: ResourceSnapshotter;
}

/**
 * ConfigurationItem version 1.3, the current one. AWS leaves relatedEvents empty from 1.3 on (and points to
 * LookupEvents); lambdabox fills it with the event id because it knows it exactly (issue 13), and the
 * MD5 hash is the empty string, as 1.3 items carry it.
 */
const ITEM_VERSION = '1.3';
/** What AWS Config reports for resources without an Availability Zone. */
const NO_ZONE = 'Not Applicable';

export class ConfigRecorder {
  readonly #store: ConfigStore;
  readonly #snapshotter: ResourceSnapshotter;

  constructor(options: ConfigRecorderOptions) {
    this.#store = options.store;
    this.#snapshotter = options.snapshotter;
  }

  /** Appends the items the change calls for; returns how many (0 when the configuration is unchanged). */
  async record(change: ResourceChange): Promise<number> {
    return this.#store.transact((tx) => this.#record(tx, change));
  }

  async #record(tx: ConfigStoreTx, change: ResourceChange): Promise<number> {
    const resourceName = resourceNameOf(change.resourceType, change.resourceName);
    const ref: ResourceRef = { accountId: change.accountId, region: change.region, resourceType: change.resourceType, resourceName };
    const lookupKey = lookupKeyOf(change.resourceType, resourceName);
    const snapshot = await this.#snapshotter.snapshot(tx, ref);
    const named = await tx.latestConfigItemByLookupKey(change.accountId, change.region, change.resourceType, lookupKey);
    let written = 0;
    // Gone, or replaced by another resource under the same name (a role created again gets a new role id):
    // the one recorded under the name is deleted.
    if (named !== undefined && named.status !== 'ResourceDeleted' && named.resourceId !== snapshot?.resourceId) {
      await tx.insertConfigItem(deletedItem(named, change));
      written++;
    }
    if (snapshot === undefined) return written;
    const latest = await tx.latestConfigItem({ ...ref, resourceId: snapshot.resourceId });
    const live = latest !== undefined && latest.status !== 'ResourceDeleted' ? latest : undefined;
    if (live !== undefined && sameState(live.doc, snapshot)) return written;
    await tx.insertConfigItem(itemOf(snapshot, change, lookupKey, live === undefined ? 'ResourceDiscovered' : 'OK', latest));
    return written + 1;
  }
}

const FUNCTION_NAME = functionNamePattern(NAMESPACED_FUNCTION_NAME_DIALECT);

/** The name the snapshotters look a resource up by: a function's bare name, a role's name (not its ARN). */
function resourceNameOf(type: ConfigResourceType, raw: string): string {
  if (type === 'AWS::Lambda::Function') return splitFunctionName(raw, FUNCTION_NAME)?.name ?? raw;
  if (type === 'AWS::IAM::Role' && raw.startsWith('arn:')) return raw.slice(raw.lastIndexOf('/') + 1);
  return raw;
}

/** IAM names (and so policy ARNs) match case-insensitively; Lambda function names do not. */
export function lookupKeyOf(type: ConfigResourceType, name: string): string {
  return type === 'AWS::Lambda::Function' ? name : name.toLowerCase();
}

/** Capture times and state ids never go backwards for a resource, even if changes are reported out of order. */
function timesAfter(previous: StoredConfigItem | undefined, at: Date): { captureTime: number; stateId: string } {
  const captureTime = Math.max(at.getTime(), previous?.captureTime ?? 0);
  const stateId = Math.max(captureTime, previous === undefined ? 0 : Number(previous.stateId) + 1);
  return { captureTime, stateId: String(stateId) };
}

function itemOf(
  s: ResourceSnapshot,
  change: ResourceChange,
  lookupKey: string,
  status: ConfigItemStatus,
  previous: StoredConfigItem | undefined,
): Parameters<ConfigStoreTx['insertConfigItem']>[0] {
  const { captureTime, stateId } = timesAfter(previous, change.time);
  const doc: ConfigItemDoc = {
    version: ITEM_VERSION,
    accountId: change.accountId,
    configurationItemStatus: status,
    configurationStateId: stateId,
    configurationItemMD5Hash: '',
    arn: s.arn,
    resourceType: change.resourceType,
    resourceId: s.resourceId,
    resourceName: s.resourceName,
    awsRegion: s.awsRegion,
    availabilityZone: NO_ZONE,
    ...(s.resourceCreationTime === undefined ? {} : { resourceCreationTime: s.resourceCreationTime }),
    tags: s.tags,
    relatedEvents: [change.eventId],
    relationships: s.relationships,
    configuration: s.configuration,
    supplementaryConfiguration: s.supplementaryConfiguration,
  };
  return {
    accountId: change.accountId,
    region: change.region,
    resourceType: change.resourceType,
    resourceId: s.resourceId,
    resourceName: s.resourceName,
    arn: s.arn,
    lookupKey,
    captureTime,
    status,
    stateId,
    doc,
  };
}

/** AWS's ResourceDeleted item: the resource's identity, no configuration, tags or relationships. */
function deletedItem(previous: StoredConfigItem, change: ResourceChange): Parameters<ConfigStoreTx['insertConfigItem']>[0] {
  const { captureTime, stateId } = timesAfter(previous, change.time);
  const { configuration: _dropped, ...identity } = previous.doc;
  const doc: ConfigItemDoc = {
    ...identity,
    configurationItemStatus: 'ResourceDeleted',
    configurationStateId: stateId,
    tags: {},
    relatedEvents: [change.eventId],
    relationships: [],
    supplementaryConfiguration: {},
  };
  const { seq: _seq, ...key } = previous;
  return { ...key, captureTime, status: 'ResourceDeleted', stateId, doc };
}

function sameState(doc: ConfigItemDoc, s: ResourceSnapshot): boolean {
  const state = (d: Pick<ConfigItemDoc, 'arn' | 'resourceName' | 'tags' | 'relationships' | 'supplementaryConfiguration'> & { configuration?: unknown }) =>
    canonicalJson([d.arn, d.resourceName, d.configuration ?? null, d.supplementaryConfiguration, d.relationships, d.tags]);
  return state(doc) === state(s);
}

/** JSON with object keys sorted, so two equal configurations compare equal whatever order built them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
