/** What the configuration service's operations are built from, and the frame of one call. */
import type { ConfigStore } from './store/config-tx.js';
import type { Authorize } from '../../iam/authz/authorize.js';
import type { Caller } from '../../iam/caller.js';
import type { RequestFacts } from '../../iam/authz/access-request.js';

export interface ConfigDeps {
  readonly store: ConfigStore;
  readonly region: string;
  readonly authorize: Authorize;
  /** When this server started recording: the recorder's lastStartTime. */
  readonly startedAt: Date;
}

export interface ConfigCall {
  readonly caller: Caller;
  readonly facts: RequestFacts;
}

/**
 * Every Config action this service serves is authorized on `*`: the Service Authorization Reference lists
 * no resource type for them (only rules, aggregators, conformance packs and the like have ARNs).
 */
export async function authorizeConfig(deps: ConfigDeps, call: ConfigCall, action: string): Promise<void> {
  await deps.authorize.authorize(call.caller, { action: `config:${action}`, resource: '*', resourceAccountId: call.caller.accountId }, call.facts);
}
