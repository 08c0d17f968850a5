/**
 * Every operation on one trail starts here: authorize `cloudtrail:<Action>` on the trail's ARN, and only then
 * tell a missing trail apart, so a caller without permission learns nothing about which trails exist.
 */
import type { ContextValue } from '../../../iam/policy/conditions/context-value.js';
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import type { TrailRecord } from '../store/cloudtrail-records.js';
import type { TrailRef } from './trail-names.js';
import { parseTrailRef, trailArn } from './trail-names.js';
import { trailNotFound } from './cloudtrail-errors.js';
import type { TrailTarget } from '../trail-ports.js';

export async function authorizeTrail(
  deps: CloudTrailDeps,
  call: CloudTrailCall,
  action: string,
  ref: TrailRef,
  context?: Readonly<Record<string, ContextValue>>,
): Promise<void> {
  await deps.authorize.authorize(
    call.caller,
    { action: `cloudtrail:${action}`, resource: trailArn(ref), resourceAccountId: ref.accountId, ...(context === undefined ? {} : { context }) },
    call.facts,
  );
}

/**
 * Resolves `Name`, authorizes and reads the trail; TrailNotFound when it is missing. Trails are only ever
 * read in the caller's own account and this server's region: this server has no organization trails and no
 * other region, so any other ARN names a trail that is not here.
 */
export async function accessTrail(
  deps: CloudTrailDeps,
  call: CloudTrailCall,
  action: string,
  nameOrArn: string,
  context?: Readonly<Record<string, ContextValue>>,
): Promise<{ readonly ref: TrailRef; readonly trail: TrailRecord }> {
  const ref = parseTrailRef(nameOrArn, call.caller.accountId, deps.region);
  await authorizeTrail(deps, call, action, ref, context);
  const local = ref.accountId === call.caller.accountId && ref.region === deps.region;
  const trail = local ? await deps.store.transact((tx) => tx.getTrail(ref.accountId, ref.name)) : undefined;
  if (trail === undefined) throw trailNotFound(trailArn(ref), call.caller.accountId);
  return { ref, trail };
}

/** What delivery needs of a trail (trail-ports.ts TrailTarget). */
export function trailTarget(t: TrailRecord): TrailTarget {
  return {
    accountId: t.accountId,
    homeRegion: t.homeRegion,
    name: t.name,
    arn: t.arn,
    s3BucketName: t.s3BucketName,
    ...(t.s3KeyPrefix === undefined ? {} : { s3KeyPrefix: t.s3KeyPrefix }),
    logFileValidationEnabled: t.logFileValidationEnabled,
    isMultiRegionTrail: t.isMultiRegionTrail,
  };
}
