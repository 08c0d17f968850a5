/** IAM input constraints (botocore iam model: userNameType, pathType, tagListType, …) with IAM's messages. */
import { iamConstraint, InvalidInputError, LimitExceededError } from './iam-errors.js';
import { QueryValidationError } from '../../../shared/errors/query-errors.js';

const NAME_PATTERN = /^[\w+=,.@-]+$/;
const PATH_PATTERN = /^(?:\/|\/[\u0021-\u007E]+\/)$/;

/** Names of users (64), roles (64), groups (128), policies (128) and inline policies (128). */
export function checkName(value: string, member: string, max: number): void {
  if (value.length < 1) throw iamConstraint(value, member, 'Member must have length greater than or equal to 1');
  if (value.length > max) throw iamConstraint(value, member, `Member must have length less than or equal to ${max}`);
  if (!NAME_PATTERN.test(value)) {
    throw iamConstraint(value, member, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  }
}

/** A path such as `/` or `/division/`; defaults to `/`. */
export function checkPath(value: string | undefined, member = 'path'): string {
  if (value === undefined) return '/';
  if (value.length > 512) throw iamConstraint(value, member, 'Member must have length less than or equal to 512');
  if (!PATH_PATTERN.test(value)) {
    throw iamConstraint(value, member, 'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
  }
  return value;
}

export function checkPathPrefix(value: string | undefined): string {
  if (value === undefined) return '/';
  if (!value.startsWith('/') || value.length > 512) {
    throw iamConstraint(value, 'pathPrefix', 'Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*');
  }
  return value;
}

export function checkDescription(value: string | undefined): string | undefined {
  if (value !== undefined && value.length > 1000) {
    throw iamConstraint(value, 'description', 'Member must have length less than or equal to 1000');
  }
  return value;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** Tags as IAM accepts them: up to 50, keys 1–128, values 0–256, no duplicate keys. */
export function checkTags(tags: readonly Tag[]): Record<string, string> {
  if (tags.length > 50) throw new QueryValidationError('1 validation error detected: Value at \'tags\' failed to satisfy constraint: Member must have length less than or equal to 50');
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128) {
      throw iamConstraint(tag.Key, 'tags.member.key', 'Member must have length less than or equal to 128');
    }
    if (tag.Value.length > 256) {
      throw iamConstraint(tag.Value, 'tags.member.value', 'Member must have length less than or equal to 256');
    }
    const lower = tag.Key.toLowerCase();
    if (seen.has(lower)) throw new InvalidInputError('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(lower);
    out[tag.Key] = tag.Value;
  }
  return out;
}

/** Merges new tags into existing ones (keys compare case-insensitively, as IAM's do); at most 50 in all. */
export function mergeTags(existing: Readonly<Record<string, string>>, added: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const addedLower = new Set(Object.keys(added).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(existing)) if (!addedLower.has(k.toLowerCase())) out[k] = v;
  Object.assign(out, added);
  if (Object.keys(out).length > 50) throw new LimitExceededError('The number of tags has reached the maximum limit.');
  return out;
}

export function removeTags(existing: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(existing)) if (!drop.has(k.toLowerCase())) out[k] = v;
  return out;
}

export function checkMaxSessionDuration(value: number | undefined): number {
  if (value === undefined) return 3600;
  if (value < 3600) throw iamConstraint(String(value), 'maxSessionDuration', 'Member must have value greater than or equal to 3600');
  if (value > 43200) throw iamConstraint(String(value), 'maxSessionDuration', 'Member must have value less than or equal to 43200');
  return value;
}
