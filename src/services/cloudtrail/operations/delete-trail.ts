/** DeleteTrail: a logging trail first stops (delivery flushes and writes its final digest), then goes. */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import { accessTrail } from './trail-access.js';
import { loggingTrail } from './selector-match.js';
import { trailNotFound } from './cloudtrail-errors.js';

export async function deleteTrail(deps: CloudTrailDeps, call: CloudTrailCall, name: string): Promise<void> {
  const { trail } = await accessTrail(deps, call, 'DeleteTrail', name);
  const deleted = await deps.store.transact((tx) => tx.deleteTrail(trail.accountId, trail.name));
  if (!deleted) throw trailNotFound(trail.arn, call.caller.accountId);
  await deps.trailsChanged();
  if (trail.isLogging) await deps.delivery?.stoppedLogging(loggingTrail(trail), deps.clock.now());
}
