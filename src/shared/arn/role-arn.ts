/**
 * IAM entity ARNs: `arn:<partition>:iam::<account>:<kind>/<path><name>` (kind user, role, group, policy…).
 * The name is what follows the last `/`; the path (`/` when there is none) is what lies between the kind
 * and the name. The account is taken as written (`aws` for AWS managed policies): the callers check it.
 */
import type { Branded } from './brand.js';
import { parseArn } from './arn.js';
import { isAccountId } from './ids.js';
import { accepted, refused, type Parsed } from './result.js';

export type RoleArn = Branded<'RoleArn'>;

export interface IamArnParts {
  readonly partition: string;
  readonly accountId: string;
  /** The resource's first part, before its first `/`. */
  readonly kind: string;
  /** `/` or `/a/b/`: from the first `/` to the last, both included. */
  readonly path: string;
  readonly name: string;
}

export type IamArnRefusal = 'not an ARN' | 'not an IAM ARN' | 'not an entity';

export function parseIamArn(text: string): Parsed<IamArnParts, IamArnRefusal> {
  const arn = parseArn(text);
  if (!arn.ok) return refused('not an ARN');
  const { partition, service, region, accountId, resource } = arn.value;
  if (service !== 'iam' || region !== '') return refused('not an IAM ARN');
  const first = resource.indexOf('/');
  const last = resource.lastIndexOf('/');
  if (first < 0 || last === resource.length - 1) return refused('not an entity');
  return accepted({
    partition,
    accountId,
    kind: resource.slice(0, first),
    path: resource.slice(first, last + 1),
    name: resource.slice(last + 1),
  });
}

export interface RoleArnParts extends IamArnParts {
  readonly kind: 'role';
}

/** A role ARN of a 12-digit account; the name's and path's characters are the callers' to check. */
export function parseRoleArn(text: string): Parsed<RoleArnParts, IamArnRefusal | 'not a role'> {
  const parsed = parseIamArn(text);
  if (!parsed.ok) return parsed;
  const parts = parsed.value;
  if (parts.kind !== 'role' || !isAccountId(parts.accountId)) return refused('not a role');
  return accepted({ ...parts, kind: 'role' });
}

export function roleArn(partition: string, accountId: string, path: string, name: string): RoleArn {
  return `arn:${partition}:iam::${accountId}:role${path}${name}` as RoleArn;
}
