/**
 * Placement across nodes, from the peers' last heartbeats: a node with an idle warm environment of the
 * version first (each forward spends one of the idle environments it published, so a burst does not all
 * land on one node), else the least loaded node when it is less loaded than this one. A node that
 * refuses the connection is left out for a while and the invoke runs here: nothing ran there.
 */
import type { Logger } from 'pino';
import type { NodeRecord } from '../store/cluster-records.js';
import type { InvokePlacement, PlacementInput } from '../invoke/placement.js';
import type { InvokeResult } from '../invoke/invoke-types.js';
import type { PeerClient } from './peer-client.js';
import { PeerUnreachableError } from './peer-client.js';

export interface PeerView {
  readonly peers: readonly NodeRecord[];
}

export interface ClusterPlacementOptions {
  readonly membership: PeerView;
  readonly client: PeerClient;
  readonly logger: Logger;
  /** How long a node that refused a connection is left out. @default 5 s */
  readonly suspectMs?: number;
  readonly now?: () => number;
}

export class ClusterPlacement implements InvokePlacement {
  readonly #o: ClusterPlacementOptions;
  readonly #now: () => number;
  /** Forwards of ours still running on each node: load its last heartbeat does not show yet. */
  readonly #outstanding = new Map<string, number>();
  /** Idle environments we already sent work to, per node and warm key, since that node's heartbeat. */
  #spent = new Map<string, Map<string, number>>();
  #spentFor: readonly NodeRecord[] | undefined;
  readonly #suspect = new Map<string, number>();

  constructor(options: ClusterPlacementOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  elsewhere(input: PlacementInput): Promise<InvokeResult | undefined> | undefined {
    const peers = this.#o.membership.peers;
    if (peers.length === 0) return undefined;
    if (this.#spentFor !== peers) {
      // A new heartbeat round: the published idle counts are fresh again.
      this.#spent = new Map();
      this.#spentFor = peers;
    }
    const now = this.#now();
    let warm: NodeRecord | undefined;
    let light: NodeRecord | undefined;
    for (const peer of peers) {
      const until = this.#suspect.get(peer.nodeId);
      if (until !== undefined && until > now) continue;
      const idle = (peer.warm[input.warmKey] ?? 0) - (this.#spent.get(peer.nodeId)?.get(input.warmKey) ?? 0);
      if (idle > 0 && (warm === undefined || this.#load(peer) < this.#load(warm))) warm = peer;
      if (this.#load(peer) < input.localInFlight && (light === undefined || this.#load(peer) < this.#load(light))) light = peer;
    }
    const target = warm ?? light;
    if (target === undefined) return undefined;
    if (target === warm) {
      const spent = this.#spent.get(target.nodeId) ?? new Map<string, number>();
      spent.set(input.warmKey, (spent.get(input.warmKey) ?? 0) + 1);
      this.#spent.set(target.nodeId, spent);
    }
    return this.#forward(target, input);
  }

  #load(peer: NodeRecord): number {
    return peer.inFlight + (this.#outstanding.get(peer.nodeId) ?? 0);
  }

  async #forward(peer: NodeRecord, input: PlacementInput): Promise<InvokeResult | undefined> {
    this.#outstanding.set(peer.nodeId, (this.#outstanding.get(peer.nodeId) ?? 0) + 1);
    try {
      return await this.#o.client.invoke(peer.url, input);
    } catch (err) {
      if (!(err instanceof PeerUnreachableError)) throw err;
      this.#suspect.set(peer.nodeId, this.#now() + (this.#o.suspectMs ?? 5_000));
      this.#o.logger.warn({ node: peer.nodeId, url: peer.url, err: err.message }, 'a peer node is unreachable; running the invoke here');
      return undefined;
    } finally {
      const left = (this.#outstanding.get(peer.nodeId) ?? 1) - 1;
      if (left === 0) this.#outstanding.delete(peer.nodeId);
      else this.#outstanding.set(peer.nodeId, left);
    }
  }
}
