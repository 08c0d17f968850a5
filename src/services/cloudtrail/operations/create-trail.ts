/** CreateTrail: a new trail in the caller's account, home region this server's; not logging until StartLogging. */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import type { TrailRecord } from '../store/cloudtrail-records.js';
import type { TrailSettings } from './trail-settings.js';
import { validateSettings } from './trail-settings.js';
import type { Tag } from './trail-tags.js';
import { checkTagCount, tagMap } from './trail-tags.js';
import { trailArn, validateTrailName } from './trail-names.js';
import { authorizeTrail } from './trail-access.js';
import { InvalidS3BucketNameError, MaximumNumberOfTrailsExceededError, trailAlreadyExists } from './cloudtrail-errors.js';
import { requestTagContext } from '../../../iam/authz/tag-context.js';

/** Trails per region per account (CloudTrail quotas). */
const MAX_TRAILS = 5;

export interface CreateTrailInput extends TrailSettings {
  readonly name: string;
  readonly s3BucketName: string;
  readonly tags?: readonly Tag[];
}

export async function createTrail(deps: CloudTrailDeps, call: CloudTrailCall, input: CreateTrailInput): Promise<TrailRecord> {
  validateTrailName(input.name);
  if (input.s3BucketName === '') throw new InvalidS3BucketNameError('Bucket name cannot be empty.');
  validateSettings(input);
  const tags = tagMap(input.tags ?? []);
  checkTagCount(tags);
  const ref = { accountId: call.caller.accountId, region: deps.region, name: input.name };
  await authorizeTrail(deps, call, 'CreateTrail', ref, requestTagContext(tags));
  const trail: TrailRecord = {
    accountId: ref.accountId,
    homeRegion: deps.region,
    name: input.name,
    arn: trailArn(ref),
    s3BucketName: input.s3BucketName,
    ...(input.s3KeyPrefix === undefined || input.s3KeyPrefix === '' ? {} : { s3KeyPrefix: input.s3KeyPrefix }),
    ...(input.snsTopicName === undefined || input.snsTopicName === '' ? {} : { snsTopicName: input.snsTopicName }),
    includeGlobalServiceEvents: input.includeGlobalServiceEvents ?? true,
    isMultiRegionTrail: input.isMultiRegionTrail ?? false,
    logFileValidationEnabled: input.enableLogFileValidation ?? false,
    isLogging: false,
    createdAt: deps.clock.now().getTime(),
    tags,
  };
  await deps.store.transact(async (tx) => {
    if ((await tx.getTrail(ref.accountId, ref.name)) !== undefined) throw trailAlreadyExists(ref.name, ref.accountId);
    const count = (await tx.listTrails(ref.accountId)).filter((t) => t.homeRegion === deps.region).length;
    if (count >= MAX_TRAILS) {
      throw new MaximumNumberOfTrailsExceededError(`User: ${ref.accountId} already has ${MAX_TRAILS} trails in ${deps.region}.`);
    }
    await tx.putTrail(trail);
  });
  await deps.trailsChanged();
  return trail;
}
