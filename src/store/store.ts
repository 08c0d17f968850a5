/**
 * The persistence interface. Every read-modify-write runs inside `transact`, which is atomic and
 * serializable: either everything the closure wrote is committed, or nothing is (a crash in the
 * middle leaves no half-created resource). Closures must do no I/O other than through `tx`, so a
 * transaction never waits on anything slow. Implementations: SQLite (embedded, this file's sibling
 * `sqlite/`), PostgreSQL later.
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
import type { RoleRecord, UserRecord } from './iam-records.js';

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
export interface IamTx {
  getUser(accountId: string, userName: string): Promise<UserRecord | undefined>;
  getRole(accountId: string, roleName: string): Promise<RoleRecord | undefined>;
}

export interface StoreTx extends AccountsTx, FunctionsTx, AliasesTx, LayersTx, EventInvokeConfigsTx, IamTx {}

export interface Store {
  start(): Promise<void>;
  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
