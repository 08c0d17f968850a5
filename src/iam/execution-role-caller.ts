/**
 * The identity Lambda uses when it sends a function's destination records and dead-letter events:
 * the function's execution role, as a session named after the function (as AWS's role sessions for
 * functions are).
 */
import type { Caller } from './caller.js';

const ROLE_ARN = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

export function executionRoleCaller(roleArn: string, functionArn: string, functionName: string, now: Date): Caller | undefined {
  const m = ROLE_ARN.exec(roleArn);
  if (m === null) return undefined;
  const [, partition, accountId, roleName] = m;
  if (partition === undefined || accountId === undefined || roleName === undefined) return undefined;
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
