/** What the X-Ray operations are built from, and the frame of one call. */
import type { KeyService } from '../../../shared/crypto/key-service.js';
import type { Clock } from '../../../shared/clock.js';
import type { Authorize } from '../../../iam/authz/authorize.js';
import type { Caller } from '../../../iam/caller.js';
import type { RequestFacts } from '../../../iam/authz/access-request.js';
import type { XrayStore } from '../store/xray-tx.js';
import type { SegmentRecord } from '../store/xray-records.js';

export interface XrayDeps {
  readonly store: XrayStore;
  readonly keys: KeyService;
  readonly clock: Clock;
  readonly region: string;
  readonly authorize: Authorize;
  /** Group-committed segment writes of one account, shared with the in-process ingest (TraceIngestWriter.write). */
  readonly writeSegments: (accountId: string, records: readonly SegmentRecord[], documents: readonly string[]) => Promise<void>;
}

export interface XrayCall {
  readonly caller: Caller;
  readonly facts: RequestFacts;
}

/**
 * X-Ray's trace actions have no resource-level permissions (Service Authorization Reference, AWS X-Ray: only
 * groups and sampling rules are resources, and their tag keys the only condition keys), so they are authorized
 * on `*` in the caller's own account.
 */
export async function authorizeXray(deps: XrayDeps, call: XrayCall, action: string): Promise<void> {
  await deps.authorize.authorize(call.caller, { action: `xray:${action}`, resource: '*', resourceAccountId: call.caller.accountId }, call.facts);
}
