/** What the queue service is built from, and the frame of one call. */
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import type { KeyService } from '../crypto/key-service.js';
import type { Clock } from '../control/clock.js';
import type { Authorize } from '../iam/authz/authorize.js';
import type { Caller } from '../iam/caller.js';
import type { RequestFacts } from '../iam/authz/access-request.js';
import type { QueueWaiters } from './queue-waiters.js';
import type { ReceiptHandles } from './receipt-handles.js';

export interface SqsDeps {
  readonly store: Store;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
  readonly waiters: QueueWaiters;
  readonly receipts: ReceiptHandles;
  readonly logger: Logger;
}

export interface SqsCall {
  readonly caller: Caller;
  readonly facts: RequestFacts;
}
