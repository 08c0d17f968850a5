/**
 * This node's place in the cluster: on start it claims its id again (what a previous incarnation held is
 * released at once), then renews its lease by heartbeat, publishing its load and its idle warm
 * environments; every heartbeat also reads the other nodes and reaps those whose lease ran out, so
 * their async events and execution slots go back to the living. `close` leaves: the row goes, leases
 * and slots with it.
 */
import type { Logger } from 'pino';
import type { ClusterStore, NodeRecord } from '../store/cluster-records.js';

export interface NodeLoad {
  /** Executions running here now. */
  inFlight(): number;
  /** Idle warm environments by warm key. */
  warm(): Record<string, number>;
}

export interface MembershipOptions {
  readonly cluster: ClusterStore;
  readonly nodeId: string;
  readonly load: NodeLoad;
  readonly logger: Logger;
  /** A node silent for this long is dead. @default 15 s */
  readonly leaseMs?: number;
  readonly now?: () => number;
  /** Called after a dead peer was reaped (e.g. to finish the work it left half done). */
  readonly onPeerReaped?: () => void;
}

export const DEFAULT_NODE_LEASE_MS = 15_000;

export type MembershipState = 'new' | 'running' | 'closed';

export class Membership {
  readonly #o: MembershipOptions;
  readonly #now: () => number;
  readonly #leaseMs: number;
  #state: MembershipState = 'new';
  #startedAt = 0;
  #url = '';
  #peers: NodeRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | undefined;

  constructor(options: MembershipOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#leaseMs = options.leaseMs ?? DEFAULT_NODE_LEASE_MS;
  }

  get nodeId(): string {
    return this.#o.nodeId;
  }

  /** The other nodes whose lease was live at the last heartbeat. */
  get peers(): readonly NodeRecord[] {
    return this.#peers;
  }

  /** Releases what this node's previous incarnation held, joins as reachable at `url`, and starts the heartbeat. */
  async start(url: string): Promise<void> {
    if (this.#state !== 'new') return;
    this.#url = url;
    const now = this.#now();
    const previous = await this.#o.cluster.resetNode(this.#o.nodeId, now);
    if (previous.releasedEvents + previous.releasedSlots > 0) {
      this.#o.logger.info({ node: this.#o.nodeId, ...previous }, 'released what this node held before it restarted');
    }
    this.#startedAt = now;
    this.#state = 'running';
    await this.beat();
    // At most a third of the lease, so two heartbeats may be lost (a GC pause, a slow store) before peers
    // reap us; at most a second, so peers' view of our load and warm environments stays fresh for placement.
    this.#timer = setInterval(() => void this.beat(), Math.max(100, Math.min(1_000, Math.floor(this.#leaseMs / 3))));
    this.#timer.unref();
    this.#o.logger.info({ node: this.#o.nodeId, url, peers: this.#peers.length }, 'joined the cluster');
  }

  /** Renews the lease, refreshes the peer list and reaps dead peers; one at a time. */
  beat(): Promise<void> {
    this.#beating ??= this.#beat().finally(() => (this.#beating = undefined));
    return this.#beating;
  }

  async #beat(): Promise<void> {
    if (this.#state !== 'running') return;
    try {
      const now = this.#now();
      await this.#o.cluster.heartbeat({
        nodeId: this.#o.nodeId,
        url: this.#url,
        startedAt: this.#startedAt,
        heartbeatAt: now,
        expiresAt: now + this.#leaseMs,
        inFlight: this.#o.load.inFlight(),
        warm: this.#o.load.warm(),
      });
      const nodes = await this.#o.cluster.listNodes();
      const live: NodeRecord[] = [];
      for (const node of nodes) {
        if (node.nodeId === this.#o.nodeId) continue;
        if (node.expiresAt >= now) {
          live.push(node);
          continue;
        }
        const reaped = await this.#o.cluster.reapNode(node.nodeId, now);
        if (reaped.reaped) {
          this.#o.logger.warn({ node: node.nodeId, url: node.url, ...reaped }, 'a node stopped renewing its lease; released what it held');
          this.#o.onPeerReaped?.();
        }
      }
      this.#peers = live;
    } catch (err) {
      // The store is away: keep the last view; the lease outlives two missed beats.
      this.#o.logger.warn({ err }, 'cluster heartbeat failed');
    }
  }

  /** Leaves the cluster: peers stop placing invokes here and what this node held is released now. */
  async close(): Promise<void> {
    if (this.#state !== 'running') {
      this.#state = 'closed';
      return;
    }
    this.#state = 'closed';
    clearInterval(this.#timer);
    await this.#beating;
    await this.#o.cluster.resetNode(this.#o.nodeId, this.#now()).catch((err: unknown) => this.#o.logger.warn({ err }, 'leaving the cluster failed'));
  }

  destroy(): void {
    this.#state = 'closed';
    clearInterval(this.#timer);
  }
}
