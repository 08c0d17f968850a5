/** GetTrail and DescribeTrails. */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import type { TrailRecord } from '../store/cloudtrail-records.js';
import { accessTrail } from './trail-access.js';
import { parseTrailRef } from './trail-names.js';

export async function getTrail(deps: CloudTrailDeps, call: CloudTrailCall, name: string): Promise<TrailRecord> {
  return (await accessTrail(deps, call, 'GetTrail', name)).trail;
}

/**
 * DescribeTrails: the named trails (names or ARNs; those not found are left out, as AWS does), or every trail
 * of the account when none is named. `includeShadowTrails` changes nothing: a shadow trail is a multi-region
 * trail seen from another region, and this server serves one region, so every trail it has is in its home region.
 * DescribeTrails has no resource type in the Service Authorization Reference: it is authorized on `*`.
 */
export async function describeTrails(
  deps: CloudTrailDeps,
  call: CloudTrailCall,
  names: readonly string[] | undefined,
  /** ListTrails reads the same list under its own action (also on `*`). */
  action: 'DescribeTrails' | 'ListTrails' = 'DescribeTrails',
): Promise<TrailRecord[]> {
  const accountId = call.caller.accountId;
  const refs = (names ?? []).map((n) => parseTrailRef(n, accountId, deps.region));
  await deps.authorize.authorize(call.caller, { action: `cloudtrail:${action}`, resource: '*', resourceAccountId: accountId }, call.facts);
  const all = await deps.store.transact((tx) => tx.listTrails(accountId));
  if (refs.length === 0) return all;
  return all.filter((t) => refs.some((r) => r.accountId === t.accountId && r.region === t.homeRegion && r.name === t.name));
}
