/**
 * The tag condition keys (IAM User Guide, "Controlling access to AWS resources using tags"):
 * `aws:ResourceTag/<key>` from the tags the resource has when the request arrives (IAM users and roles
 * also as `iam:ResourceTag/<key>`), `aws:RequestTag/<key>` from the tags a request sets and `aws:TagKeys`
 * from the keys a request sets or removes. A request that names no tags leaves RequestTag and TagKeys
 * absent, as AWS does.
 */
import type { ContextValue } from '../policy/conditions/context-value.js';

export type Tags = Readonly<Record<string, string>>;

export function resourceTagContext(tags: Tags, iamEntity: boolean): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(tags)) {
    context[`aws:ResourceTag/${key}`] = value;
    if (iamEntity) context[`iam:ResourceTag/${key}`] = value;
  }
  return context;
}

/** A request that sets `tags` (create with tags, TagResource): RequestTag per tag and TagKeys. */
export function requestTagContext(tags: Tags): Record<string, ContextValue> {
  const keys = Object.keys(tags);
  if (keys.length === 0) return {};
  const context: Record<string, ContextValue> = { 'aws:TagKeys': keys };
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value;
  return context;
}

/** A request that removes `keys` (UntagResource): TagKeys only. */
export function tagKeysContext(keys: readonly string[]): Record<string, ContextValue> {
  return keys.length === 0 ? {} : { 'aws:TagKeys': [...keys] };
}

/** Whether a context key is a resource-tag key, which only the authorizer's resource tag source may set. */
export function isResourceTagKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower.startsWith('aws:resourcetag/') || lower.startsWith('iam:resourcetag/');
}
