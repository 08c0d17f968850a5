/**
 * The persistence interface. Every read-modify-write runs inside `transact`, which is atomic and
 * serializable: either everything the closure wrote is committed, or nothing is (a crash in the
 * middle leaves no half-created resource). Closures must do no I/O other than through `tx`, so a
 * transaction never waits on anything slow. Implementations: SQLite (embedded, this file's sibling
 * `sqlite/`), PostgreSQL later. Tables come in modules: the core's (this folder) and each service's own
 * (`src/services/<name>/store/`), put together by the composition root.
 */
import type {
  AccessKeyRecord,
  AccountRecord,
  AliasRecord,
  EventInvokeConfigRecord,
  FunctionRecord,
  LayerRecord,
  LayerVersionRecord,
  VersionRecord,
} from './records.js';
import type {
  GroupRecord,
  IamPrincipalType,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  PolicyVersionRecord,
  RoleRecord,
  UserRecord,
} from './iam-records.js';
import type { ResourcePolicyKind, ResourcePolicyRecord } from './policy-records.js';
import type { AsyncEventRecord, AsyncEventUpdate, AsyncLeaseRequest, LeasedAsyncEvent } from './async-records.js';
import type { ClusterStore } from './cluster-records.js';
import type { ResourcePolicyKey } from './resource-policy-cache.js';
import type { TaggedResourceKey } from './resource-tag-cache.js';

export interface Page<T> {
  readonly items: T[];
  /** Present when more items follow; pass back as `after`. */
  readonly nextAfter?: string;
}

export interface AccountsTx {
  getAccount(accountId: string): Promise<AccountRecord | undefined>;
  putAccount(record: AccountRecord): Promise<void>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  putAccessKey(record: AccessKeyRecord): Promise<void>;
  /** Access keys whose principal is this ARN (a user's keys), oldest first. */
  listAccessKeysFor(principalArn: string): Promise<AccessKeyRecord[]>;
  deleteAccessKey(accessKeyId: string): Promise<void>;
}

export interface FunctionsTx {
  getFunction(accountId: string, name: string): Promise<FunctionRecord | undefined>;
  putFunction(record: FunctionRecord): Promise<void>;
  /** Removes the function with all its versions, aliases and event-invoke configs. */
  deleteFunction(accountId: string, name: string): Promise<void>;
  countFunctions(accountId: string): Promise<number>;
  /** Sum of reserved concurrency across the account's functions. */
  totalReservedConcurrency(accountId: string): Promise<number>;
  getVersion(accountId: string, functionName: string, version: string): Promise<VersionRecord | undefined>;
  putVersion(record: VersionRecord): Promise<void>;
  deleteVersion(accountId: string, functionName: string, version: string): Promise<void>;
  /** Versions of one function in order ($LATEST first, then ascending numbers). */
  listVersions(accountId: string, functionName: string, after: string | undefined, limit: number): Promise<Page<VersionRecord>>;
  /** `$LATEST` of every function, by name. */
  listLatest(accountId: string, after: string | undefined, limit: number): Promise<Page<VersionRecord>>;
  /** Every version of every function, by name then version. */
  listAllVersions(accountId: string, after: string | undefined, limit: number): Promise<Page<VersionRecord>>;
  /** Sum of CodeSize over all stored versions and layer versions of the account. */
  totalCodeSize(accountId: string): Promise<number>;
  /** Whether any version or layer version (of any account) still references this blob. */
  isBlobReferenced(sha256Hex: string): Promise<boolean>;
  /** Versions whose State or LastUpdateStatus is still in progress (resumed after a restart). */
  listUnsettledVersions(): Promise<VersionRecord[]>;
}

export interface AliasesTx {
  getAlias(accountId: string, functionName: string, name: string): Promise<AliasRecord | undefined>;
  putAlias(record: AliasRecord): Promise<void>;
  deleteAlias(accountId: string, functionName: string, name: string): Promise<void>;
  listAliases(accountId: string, functionName: string, after: string | undefined, limit: number): Promise<Page<AliasRecord>>;
  countAliases(accountId: string, functionName: string): Promise<number>;
}

