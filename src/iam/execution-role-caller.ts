/**
 * The identity Lambda uses when it sends a function's destination records and dead-letter events:
 * the function's execution role, as a session named after the function (as AWS's role sessions for
 * functions are).
 */
import type { Caller } from './caller.js';
import { parseRoleArn } from '../shared/arn/role-arn.js';
import { hasLineTerminator } from '../shared/arn/ids.js';
import { valueOf } from '../shared/arn/result.js';

/**
 * Any partition and any name: whether Lambda may assume the role is lambda-trust.ts's question (which is
 * stricter), this only shapes the session. A path never spans lines (as the `.*` this replaced never did).
 */
export function executionRoleCaller(roleArn: string, functionArn: string, functionName: string, now: Date): Caller | undefined {
  const parts = valueOf(parseRoleArn(roleArn));
  if (parts === undefined || parts.partition === '' || hasLineTerminator(parts.path)) return undefined;
  const { partition, accountId, name: roleName } = parts;
  return {
    kind: 'assumed-role',
    accountId,
    arn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${functionName}`,
    accessKeyId: '',
    session: {
      roleArn,
      sessionName: functionName,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + 3_600_000),
      sourceFunctionArn: functionArn,
    },
  };
}
