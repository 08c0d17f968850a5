/** What the CloudTrail operations are built from, and the frame of one call. */
import type { CloudTrailStore } from '../store/cloudtrail-tx.js';
import type { Clock } from '../../../shared/clock.js';
import type { Authorize } from '../../../iam/authz/authorize.js';
import type { Caller } from '../../../iam/caller.js';
import type { RequestFacts } from '../../../iam/authz/access-request.js';
import type { TrailDeliveryPort } from '../trail-ports.js';

export interface CloudTrailDeps {
  readonly store: CloudTrailStore;
  readonly clock: Clock;
  /** The region this server serves: every trail created here has it as its home region. */
  readonly region: string;
  readonly authorize: Authorize;
  /** Log-file and digest delivery; absent until it is wired, then status is empty and there are no keys. */
  readonly delivery?: TrailDeliveryPort;
  /**
   * Called after every committed trail write on this node; resolves once the data-event interest cache has it,
   * so the invoke path sees a new selector as soon as PutEventSelectors has answered. Never rejects.
   */
  trailsChanged(): Promise<void>;
}

export interface CloudTrailCall {
  readonly caller: Caller;
  readonly facts: RequestFacts;
}
