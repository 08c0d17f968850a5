/**
 * What several lambdabox nodes sharing one store keep in it: who is alive (a lease each node renews by
 * heartbeat), which executions run where (so reserved and account concurrency hold across nodes), and
 * the master-key check every node must match. Times are epoch milliseconds.
 */

export interface NodeRecord {
  readonly nodeId: string;
  /** Where peers reach the node's internal channel, e.g. `http://10.0.0.2:9700`. */
  readonly url: string;
  readonly startedAt: number;
  readonly heartbeatAt: number;
  /** From then on the node counts as dead unless a heartbeat moved it; others may reap it. */
  readonly expiresAt: number;
  /** Executions running on the node at its last heartbeat. */
  readonly inFlight: number;
  /** Idle warm environments on the node at its last heartbeat, by `versionKeyString`. */
  readonly warm: Readonly<Record<string, number>>;
}

export interface ExecutionSlotRequest {
  /** A fresh id; the same id releases the slot. */
  readonly slotId: string;
  readonly nodeId: string;
  readonly accountId: string;
  readonly functionName: string;
  /** The function's reserved concurrency, or null when it draws from the account's unreserved pool. */
  readonly reserved: number | null;
  /** Sum of every reservation in the account (the unreserved pool is `accountLimit - totalReserved`). */
  readonly totalReserved: number;
  readonly accountLimit: number;
  readonly acquiredAt: number;
}

/** `admitted`, or the throttle Reason Lambda gives. */
export type SlotAdmission = 'admitted' | 'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded';

export interface NodeReaping {
  /** False when the node renewed its lease in time (or is already gone): nothing was touched. */
  readonly reaped: boolean;
  /** Async events the node had leased, made visible now. */
  readonly releasedEvents: number;
  /** Execution slots the node held, freed. */
  readonly releasedSlots: number;
}

/**
 * The cluster's shared state. Outside `transact` on purpose: admissions from every node serialize on a
 * per-account lock for one statement rather than retrying serializable transactions that all read the
 * same count.
 */
export interface ClusterStore {
  /** Registers the node or renews its lease (upsert by node id). */
  heartbeat(record: NodeRecord): Promise<void>;
  listNodes(): Promise<NodeRecord[]>;
  /**
   * Removes a node whose lease expired before `now`, with what it held: its execution slots are freed and
   * the async events leased to it (`leaseOwner` = node id) become visible at `now`. Atomic; a node that
   * renewed its lease in the meantime is left alone.
   */
  reapNode(nodeId: string, now: number): Promise<NodeReaping>;
  /**
   * A node leaving or starting again under its own id: removes its row and frees its slots, and its
   * leased async events become visible at `now`, whatever its lease says.
   */
  resetNode(nodeId: string, now: number): Promise<NodeReaping>;
  /**
   * Takes an execution slot if the function's reservation (or the account's unreserved pool) has room,
   * counting the slots of every node; atomic against every other admission of the account.
   */
  admitExecution(request: ExecutionSlotRequest): Promise<SlotAdmission>;
  /** Frees a slot; freeing one that is gone does nothing. */
  releaseExecution(slotId: string): Promise<void>;
  /** Slots held now for this function, or for the account's unreserved pool when `functionName` is undefined. */
  countExecutions(accountId: string, functionName?: string): Promise<number>;
  /**
   * The master-key check value: the first node's value is stored; returns the stored value, so a node
   * whose key differs sees a different one and refuses to start.
   */
  claimKeyCheck(value: string): Promise<string>;
}
