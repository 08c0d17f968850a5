/**
 * Moves versions out of their transitional states, as Lambda does after CreateFunction (State
 * Pending → Active) and after an update (LastUpdateStatus InProgress → Successful). Settling
 * re-reads the code from the encrypted blob store and checks its SHA-256, so a version only becomes
 * Active when its code is really there and intact; otherwise it becomes Failed with a reason.
 * Work is durable: transitional states live in the store, and `start()` resumes any a crash left.
 */
import type { Logger } from 'pino';
import type { Store } from '../../store/store.js';
import type { BlobStore } from '../../store/blob-store.js';
import type { VersionRecord } from '../../store/records.js';
import type { FunctionConfiguration } from '../../store/function-configuration.js';

/** Extra preparation a later component needs before a version may run (e.g. unpacking code). */
export type PrepareVersion = (version: VersionRecord, code: Buffer) => Promise<void>;

export type DeployerState = 'new' | 'running' | 'draining' | 'stopped';

export class Deployer {
  readonly #store: Store;
  readonly #blobs: BlobStore;
  readonly #logger: Logger;
  readonly #prepare: PrepareVersion[] = [];
  readonly #pending = new Set<Promise<void>>();
  #state: DeployerState = 'new';

  constructor(options: { store: Store; blobs: BlobStore; logger: Logger }) {
    this.#store = options.store;
    this.#blobs = options.blobs;
    this.#logger = options.logger;
  }

  /** Registers a preparation step run before a version becomes Active. */
  addPreparation(step: PrepareVersion): void {
    this.#prepare.push(step);
  }

  async start(): Promise<void> {
    this.#state = 'running';
    await this.resume();
  }

  /**
   * Settles every version still in a transitional state: at start, and when another node sharing the store
   * died (it may have been settling some). Settling is idempotent, so one settled twice is harmless.
   */
  async resume(): Promise<void> {
    const unsettled = await this.#store.transact((tx) => tx.listUnsettledVersions());
    for (const v of unsettled) this.schedule(v.accountId, v.functionName, v.version);
  }

  /** Settles the version soon, after the current request has answered with its transitional state. */
  schedule(accountId: string, functionName: string, version: string): void {
    if (this.#state !== 'running') return;
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#settle(accountId, functionName, version))
      .catch((err: unknown) => this.#logger.error({ err, functionName, version }, 'settling a version failed'));
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  /** Resolves once nothing is left to settle (used by close and by tests that need a stable state). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  async close(): Promise<void> {
    this.#state = 'draining';
    await this.idle();
    this.#state = 'stopped';
  }

  destroy(): void {
    // Unfinished settling is safe to drop: the transitional state is in the store and resumes on start.
    this.#state = 'stopped';
  }

  async #settle(accountId: string, functionName: string, version: string): Promise<void> {
    const record = await this.#store.transact((tx) => tx.getVersion(accountId, functionName, version));
    if (record === undefined || !isUnsettled(record.config)) return;
    let failure: string | undefined;
    try {
      const code = await this.#blobs.get(record.codeSha256Hex);
      for (const step of this.#prepare) await step(record, code);
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
      this.#logger.warn({ functionName, version, reason: failure }, 'version failed to settle');
    }
    await this.#store.transact(async (tx) => {
      const current = await tx.getVersion(accountId, functionName, version);
      // Another update may have replaced the code meanwhile; settle only what was checked.
      if (current === undefined || !isUnsettled(current.config) || current.codeSha256Hex !== record.codeSha256Hex) return;
      await tx.putVersion({ ...current, config: settled(current.config, failure) });
    });
    if (this.#state === 'running') {
      const again = await this.#store.transact((tx) => tx.getVersion(accountId, functionName, version));
      if (again !== undefined && isUnsettled(again.config)) this.schedule(accountId, functionName, version);
    }
  }
}

export function isUnsettled(config: FunctionConfiguration): boolean {
  return config.State === 'Pending' || config.LastUpdateStatus === 'InProgress';
}

function settled(config: FunctionConfiguration, failure: string | undefined): FunctionConfiguration {
  const next: FunctionConfiguration = { ...config };
  delete next.StateReason;
  delete next.StateReasonCode;
  delete next.LastUpdateStatusReason;
  delete next.LastUpdateStatusReasonCode;
  if (failure === undefined) {
    next.State = 'Active';
    next.LastUpdateStatus = 'Successful';
    return next;
  }
  if (config.State === 'Pending') {
    next.State = 'Failed';
    next.StateReason = `The function could not be prepared: ${failure}`;
    next.StateReasonCode = 'InternalError';
  }
  next.LastUpdateStatus = 'Failed';
  next.LastUpdateStatusReason = `The update could not be applied: ${failure}`;
  next.LastUpdateStatusReasonCode = 'InternalError';
  return next;
}
