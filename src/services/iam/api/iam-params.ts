/** Shared readers of IAM request members. */
import type { QueryParams } from '../../../http/query/query-params.js';
import type { Caller } from '../../../iam/caller.js';
import type { Tag } from '../operations/validation.js';
import { iamConstraint } from '../operations/iam-errors.js';
import { QueryValidationError } from '../../../shared/errors/query-errors.js';

export function readTags(params: QueryParams, prefix = 'Tags.member'): Tag[] {
  return params.structs(prefix).map((t) => ({ Key: t['Key'] ?? '', Value: t['Value'] ?? '' }));
}

export function readBool(params: QueryParams, name: string): boolean | undefined {
  const member = name.charAt(0).toLowerCase() + name.slice(1);
  return params.bool(name, (raw) => iamConstraint(raw, member, 'Member must be a boolean'));
}

export function readInt(params: QueryParams, name: string): number | undefined {
  const member = name.charAt(0).toLowerCase() + name.slice(1);
  return params.int(name, (raw) => iamConstraint(raw, member, 'Member must be an integer'));
}

/** The caller's own user name, for calls that may omit UserName (GetUser, access keys). */
export function callerUserName(caller: Caller): string | undefined {
  if (caller.kind !== 'user') return undefined;
  const match = /:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn);
  return match?.[1];
}

/** `UserName`, or the caller's own user; root and roles must name one. */
export function userNameOrCaller(params: QueryParams, caller: Caller): string {
  const given = params.get('UserName');
  if (given !== undefined) return given;
  const own = callerUserName(caller);
  if (own === undefined) throw new QueryValidationError('Must specify userName when calling with non-User credentials');
  return own;
}