export interface LayersTx {
  getLayer(accountId: string, name: string): Promise<LayerRecord | undefined>;
  putLayer(record: LayerRecord): Promise<void>;
  getLayerVersion(accountId: string, name: string, version: number): Promise<LayerVersionRecord | undefined>;
  putLayerVersion(record: LayerVersionRecord): Promise<void>;
  /** Marks the version deleted: it disappears from the API but stays readable for the functions that use it. */
  deleteLayerVersion(accountId: string, name: string, version: number): Promise<void>;
  /** A layer version even if deleted, for functions that still reference it. */
  getLayerVersionIncludingDeleted(accountId: string, name: string, version: number): Promise<LayerVersionRecord | undefined>;
  /** Removes deleted layer versions no function version references any more; returns how many. */
  purgeUnusedDeletedLayerVersions(): Promise<number>;
  /** Versions of one layer, newest first (as AWS lists them). */
  listLayerVersions(accountId: string, name: string, after: string | undefined, limit: number): Promise<Page<LayerVersionRecord>>;
  /** Names of layers that still have at least one version, by name. */
  listLayerNames(accountId: string, after: string | undefined, limit: number): Promise<Page<string>>;
}

export interface EventInvokeConfigsTx {
  getEventInvokeConfig(accountId: string, functionName: string, qualifier: string): Promise<EventInvokeConfigRecord | undefined>;
  putEventInvokeConfig(record: EventInvokeConfigRecord): Promise<void>;
  deleteEventInvokeConfig(accountId: string, functionName: string, qualifier: string): Promise<void>;
  listEventInvokeConfigs(accountId: string, functionName: string, after: string | undefined, limit: number): Promise<Page<EventInvokeConfigRecord>>;
}

/**
 * IAM entities (issue 4). The IAM service helper extends this interface with everything the IAM API needs;
 * the two lookups below are what STS and the authenticator rely on. Names match case-insensitively.
 */
export interface IamPrincipalsTx {
  getUser(accountId: string, userName: string): Promise<UserRecord | undefined>;
  getRole(accountId: string, roleName: string): Promise<RoleRecord | undefined>;
  /** Inserts or replaces the user with this name (case-insensitively). */
  putUser(record: UserRecord): Promise<void>;
  deleteUser(accountId: string, userName: string): Promise<void>;
  /** Users whose path starts with `pathPrefix`, by name (case-insensitive order). */
  listUsers(accountId: string, pathPrefix: string): Promise<UserRecord[]>;
  putRole(record: RoleRecord): Promise<void>;
  deleteRole(accountId: string, roleName: string): Promise<void>;
  listRoles(accountId: string, pathPrefix: string): Promise<RoleRecord[]>;
  getGroup(accountId: string, groupName: string): Promise<GroupRecord | undefined>;
  putGroup(record: GroupRecord): Promise<void>;
  /** Removes the group and its memberships. */
  deleteGroup(accountId: string, groupName: string): Promise<void>;
  listGroups(accountId: string, pathPrefix: string): Promise<GroupRecord[]>;
  addGroupMember(accountId: string, groupName: string, userName: string): Promise<void>;
  removeGroupMember(accountId: string, groupName: string, userName: string): Promise<void>;
  listGroupMembers(accountId: string, groupName: string): Promise<UserRecord[]>;
  listGroupsForUser(accountId: string, userName: string): Promise<GroupRecord[]>;
}

