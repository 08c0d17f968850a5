import type { PrincipalSpec } from './policy-document.js';
import type { EvaluationPrincipal } from './evaluation-types.js';
import { parseArn } from '../../shared/arn/arn.js';
import { isAccountId } from '../../shared/arn/ids.js';
import { valueOf } from '../../shared/arn/result.js';

// How a resource policy's Principal names the caller. 'account' only delegates to the account's own identity
// policies; 'role' names the role behind a session (still capped by boundary/session policies); 'exact' and
// 'anyone' grant the caller directly.
export type PrincipalMatch = 'exact' | 'anyone' | 'role' | 'account' | undefined;

/** `arn:<any partition>:iam::<account>:root`: the account's id, else undefined. */
export function accountOfRoot(value: string): string | undefined {
  const arn = valueOf(parseArn(value));
  const root = arn !== undefined && arn.partition !== '' && arn.service === 'iam' && arn.region === '' && arn.resource === 'root';
  return root && isAccountId(arn.accountId) ? arn.accountId : undefined;
}

function matchAwsValue(value: string, principal: EvaluationPrincipal): PrincipalMatch {
  if (value === '*') return 'anyone';
  if (value === principal.arn) return 'exact';
  if (principal.roleArn !== undefined && value === principal.roleArn) return 'role';
  const account = accountOfRoot(value) ?? (isAccountId(value) ? value : undefined);
  if (account !== undefined && account === principal.accountId && principal.type !== 'Service') {
    return principal.type === 'Account' ? 'exact' : 'account';
  }
  return undefined;
}

const RANK: Record<Exclude<PrincipalMatch, undefined>, number> = { exact: 4, anyone: 3, role: 2, account: 1 };

export function matchPrincipal(spec: PrincipalSpec, principal: EvaluationPrincipal): PrincipalMatch {
  if (spec === '*') return 'anyone';
  let best: PrincipalMatch;
  for (const [type, values] of Object.entries(spec)) {
    for (const value of values) {
      let match: PrincipalMatch;
      if (type === 'AWS') match = matchAwsValue(value, principal);
      else if (type === 'Service') match = principal.type === 'Service' && value === principal.arn ? 'exact' : undefined;
      else if (type === 'Federated') match = value === principal.arn ? 'exact' : undefined;
      if (match !== undefined && (best === undefined || RANK[match] > RANK[best])) best = match;
    }
  }
  return best;
}

// NotPrincipal excludes a caller only when every identity AWS checks for it is listed: its own ARN, its account,
// and for a role session also the role (the AWS docs' "list the user and the account" rule).
export function excludedByNotPrincipal(spec: PrincipalSpec, principal: EvaluationPrincipal): boolean {
  if (spec === '*') return true;
  const values = [...(spec['AWS'] ?? []), ...(spec['Service'] ?? []), ...(spec['Federated'] ?? [])];
  if (principal.type === 'Service') return values.includes(principal.arn);
  const listsAccount = values.some((v) => v === principal.accountId || accountOfRoot(v) === principal.accountId);
  if (principal.type === 'Account') return listsAccount;
  const listsSelf = values.includes(principal.arn);
  const listsRole = principal.roleArn === undefined || values.includes(principal.roleArn);
  return listsSelf && listsAccount && listsRole;
}
