/** The recorder's one snapshotter: each resource type to the reader of its records. */
import type { StoreTx } from '../../store/store.js';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { ConfigResourceType, ResourceRef, ResourceSnapshot, ResourceSnapshotter } from '../../services/config/configuration-item.js';
import { FunctionSnapshotter } from './function-snapshotter.js';
import { RoleSnapshotter } from './role-snapshotter.js';
import { PolicySnapshotter } from './policy-snapshotter.js';

export class ControlSnapshotter implements ResourceSnapshotter {
  readonly #byType: Readonly<Record<ConfigResourceType, ResourceSnapshotter>>;

  /** `keys` opens environment variables, whose names (never values) the function items record. */
  constructor(keys: KeyService) {
    this.#byType = {
      'AWS::Lambda::Function': new FunctionSnapshotter(keys),
      'AWS::IAM::Role': new RoleSnapshotter(),
      'AWS::IAM::Policy': new PolicySnapshotter(),
    };
  }

  snapshot(tx: StoreTx, ref: ResourceRef): Promise<ResourceSnapshot | undefined> {
    return this.#byType[ref.resourceType].snapshot(tx, ref);
  }
}