/** IAM policies: managed policies and their versions, attachments, inline policies, users' access keys. */
export interface IamPoliciesTx {
  /** Customer managed policies only; AWS managed ones come from the built-in catalog. */
  getManagedPolicy(policyArn: string): Promise<ManagedPolicyRecord | undefined>;
  /** A customer managed policy of the account by name (names are unique per account, case-insensitively). */
  getManagedPolicyByName(accountId: string, policyName: string): Promise<ManagedPolicyRecord | undefined>;
  putManagedPolicy(record: ManagedPolicyRecord): Promise<void>;
  /** Removes the policy with all its versions. */
  deleteManagedPolicy(policyArn: string): Promise<void>;
  listManagedPolicies(accountId: string, pathPrefix: string): Promise<ManagedPolicyRecord[]>;
  getPolicyVersion(policyArn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  putPolicyVersion(record: PolicyVersionRecord): Promise<void>;
  deletePolicyVersion(policyArn: string, versionId: string): Promise<void>;
  /** Versions of one policy, newest first. */
  listPolicyVersions(policyArn: string): Promise<PolicyVersionRecord[]>;
  attachPolicy(accountId: string, type: IamPrincipalType, principalName: string, policyArn: string): Promise<void>;
  detachPolicy(accountId: string, type: IamPrincipalType, principalName: string, policyArn: string): Promise<void>;
  /** ARNs of the managed policies attached to one user, role or group, in attachment order. */
  listAttachedPolicies(accountId: string, type: IamPrincipalType, principalName: string): Promise<string[]>;
  /** How many users, roles and groups of the account have this policy attached (AWS managed policies included). */
  countPolicyAttachments(accountId: string, policyArn: string): Promise<number>;
  /** ARNs of every policy attached to something in the account (for ListPolicies OnlyAttached). */
  listAttachedPolicyArns(accountId: string): Promise<string[]>;
  getInlinePolicy(accountId: string, type: IamPrincipalType, principalName: string, policyName: string): Promise<InlinePolicyRecord | undefined>;
  putInlinePolicy(record: InlinePolicyRecord): Promise<void>;
  deleteInlinePolicy(accountId: string, type: IamPrincipalType, principalName: string, policyName: string): Promise<void>;
  /** Inline policies of one user, role or group, by policy name. */
  listInlinePolicies(accountId: string, type: IamPrincipalType, principalName: string): Promise<InlinePolicyRecord[]>;
}

export interface IamTx extends IamPrincipalsTx, IamPoliciesTx {}

/** The durable asynchronous-invocation queue (src/invoke/async). Times are epoch milliseconds. */
export interface AsyncQueueTx {
  insertAsyncEvents(records: readonly AsyncEventRecord[]): Promise<void>;
  /** Takes up to `limit` visible events, oldest visibility first, and leases them to `owner`. */
  leaseAsyncEvents(request: AsyncLeaseRequest): Promise<LeasedAsyncEvent[]>;
  getAsyncEvent(requestId: string): Promise<AsyncEventRecord | undefined>;
  /** Records an attempt's result and ends the lease; false when the event is no longer queued. */
  updateAsyncEvent(requestId: string, update: AsyncEventUpdate): Promise<boolean>;
  deleteAsyncEvent(requestId: string): Promise<void>;
  /**
   * Ends leases: with `owner`, only those held by that owner (a node that left or died); without, every
   * lease (a restart: what was in flight is visible again now). Returns how many.
   */
  releaseAsyncLeases(now: number, owner?: string): Promise<number>;
  /** The earliest visibility time of any queued event, leased or not. */
  nextAsyncVisibleAt(): Promise<number | undefined>;
  countAsyncEvents(): Promise<number>;
}

/**
 * Resource-based policies of functions (per qualifier, `''` for the function) and layer versions. Rows go
 * away with the function, version, alias or layer version they belong to (SQLite triggers).
 */
export interface ResourcePoliciesTx {
  getResourcePolicy(accountId: string, kind: ResourcePolicyKind, name: string, qualifier: string): Promise<ResourcePolicyRecord | undefined>;
  putResourcePolicy(record: ResourcePolicyRecord): Promise<void>;
  deleteResourcePolicy(accountId: string, kind: ResourcePolicyKind, name: string, qualifier: string): Promise<void>;
}

export interface StoreTx extends AccountsTx, FunctionsTx, AliasesTx, LayersTx, EventInvokeConfigsTx, IamTx, AsyncQueueTx, ResourcePoliciesTx {}

/**
 * `Tx` is what the transactions offer: the Lambda core's tables (StoreTx) by default; a service's code asks for
 * the core's tables and its own (e.g. `Store<StoreTx & SqsTx>`), which the composition root's store provides.
 */
export interface Store<Tx = StoreTx> {
  start(): Promise<void>;
  transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * The resource policy documents of these holders (undefined: none), for authorizing requests. Served
   * from memory without a transaction while no resource policy changed; any committed change, including
   * one made by deleting what the policy belongs to, is seen by the very next call.
   */
  readResourcePolicies(keys: readonly ResourcePolicyKey[]): Promise<Array<string | undefined>>;
  /**
   * The tags of these resources (undefined: no such resource), for `aws:ResourceTag/…`. Served from memory
   * like readResourcePolicies; any committed change to such a resource is seen by the very next call.
   */
  readResourceTags(keys: readonly TaggedResourceKey[]): Promise<Array<Readonly<Record<string, string>> | undefined>>;
  /**
   * The cluster's shared state (nodes, execution slots, the master-key check). Each call is atomic on its
   * own and runs outside `transact`: never call it from inside a transaction's closure.
   */
  readonly cluster: ClusterStore;
  /**
   * Calls `listener` whenever data of `topic` ('iam': accounts, access keys, users, roles, groups, policies
   * and their attachments) may have changed other than through this process: another node sharing the
   * store wrote it, or changes may have gone unheard (the store lost and regained its notifications).
   * Caches above the store (identity policies, access keys) drop what they hold. Never called on SQLite,
   * which only this process writes.
   */
  watchChanges(topic: 'iam', listener: () => void): void;
  close(): Promise<void>;
}
