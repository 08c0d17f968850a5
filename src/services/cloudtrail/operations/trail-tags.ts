/**
 * Trail tags: CreateTrail's TagsList, and AddTags / RemoveTags / ListTags on a trail ARN (`ResourceId`).
 * At most 50 tags per trail (TagsLimitExceededException), keys 1–128 and values up to 256 characters.
 */
import type { CloudTrailCall, CloudTrailDeps } from './cloudtrail-deps.js';
import { accessTrail } from './trail-access.js';
import { CloudTrailResourceNotFoundError, InvalidTagParameterError, TagsLimitExceededError } from './cloudtrail-errors.js';
import { isAwsError } from '../../../shared/errors/aws-error.js';
import { requestTagContext, tagKeysContext } from '../../../iam/authz/tag-context.js';

const MAX_TAGS = 50;

export interface Tag {
  readonly Key: string;
  readonly Value?: string;
}

/** The tag list as a map; a repeated key or an out-of-range key or value is InvalidTagParameter. */
export function tagMap(list: readonly Tag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list) {
    const value = t.Value ?? '';
    if (t.Key.length < 1 || t.Key.length > 128 || value.length > 256 || Object.hasOwn(out, t.Key)) {
      throw new InvalidTagParameterError(`Tag key or value is not valid: ${t.Key}`);
    }
    out[t.Key] = value;
  }
  return out;
}

export function checkTagCount(tags: Readonly<Record<string, string>>): void {
  if (Object.keys(tags).length > MAX_TAGS) throw new TagsLimitExceededError(`The number of tags per trail has exceeded the permitted amount of ${MAX_TAGS}.`);
}

/** A trail the ARN names, or ResourceNotFound (AddTags and friends name resources, not trails, in errors). */
async function taggedTrail(deps: CloudTrailDeps, call: CloudTrailCall, action: string, resourceId: string, context?: Parameters<typeof accessTrail>[4]) {
  try {
    return await accessTrail(deps, call, action, resourceId, context);
  } catch (err) {
    if (isAwsError(err) && err.code === 'TrailNotFoundException') {
      throw new CloudTrailResourceNotFoundError(`The resource with ARN ${resourceId} was not found.`);
    }
    throw err;
  }
}

export async function addTags(deps: CloudTrailDeps, call: CloudTrailCall, resourceId: string, list: readonly Tag[]): Promise<void> {
  const tags = tagMap(list);
  const { trail } = await taggedTrail(deps, call, 'AddTags', resourceId, requestTagContext(tags));
  await deps.store.transact(async (tx) => {
    const current = (await tx.getTrail(trail.accountId, trail.name)) ?? trail;
    const next = { ...current.tags, ...tags };
    checkTagCount(next);
    await tx.putTrail({ ...current, tags: next });
  });
}

export async function removeTags(deps: CloudTrailDeps, call: CloudTrailCall, resourceId: string, list: readonly Tag[]): Promise<void> {
  const keys = list.map((t) => t.Key);
  const { trail } = await taggedTrail(deps, call, 'RemoveTags', resourceId, tagKeysContext(keys));
  await deps.store.transact(async (tx) => {
    const current = (await tx.getTrail(trail.accountId, trail.name)) ?? trail;
    const next: Record<string, string> = { ...current.tags };
    // AWS removes a tag only when its value matches, if one is given.
    for (const t of list) if (t.Value === undefined || next[t.Key] === t.Value) delete next[t.Key];
    await tx.putTrail({ ...current, tags: next });
  });
}

export async function listTags(
  deps: CloudTrailDeps,
  call: CloudTrailCall,
  resourceIds: readonly string[],
): Promise<Array<{ readonly resourceId: string; readonly tags: Readonly<Record<string, string>> }>> {
  if (resourceIds.length > 20) throw new InvalidTagParameterError('ResourceIdList can hold at most 20 ARNs.');
  const out = [];
  for (const id of resourceIds) {
    const { trail } = await taggedTrail(deps, call, 'ListTags', id);
    out.push({ resourceId: trail.arn, tags: trail.tags });
  }
  return out;
}
