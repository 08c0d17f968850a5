/**
 * GetTrailStatus: the trail's own logging state, plus delivery's latest times and errors when delivery is
 * wired (without it, those members are absent, as for a trail that never delivered).
 */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import type { TrailDeliveryStatus } from '../trail-ports.js';
import { accessTrail, trailTarget } from './trail-access.js';

export interface TrailStatus extends TrailDeliveryStatus {
  readonly isLogging: boolean;
  readonly startLoggingTime?: Date;
  readonly stopLoggingTime?: Date;
}

export async function getTrailStatus(deps: CloudTrailDeps, call: CloudTrailCall, name: string): Promise<TrailStatus> {
  const { trail } = await accessTrail(deps, call, 'GetTrailStatus', name);
  const delivery = (await deps.delivery?.status(trailTarget(trail))) ?? {};
  return {
    ...delivery,
    isLogging: trail.isLogging,
    ...(trail.startLoggingTime === undefined ? {} : { startLoggingTime: new Date(trail.startLoggingTime) }),
    ...(trail.stopLoggingTime === undefined ? {} : { stopLoggingTime: new Date(trail.stopLoggingTime) }),
  };
}
