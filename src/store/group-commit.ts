/**
 * Group commit: operations submitted while a commit is being prepared share one store transaction,
 * so one fsync covers a whole batch instead of one per event. Each caller's promise settles only
 * after the transaction holding its operation has committed (or failed).
 *
 * Contract for operations: an operation may throw only before it has written anything (its checks
 * come first). Its error then goes to its own caller and the rest of the batch still commits. An
 * operation may run more than once (the store retries a transaction that lost a serialization
 * conflict): it must do nothing outside `tx` that a second run would repeat or miss.
 */
import type { Store, StoreTx } from './store.js';

interface Pending<Tx> {
  readonly op: (tx: Tx) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

export interface GroupCommitOptions<Tx = StoreTx> {
  readonly store: Store<Tx>;
  /** Largest batch per transaction. @default 2000 */
  readonly maxBatch?: number;
  /**
   * Runs before each batch's transaction (e.g. make function logs durable before the events they record
   * leave the queue). It may write to the same store, so it runs outside the transaction; its failure does
   * not fail the batch (what it flushes is not acknowledged state).
   */
  readonly beforeCommit?: () => void | Promise<void>;
}

export class GroupCommit<Tx = StoreTx> {
  readonly #o: GroupCommitOptions<Tx>;
  readonly #maxBatch: number;
  #pending: Pending<Tx>[] = [];
  #scheduled = false;
  #running: Promise<void> = Promise.resolve();
  #commits = 0;
  #operations = 0;

  constructor(options: GroupCommitOptions<Tx>) {
    this.#o = options;
    this.#maxBatch = options.maxBatch ?? 2000;
  }

  /** Transactions committed and operations they carried, for benchmarks. */
  get stats(): { commits: number; operations: number } {
    return { commits: this.#commits, operations: this.#operations };
  }

  run<T>(op: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ op, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves once everything submitted so far has been committed. */
  async drain(): Promise<void> {
    while (this.#pending.length > 0 || this.#scheduled) await this.#running;
    await this.#running;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the I/O phase: every request that arrived meanwhile joins this batch. The wait is part of
    // `#running` so that `drain()` awaits a scheduled flush instead of spinning on an already-settled promise.
    this.#running = this.#running
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.#flush());
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#pending.splice(0, this.#maxBatch);
    if (this.#pending.length > 0) this.#schedule();
    if (batch.length === 0) return;
    let results: { ok: boolean; value: unknown }[];
    try {
      await this.#o.beforeCommit?.();
    } catch {
      // Nothing acknowledged depends on it: the batch commits all the same.
    }
    try {
      // The store may run the closure again (a serialization failure against another node): each run starts
      // with no results, so callers get those of the attempt that committed.
      results = await this.#o.store.transact(async (tx) => {
        const attempt: { ok: boolean; value: unknown }[] = [];
        for (const p of batch) {
          try {
            attempt.push({ ok: true, value: await p.op(tx) });
          } catch (err) {
            attempt.push({ ok: false, value: err });
          }
        }
        return attempt;
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    this.#commits++;
    this.#operations += batch.length;
    batch.forEach((p, i) => {
      const r = results[i];
      if (r === undefined) p.reject(new Error('group commit lost a result'));
      else if (r.ok) p.resolve(r.value);
      else p.reject(r.value);
    });
  }
}
