/** What IAM entity operations need: the store, the key service (access-key secrets) and change hooks. */
import type { KeyService } from '../../../shared/crypto/key-service.js';
import type { Store, StoreTx } from '../../../store/store.js';

export interface IamDeps {
  readonly store: Store;
  readonly keys: KeyService;
  readonly now: () => Date;
  /** Called after every committed IAM write, so caches of principals' policies refresh. */
  readonly changed: () => void;
  /** Called after an access key is deactivated or deleted, so the authenticator forgets it at once. */
  readonly accessKeyChanged: (accessKeyId: string) => void;
  /** Called after a user or role is deleted, so its temporary credentials stop working at once. */
  readonly principalDeleted: (arn: string) => void;
}

/** Runs an IAM write in one transaction and signals the change once it has committed. */
export async function iamWrite<T>(deps: IamDeps, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
  try {
    return await deps.store.transact(fn);
  } finally {
    // Also after a failure: a cache refresh is cheap and a rolled-back write changed nothing.
    deps.changed();
  }
}
