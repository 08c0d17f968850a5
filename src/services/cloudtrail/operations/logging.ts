/**
 * StartLogging and StopLogging. The flag and its time are committed first; delivery hears of it afterwards
 * (a digest chain starts, or pending events and a final digest are delivered). Starting a trail that is
 * already logging, or stopping one that is not, changes nothing: no second digest chain, no second final digest.
 */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import { accessTrail, trailTarget } from './trail-access.js';
import { loggingTrail } from './selector-match.js';
import { trailNotFound } from './cloudtrail-errors.js';
import type { TrailRecord } from '../store/cloudtrail-records.js';

async function setLogging(deps: CloudTrailDeps, call: CloudTrailCall, name: string, logging: boolean): Promise<TrailRecord | undefined> {
  const { trail } = await accessTrail(deps, call, logging ? 'StartLogging' : 'StopLogging', name);
  const now = deps.clock.now().getTime();
  const changed = await deps.store.transact(async (tx) => {
    const current = await tx.getTrail(trail.accountId, trail.name);
    if (current === undefined) throw trailNotFound(trail.arn, call.caller.accountId);
    if (current.isLogging === logging) return undefined;
    const next: TrailRecord = logging ? { ...current, isLogging: true, startLoggingTime: now } : { ...current, isLogging: false, stopLoggingTime: now };
    await tx.putTrail(next);
    return next;
  });
  if (changed !== undefined) await deps.trailsChanged();
  return changed;
}

export async function startLogging(deps: CloudTrailDeps, call: CloudTrailCall, name: string): Promise<void> {
  const trail = await setLogging(deps, call, name, true);
  if (trail?.startLoggingTime !== undefined) await deps.delivery?.startedLogging(trailTarget(trail), new Date(trail.startLoggingTime));
}

export async function stopLogging(deps: CloudTrailDeps, call: CloudTrailCall, name: string): Promise<void> {
  const trail = await setLogging(deps, call, name, false);
  if (trail?.stopLoggingTime !== undefined) await deps.delivery?.stoppedLogging(loggingTrail(trail), new Date(trail.stopLoggingTime));
}
