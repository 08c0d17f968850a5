/**
 * The pollers: lease due events from the durable queue and deliver them, at most `limit` at a time
 * per function (its reserved concurrency when lower). Leased events wait in per-function lanes; a
 * lane holding twice its limit is skipped by the next lease so one busy function cannot take every
 * slot. A lease outlives the longest function (16 min); on start every lease is released, so what
 * was in flight when the server died is delivered again — with the same request id.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { LeasedAsyncEvent } from '../../store/async-records.js';
import type { EventInvokeConfigRecord } from '../../store/records.js';
import { LATEST } from '../../control/functions/function-reader.js';
import type { GroupCommit } from '../../store/group-commit.js';
import type { AsyncTiming } from './async-timing.js';
import type { EventProcessor } from './event-processor.js';

export interface AsyncPollerOptions {
  readonly commits: GroupCommit;
  readonly processor: EventProcessor;
  readonly timing: AsyncTiming;
  readonly logger: Logger;
  /** Concurrent deliveries per function. @default 8 */
  readonly perFunctionConcurrency?: number;
  /** Events held in memory (queued in lanes or running) at most. @default 512 */
  readonly maxHeld?: number;
  /** Longest wait between two looks at the queue. @default 1000 ms */
  readonly idlePollMs?: number;
  readonly now?: () => number;
  /**
   * This node's id when several nodes share the queue: leases are taken in its name, and at start only
   * the cluster (src/cluster/membership.ts) releases leases — this node's old ones, and dead nodes'.
   * Without it the poller is the queue's only consumer and releases every lease at start.
   */
  readonly nodeId?: string;
}

interface Leased {
  readonly event: LeasedAsyncEvent;
  readonly config: EventInvokeConfigRecord | undefined;
}

interface Lane {
  limit: number;
  running: number;
  readonly queue: Leased[];
}

