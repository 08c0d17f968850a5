/**
 * Log group tags: CreateLogGroup's `tags`, TagResource / UntagResource / ListTagsForResource on a group ARN and
 * the legacy TagLogGroup / UntagLogGroup / ListTagsLogGroup on a name. Model: 1–50 tags; keys 1–128 and values
 * 0–256 characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`; `aws:` keys are reserved. More than 50 tags on a group is
 * TooManyTagsException.
 */
import type { LogsCall, LogsDeps } from './logs-deps.js';
import { accessGroup, ownGroup } from './log-access.js';
import { checkGroupName, groupFromResourceArn } from './log-names.js';
import { LogsInvalidParameterError, LogsResourceNotFoundError, LogsTooManyTagsError, validationError } from './logs-errors.js';
import { requestTagContext, tagKeysContext } from '../../../iam/authz/tag-context.js';
import type { GroupRef } from './log-names.js';

const MAX_TAGS = 50;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export type Tags = Readonly<Record<string, string>>;

export function checkTags(tags: Tags, member = 'tags'): Tags {
  const entries = Object.entries(tags);
  if (entries.length < 1) throw validationError('{}', member, 'Member must have length greater than or equal to 1');
  if (entries.length > MAX_TAGS) throw validationError('{…}', member, `Member must have length less than or equal to ${MAX_TAGS}`);
  for (const [key, value] of entries) {
    checkTagKey(key, member);
    checkTagValue(value, member);
  }
  return tags;
}

function checkTagKey(key: string, member: string): void {
  if (key.length < 1 || key.length > 128 || !TAG_KEY.test(key)) {
    throw validationError(key, `${member}.key`, 'Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$');
  }
  if (key.toLowerCase().startsWith('aws:')) throw new LogsInvalidParameterError('Tag keys beginning with aws: are reserved.');
}

function checkTagValue(value: string, member: string): void {
  if (value.length > 256 || !TAG_VALUE.test(value)) {
    throw validationError(value, `${member}.value`, 'Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$');
  }
}

function refOfArn(deps: LogsDeps, arn: string): GroupRef {
  const ref = groupFromResourceArn(arn, deps.region);
  if (ref === undefined) throw new LogsInvalidParameterError(`Invalid resource ARN: ${arn}`);
  return ref;
}

/** TagResource names resources, not groups, in its not-found message. */
async function withArnNotFound<T>(arn: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof LogsResourceNotFoundError) throw new LogsResourceNotFoundError(`The specified resource does not exist: ${arn}`);
    throw err;
  }
}

async function addTags(deps: LogsDeps, call: LogsCall, action: string, ref: GroupRef, tags: Tags): Promise<void> {
  const group = await accessGroup(deps, call, action, ref, requestTagContext(tags));
  await deps.store.transact(async (tx) => {
    const current = (await tx.getLogGroup(group.accountId, group.name)) ?? group;
    const next = { ...current.tags, ...tags };
    if (Object.keys(next).length > MAX_TAGS) throw new LogsTooManyTagsError(`A resource can have no more than ${MAX_TAGS} tags.`, { fields: { resourceName: current.arn } });
    await tx.updateLogGroup({ ...current, tags: next });
  });
}

async function removeTags(deps: LogsDeps, call: LogsCall, action: string, ref: GroupRef, keys: readonly string[]): Promise<void> {
  const group = await accessGroup(deps, call, action, ref, tagKeysContext(keys));
  await deps.store.transact(async (tx) => {
    const current = (await tx.getLogGroup(group.accountId, group.name)) ?? group;
    const next: Record<string, string> = { ...current.tags };
    for (const k of keys) delete next[k];
    await tx.updateLogGroup({ ...current, tags: next });
  });
}

export async function tagResource(deps: LogsDeps, call: LogsCall, arn: string, tags: Tags): Promise<void> {
  checkTags(tags);
  const ref = refOfArn(deps, arn);
  await withArnNotFound(arn, () => addTags(deps, call, 'TagResource', ref, tags));
}

export async function untagResource(deps: LogsDeps, call: LogsCall, arn: string, keys: readonly string[]): Promise<void> {
  if (keys.length > MAX_TAGS) throw validationError('[…]', 'tagKeys', `Member must have length less than or equal to ${MAX_TAGS}`);
  for (const k of keys) checkTagKey(k, 'tagKeys');
  const ref = refOfArn(deps, arn);
  await withArnNotFound(arn, () => removeTags(deps, call, 'UntagResource', ref, keys));
}

export async function listTagsForResource(deps: LogsDeps, call: LogsCall, arn: string): Promise<Tags> {
  const ref = refOfArn(deps, arn);
  return withArnNotFound(arn, async () => (await accessGroup(deps, call, 'ListTagsForResource', ref)).tags);
}

export async function tagLogGroup(deps: LogsDeps, call: LogsCall, name: string | undefined, tags: Tags): Promise<void> {
  const ref = ownGroup(call, checkGroupName(name));
  checkTags(tags);
  await addTags(deps, call, 'TagLogGroup', ref, tags);
}

export async function untagLogGroup(deps: LogsDeps, call: LogsCall, name: string | undefined, keys: readonly string[]): Promise<void> {
  const ref = ownGroup(call, checkGroupName(name));
  if (keys.length < 1) throw validationError('[]', 'tags', 'Member must have length greater than or equal to 1');
  await removeTags(deps, call, 'UntagLogGroup', ref, keys);
}

export async function listTagsLogGroup(deps: LogsDeps, call: LogsCall, name: string | undefined): Promise<Tags> {
  return (await accessGroup(deps, call, 'ListTagsLogGroup', ownGroup(call, checkGroupName(name)))).tags;
}
