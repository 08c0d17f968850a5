/** What the queue service is built from, and the frame of one call. */
import type { Logger } from 'pino';
import type { SqsStore } from './store/sqs-tx.js';
import type { KeyService } from '../../shared/crypto/key-service.js';
import type { Clock } from '../../shared/clock.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { Caller } from '../../iam/caller.js';
import type { RequestFacts } from '../../iam/authz/access-request.js';
import type { QueueWaiters } from './queue-waiters.js';
import type { ReceiptHandles } from './receipt-handles.js';
import type { SqsMetricsSink } from './queue-metrics.js';

export interface SqsDeps {
  readonly store: SqsStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
  readonly waiters: QueueWaiters;
  readonly receipts: ReceiptHandles;
  readonly logger: Logger;
  /** AWS/SQS metrics (queue-metrics.ts); none when undefined. */
  readonly metrics?: SqsMetricsSink;
}

export interface SqsCall {
  readonly caller: Caller;
  readonly facts: RequestFacts;
}
