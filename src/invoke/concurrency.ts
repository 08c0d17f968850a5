/**
 * Concurrency admission, as Lambda counts it: a function with reserved concurrency R runs at most R
 * executions (all versions and $LATEST together); the other functions share what is left of the
 * account limit. Over either, the invoke is throttled with Lambda's 429 and Reason.
 */
import { ACCOUNT_CONCURRENCY_LIMIT } from '../control/account/limits.js';
import { TooManyRequestsError } from '../shared/errors/lambda-errors.js';

export interface AdmissionInput {
  readonly accountId: string;
  readonly functionName: string;
  /** The function's reserved concurrency, or null when it draws from the unreserved pool. */
  readonly reserved: number | null;
  /** Sum of every reservation in the account. */
  readonly totalReserved: number;
}

/** Releases the execution slot; call exactly once (and await it: the next admission must see it freed). */
export type Release = () => void | Promise<void>;

/** Throws TooManyRequestsError when the invoke may not run now; else the slot's release. */
export interface ConcurrencyAdmission {
  admit(input: AdmissionInput): Release | Promise<Release>;
}

/** One process's count: right while this process is the only node (the embedded SQLite store). */
export class ConcurrencyTracker implements ConcurrencyAdmission {
  readonly #perFunction = new Map<string, number>();
  /** In-flight executions of functions without a reservation, per account. */
  readonly #unreserved = new Map<string, number>();
  readonly #accountLimit: number;

  constructor(options: { accountLimit?: number } = {}) {
    this.#accountLimit = options.accountLimit ?? ACCOUNT_CONCURRENCY_LIMIT;
  }

  inFlight(accountId: string, functionName: string): number {
    return this.#perFunction.get(`${accountId}:${functionName}`) ?? 0;
  }

  admit(input: AdmissionInput): Release {
    const fnKey = `${input.accountId}:${input.functionName}`;
    const running = this.#perFunction.get(fnKey) ?? 0;
    if (input.reserved !== null) {
      if (running >= input.reserved) throw new TooManyRequestsError('ReservedFunctionConcurrentInvocationLimitExceeded');
    } else {
      const pool = this.#accountLimit - input.totalReserved;
      const used = this.#unreserved.get(input.accountId) ?? 0;
      if (used >= pool) throw new TooManyRequestsError('ConcurrentInvocationLimitExceeded');
      this.#unreserved.set(input.accountId, used + 1);
    }
    this.#perFunction.set(fnKey, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.#perFunction.get(fnKey) ?? 1) - 1;
      if (now === 0) this.#perFunction.delete(fnKey);
      else this.#perFunction.set(fnKey, now);
      if (input.reserved === null) this.#unreserved.set(input.accountId, (this.#unreserved.get(input.accountId) ?? 1) - 1);
    };
  }
}
