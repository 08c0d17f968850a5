/**
 * Every node sharing a store must hold the same master key: with another key a node could not open the
 * sealed environment variables, code blobs and session keys the others wrote, nor sign the node channel.
 * The first start stores a check value derived from the key (it reveals nothing about the key); a node
 * whose key gives another value refuses to start, before it writes anything.
 */
import { createHmac } from 'node:crypto';
import type { KeyService } from '../shared/crypto/key-service.js';
import type { ClusterStore } from '../store/cluster-records.js';
import { LambdaboxError } from '../shared/errors/lambdabox-error.js';

export class MasterKeyMismatchError extends LambdaboxError {
  constructor() {
    super(
      'ERR_MASTER_KEY_MISMATCH',
      "this node's master key is not the one the store was first used with: every node sharing a store needs the same key (LAMBDABOX_MASTER_KEY, or the same <data-dir>/keys/master.key)",
    );
  }
}

export function masterKeyCheckValue(keys: KeyService): string {
  return createHmac('sha256', keys.deriveKey('lambdabox/master-key-check/v1')).update('lambdabox master key check').digest('hex');
}

export async function checkMasterKey(cluster: ClusterStore, keys: KeyService): Promise<void> {
  const mine = masterKeyCheckValue(keys);
  if ((await cluster.claimKeyCheck(mine)) !== mine) throw new MasterKeyMismatchError();
}
