/**
 * Concurrency admission across nodes: each execution holds a slot row in the shared store, and a
 * function's reservation (or the account's unreserved pool) is counted over every node's slots in one
 * atomic admission. A node that dies leaves its slots until a peer reaps it; until then the limits are
 * stricter, never looser.
 */
import { randomUUID } from 'node:crypto';
import type { ClusterStore } from '../store/cluster-records.js';
import { ACCOUNT_CONCURRENCY_LIMIT } from '../control/account/limits.js';
import { TooManyRequestsError } from '../shared/errors/lambda-errors.js';
import type { AdmissionInput, ConcurrencyAdmission, Release } from '../invoke/concurrency.js';
import type { Logger } from 'pino';

export interface StoreAdmissionOptions {
  readonly cluster: ClusterStore;
  readonly nodeId: string;
  readonly logger: Logger;
  readonly accountLimit?: number;
  readonly now?: () => number;
}

export class StoreAdmission implements ConcurrencyAdmission {
  readonly #o: StoreAdmissionOptions;

  constructor(options: StoreAdmissionOptions) {
    this.#o = options;
  }

  async admit(input: AdmissionInput): Promise<Release> {
    const slotId = randomUUID();
    const answer = await this.#o.cluster.admitExecution({
      slotId,
      nodeId: this.#o.nodeId,
      accountId: input.accountId,
      functionName: input.functionName,
      reserved: input.reserved,
      totalReserved: input.totalReserved,
      accountLimit: this.#o.accountLimit ?? ACCOUNT_CONCURRENCY_LIMIT,
      acquiredAt: (this.#o.now ?? Date.now)(),
    });
    if (answer !== 'admitted') throw new TooManyRequestsError(answer);
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      // A slot that fails to go is freed when this node leaves or is reaped; the invoke's answer stands.
      await this.#o.cluster.releaseExecution(slotId).catch((err: unknown) => this.#o.logger.warn({ err, slotId }, 'freeing an execution slot failed'));
    };
  }
}
