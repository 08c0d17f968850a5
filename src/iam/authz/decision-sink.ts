/** Where the authorizer sends every decision it makes (allowed and denied alike). */
import type { DecisionRecord } from './decision-record.js';

export interface DecisionSink {
  /** Must not throw or block: the request does not wait for the record to reach disk. */
  record(decision: DecisionRecord): void;
}
