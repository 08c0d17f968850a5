/** What the CloudWatch Logs operations are built from, and the frame of one call. */
import type { LogsStore } from '../store/logs-tx.js';
import type { Clock } from '../../../shared/clock.js';
import type { KeyService } from '../../../shared/crypto/key-service.js';
import type { Authorize } from '../../../iam/authz/authorize.js';
import type { Caller } from '../../../iam/caller.js';
import type { RequestFacts } from '../../../iam/authz/access-request.js';

export interface LogsDeps {
  readonly store: LogsStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
}

export interface LogsCall {
  readonly caller: Caller;
  readonly facts: RequestFacts;
}
