/**
 * ListPublicKeys: the digest signing keys valid in [StartTime, EndTime], both defaulting to now (so by
 * default, the current key), from delivery; no keys while delivery is not wired. No resource type: `*`.
 * All keys fit one page here (a key lasts days), so NextToken is never returned.
 */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import type { TrailPublicKey } from '../trail-ports.js';
import { InvalidTimeRangeError } from './cloudtrail-errors.js';

export async function listPublicKeys(
  deps: CloudTrailDeps,
  call: CloudTrailCall,
  startTime: Date | undefined,
  endTime: Date | undefined,
): Promise<readonly TrailPublicKey[]> {
  const now = deps.clock.now();
  const start = startTime ?? now;
  const end = endTime ?? now;
  if (start.getTime() > end.getTime()) throw new InvalidTimeRangeError('Start time must be before end time.');
  const accountId = call.caller.accountId;
  await deps.authorize.authorize(call.caller, { action: 'cloudtrail:ListPublicKeys', resource: '*', resourceAccountId: accountId }, call.facts);
  return (await deps.delivery?.publicKeys(start, end)) ?? [];
}
