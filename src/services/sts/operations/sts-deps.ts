/** What STS operations are built from. */
import type { KeyService } from '../../../shared/crypto/key-service.js';
import type { Store } from '../../../store/store.js';
import type { Authorize } from '../../../iam/authz/authorize.js';

export interface StsDeps {
  readonly store: Store;
  readonly keys: KeyService;
  readonly now: () => Date;
  readonly region: string;
  /** Evaluates the caller's identity side of AssumeRole (the trust policy as the resource policy). */
  readonly authorizer: Authorize;
}
