/** IAM unique ids and ARNs. */
import { randomInt } from 'node:crypto';
import { parseIamArn } from '../shared/arn/role-arn.js';
import { DEFAULT_PARTITION, hasLineTerminator, isAccountId } from '../shared/arn/ids.js';
import { valueOf } from '../shared/arn/result.js';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export type IdPrefix = 'AIDA' | 'AROA' | 'AGPA' | 'ANPA';

/** `AIDA…`/`AROA…`/`AGPA…`/`ANPA…` followed by 17 random upper-case alphanumerics (21 characters, like IAM's). */
export function newEntityId(prefix: IdPrefix): string {
  let id = prefix;
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function iamArn(accountId: string, kind: 'user' | 'role' | 'group' | 'policy', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}

export interface PolicyArnParts {
  readonly accountId: string;
  readonly path: string;
  readonly name: string;
}

/** `arn:aws:iam::<account|aws>:policy/<path><name>`, or undefined for anything else. */
export function parsePolicyArn(arn: string): PolicyArnParts | undefined {
  const parts = valueOf(parseIamArn(arn));
  if (parts === undefined || parts.partition !== DEFAULT_PARTITION || parts.kind !== 'policy') return undefined;
  if ((parts.accountId !== 'aws' && !isAccountId(parts.accountId)) || !POLICY_PATH.test(parts.path)) return undefined;
  return { accountId: parts.accountId, path: parts.path, name: parts.name };
}

/** A policy path has no empty segment. */
const POLICY_PATH = /^\/(?:[^/]+\/)*$/;

const PRINCIPAL_KINDS: ReadonlySet<string> = new Set(['user', 'role', 'group']);

/**
 * The name of a user, role or group from its ARN (`arn:aws:iam::<acct>:user/<path><name>`), in the `aws`
 * partition (the one lambdabox serves); any name, a path that does not span lines.
 */
export function principalNameFromArn(arn: string): { kind: string; accountId: string; name: string } | undefined {
  const parts = valueOf(parseIamArn(arn));
  if (parts === undefined || parts.partition !== DEFAULT_PARTITION || !isAccountId(parts.accountId)) return undefined;
  if (!PRINCIPAL_KINDS.has(parts.kind) || hasLineTerminator(parts.path)) return undefined;
  return { kind: parts.kind, accountId: parts.accountId, name: parts.name };
}
