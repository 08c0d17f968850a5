/**
 * Long polling without polling the store: a receive that found nothing parks here until a send to its
 * queue commits, a delayed or in-flight message's visibility time comes, or its wait ends.
 */

interface Waiter {
  readonly wake: () => void;
}

export class QueueWaiters {
  readonly #byQueue = new Map<string, Set<Waiter>>();
  #closed = false;

  /**
   * Resolves when `queueId` may have a visible message (woken, or `wakeAt` reached) or at `deadline`
   * (epoch ms), whichever comes first. Resolves at once after `close()`.
   */
  wait(queueId: string, deadline: number, wakeAt: number | undefined, now: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const until = Math.min(deadline, wakeAt ?? deadline);
      let set = this.#byQueue.get(queueId);
      if (set === undefined) {
        set = new Set();
        this.#byQueue.set(queueId, set);
      }
      const waiters = set;
      const waiter: Waiter = {
        wake: () => {
          clearTimeout(timer);
          waiters.delete(waiter);
          if (waiters.size === 0 && this.#byQueue.get(queueId) === waiters) this.#byQueue.delete(queueId);
          resolve();
        },
      };
      const timer = setTimeout(() => waiter.wake(), Math.max(0, until - now));
      waiters.add(waiter);
    });
  }

  /** Wakes every receive waiting on the queue (after a send or a redrive into it commits). */
  notify(queueId: string): void {
    const set = this.#byQueue.get(queueId);
    if (set === undefined) return;
    for (const waiter of [...set]) waiter.wake();
  }

  /** Ends every wait (server shutdown): the receives return what they have, usually nothing. */
  close(): void {
    this.#closed = true;
    for (const set of [...this.#byQueue.values()]) for (const waiter of [...set]) waiter.wake();
  }
}
