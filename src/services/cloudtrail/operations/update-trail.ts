/** UpdateTrail: changes the given settings; the rest stay. `''` clears the key prefix and the SNS topic. */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import type { TrailRecord } from '../store/cloudtrail-records.js';
import type { TrailSettings } from './trail-settings.js';
import { validateSettings } from './trail-settings.js';
import { accessTrail } from './trail-access.js';
import { InvalidS3BucketNameError, trailNotFound } from './cloudtrail-errors.js';

export async function updateTrail(deps: CloudTrailDeps, call: CloudTrailCall, name: string, s: TrailSettings): Promise<TrailRecord> {
  if (s.s3BucketName === '') throw new InvalidS3BucketNameError('Bucket name cannot be empty.');
  validateSettings(s);
  const { trail } = await accessTrail(deps, call, 'UpdateTrail', name);
  const updated = await deps.store.transact(async (tx) => {
    const current = await tx.getTrail(trail.accountId, trail.name);
    if (current === undefined) throw trailNotFound(trail.arn, call.caller.accountId);
    const { s3KeyPrefix: _p, snsTopicName: _t, ...rest } = current;
    const prefix = s.s3KeyPrefix ?? current.s3KeyPrefix;
    const topic = s.snsTopicName ?? current.snsTopicName;
    const next: TrailRecord = {
      ...rest,
      ...(prefix === undefined || prefix === '' ? {} : { s3KeyPrefix: prefix }),
      ...(topic === undefined || topic === '' ? {} : { snsTopicName: topic }),
      s3BucketName: s.s3BucketName ?? current.s3BucketName,
      includeGlobalServiceEvents: s.includeGlobalServiceEvents ?? current.includeGlobalServiceEvents,
      isMultiRegionTrail: s.isMultiRegionTrail ?? current.isMultiRegionTrail,
      logFileValidationEnabled: s.enableLogFileValidation ?? current.logFileValidationEnabled,
    };
    await tx.putTrail(next);
    return next;
  });
  await deps.trailsChanged();
  return updated;
}
