/** IAM unique ids and ARNs. */
import { randomInt } from 'node:crypto';

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
  const match = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
  if (match === null) return undefined;
  const [, accountId, path, name] = match;
  if (accountId === undefined || path === undefined || name === undefined) return undefined;
  return { accountId, path, name };
}

/** The name of a user or role from its ARN (`arn:aws:iam::<acct>:user/<path><name>`). */
export function principalNameFromArn(arn: string): { kind: string; accountId: string; name: string } | undefined {
  const match = /^arn:aws:iam::(\d{12}):(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (match === null) return undefined;
  const [, accountId, kind, name] = match;
  if (accountId === undefined || kind === undefined || name === undefined) return undefined;
  return { kind, accountId, name };
}