export class AsyncPoller {
  readonly #o: AsyncPollerOptions;
  readonly #owner: string;
  readonly #now: () => number;
  readonly #perFunction: number;
  readonly #maxHeld: number;
  readonly #lanes = new Map<string, Lane>();
  /** Request ids in memory, so an event re-leased after a lease expiry is not run twice at once. */
  readonly #held = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  #started = false;
  #closed = false;
  #leasing = false;
  #again = false;
  /**
   * The last lease took everything due outside the full lanes; until something else may have become due
   * (a wake, the timer, a full lane draining), room freed by a finished delivery is no reason to look.
   */
  #sated = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AsyncPollerOptions) {
    this.#o = options;
    this.#owner = options.nodeId ?? `poller-${randomUUID()}`;
    this.#now = options.now ?? Date.now;
    this.#perFunction = options.perFunctionConcurrency ?? 8;
    this.#maxHeld = options.maxHeld ?? 512;
  }

  /** Releases every lease (what a crash left in flight is visible again) and starts polling. */
  async start(): Promise<void> {
    const released = this.#o.nodeId !== undefined ? 0 : await this.#o.commits.run((tx) => tx.releaseAsyncLeases(this.#now()));
    if (released > 0) this.#o.logger.info({ released }, 'async events in flight at the last stop are queued again');
    this.#started = true;
    this.wake();
  }

  /**
   * Something was enqueued or became due: look at the queue soon. Given the function an event was
   * enqueued for, a wake is dropped while that function's lane is full: its lane looks again as it
   * drains, and a lease that excludes the full lane would only scan past its waiting events.
   */
  wake(fn?: { readonly accountId: string; readonly functionName: string }): void {
    if (!this.#started || this.#closed) return;
    if (fn !== undefined) {
      const lane = this.#lanes.get(`${fn.accountId}:${fn.functionName}`);
      if (lane !== undefined && lane.queue.length + lane.running >= 2 * lane.limit) return;
    }
    this.#sated = false;
    this.#look();
  }

  #look(): void {
    if (!this.#started || this.#closed) return;
    if (this.#leasing) {
      this.#again = true;
      return;
    }
    void this.#pump();
  }

  get inFlight(): number {
    return this.#held.size;
  }

  /** Stops leasing and waits for the deliveries running now; queued leases are released at next start. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (const lane of this.#lanes.values()) lane.queue.length = 0;
    await Promise.allSettled([...this.#running]);
  }

  async #pump(): Promise<void> {
    const free = this.#maxHeld - this.#held.size;
    if (free <= 0) return;
    this.#leasing = true;
    this.#again = false;
    const exclude = [...this.#lanes].filter(([, l]) => l.queue.length + l.running >= 2 * l.limit).map(([k]) => k);
    let leased: Leased[] = [];
    let next: number | undefined;
    try {
      const now = this.#now();
      const result = await this.#o.commits.run(async (tx) => {
        const events = await tx.leaseAsyncEvents({
          owner: this.#owner,
          now,
          leaseUntil: now + this.#o.timing.leaseMs(),
          limit: free,
          excludeFunctions: exclude,
        });
        const configs = new Map<string, EventInvokeConfigRecord | undefined>();
        const items: Leased[] = [];
        for (const event of events) {
          const key = `${event.accountId}:${event.functionName}:${event.qualifier ?? LATEST}`;
          if (!configs.has(key)) configs.set(key, await tx.getEventInvokeConfig(event.accountId, event.functionName, event.qualifier ?? LATEST));
          items.push({ event, config: configs.get(key) });
        }
        return { items, next: await tx.nextAsyncVisibleAt() };
      });
      leased = result.items;
      next = result.next;
    } catch (err) {
      if (!this.#closed) this.#o.logger.error({ err }, 'leasing async events failed');
    } finally {
      this.#leasing = false;
    }
    if (this.#closed) return;
    for (const item of leased) this.#dispatch(item);
    if (leased.length === free || this.#again) {
      setImmediate(() => this.#look());
      return;
    }
    this.#sated = true;
    this.#arm(next);
  }

  /** Looks again when the next event becomes visible (a retry, a backoff), or after the idle interval. */
  #arm(next: number | undefined): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const idle = this.#o.idlePollMs ?? 1000;
    // Events already due are in full lanes (the lease took the rest); those lanes look again as they drain.
    const now = this.#now();
    const wait = next === undefined || next <= now ? idle : Math.min(next - now, idle);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.wake();
    }, wait);
    this.#timer.unref();
  }

  #dispatch(item: Leased): void {
    const e = item.event;
    if (this.#held.has(e.requestId)) return;
    this.#held.add(e.requestId);
    const key = `${e.accountId}:${e.functionName}`;
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      lane = { limit: this.#perFunction, running: 0, queue: [] };
      this.#lanes.set(key, lane);
    }
    // Reserved concurrency 0 still needs one slot: such events fail at once, without running.
    lane.limit = Math.max(1, Math.min(this.#perFunction, e.reservedConcurrency ?? this.#perFunction));
    lane.queue.push(item);
    this.#drain(key, lane);
  }

  #drain(key: string, lane: Lane): void {
    while (!this.#closed && lane.running < lane.limit) {
      const item = lane.queue.shift();
      if (item === undefined) break;
      lane.running++;
      const run = this.#o.processor
        .process(item.event, item.config)
        .catch((err: unknown) => {
          // Left leased: it becomes visible again when the lease ends (or at the next start).
          this.#o.logger.error({ err, requestId: item.event.requestId }, 'async event delivery failed; it will be retried');
        })
        .finally(() => {
          lane.running--;
          this.#held.delete(item.event.requestId);
          this.#running.delete(run);
          if (lane.running === 0 && lane.queue.length === 0) this.#lanes.delete(key);
          else this.#drain(key, lane);
          if (lane.queue.length + lane.running < lane.limit) this.wake();
          else if (this.#held.size < this.#maxHeld / 2 && !this.#sated) this.#look();
        });
      this.#running.add(run);
    }
  }
}
