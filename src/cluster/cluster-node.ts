/**
 * One node of several sharing a PostgreSQL store, put together: its id, its membership (lease,
 * heartbeat, reaping), the node channel both ways, placement of invokes, and admission counted in the
 * store. The composition root builds it only for a shared store; on the embedded SQLite store a
 * lambdabox is the only node and none of this runs.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { addressUrl, isWildcard } from '../http/address-url.js';
import type { KeyService } from '../shared/crypto/key-service.js';
import type { ClusterStore, NodeRecord } from '../store/cluster-records.js';
import { Membership } from './membership.js';
import type { NodeLoad } from './membership.js';
import { NodeChannelKey } from './node-channel.js';
import { PeerClient } from './peer-client.js';
import { ClusterPlacement } from './placement.js';
import { StoreAdmission } from './store-admission.js';
import { NodeRoutes } from './node-routes.js';
import type { LocalExecutor } from './node-routes.js';

export interface ClusterNodeOptions {
  readonly cluster: ClusterStore;
  readonly keys: KeyService;
  readonly nodeId: string;
  readonly logger: Logger;
  readonly leaseMs?: number;
  readonly now?: () => number;
  /** Called after a dead peer was reaped. */
  readonly onPeerReaped?: () => void;
}

export class ClusterNode {
  readonly nodeId: string;
  readonly admission: StoreAdmission;
  readonly #o: ClusterNodeOptions;
  readonly #key: NodeChannelKey;
  #membership: Membership | undefined;
  #placement: ClusterPlacement | undefined;

  constructor(options: ClusterNodeOptions) {
    this.#o = options;
    this.nodeId = options.nodeId;
    this.#key = new NodeChannelKey(options.keys);
    this.admission = new StoreAdmission({
      cluster: options.cluster,
      nodeId: options.nodeId,
      logger: options.logger,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  /** Placement for the data plane, reading the membership's view of the peers. */
  placement(load: NodeLoad): ClusterPlacement {
    const o = this.#o;
    this.#membership ??= new Membership({
      cluster: o.cluster,
      nodeId: o.nodeId,
      load,
      logger: o.logger,
      ...(o.leaseMs === undefined ? {} : { leaseMs: o.leaseMs }),
      ...(o.now === undefined ? {} : { now: o.now }),
      ...(o.onPeerReaped === undefined ? {} : { onPeerReaped: o.onPeerReaped }),
    });
    this.#placement ??= new ClusterPlacement({
      membership: this.#membership,
      client: new PeerClient({ key: this.#key, nodeId: o.nodeId, logger: o.logger, ...(o.now === undefined ? {} : { now: o.now }) }),
      logger: o.logger,
      ...(o.now === undefined ? {} : { now: o.now }),
    });
    return this.#placement;
  }

  /** The receiving side of the node channel, running forwarded invokes on `executor`. */
  routes(executor: LocalExecutor): NodeRoutes {
    const o = this.#o;
    return new NodeRoutes({ key: this.#key, nodeId: o.nodeId, executor, logger: o.logger, ...(o.now === undefined ? {} : { now: o.now }) });
  }

  /** The peers as of the last heartbeat (empty before `join`). */
  get peers(): readonly NodeRecord[] {
    return this.#membership?.peers ?? [];
  }

  /**
   * Joins the cluster (what this node's previous incarnation held is released), reachable at `advertise`,
   * or at the address it listens on; a wildcard listen is told to peers as loopback.
   */
  async join(advertise: string | AddressInfo): Promise<void> {
    if (typeof advertise !== 'string' && isWildcard(advertise)) {
      this.#o.logger.warn('listening on every address: peers are told 127.0.0.1; set --advertise-url for nodes on other machines');
    }
    const url = typeof advertise === 'string' ? advertise : addressUrl(isWildcard(advertise) ? { ...advertise, address: '127.0.0.1', family: 'IPv4' } : advertise);
    await this.#membership?.start(url);
  }

  async close(): Promise<void> {
    await this.#membership?.close();
  }

  destroy(): void {
    this.#membership?.destroy();
  }
}
