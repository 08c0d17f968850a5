/**
 * `userIdentity` as CloudTrail records it (the CloudTrail user guide's "userIdentity element"), and the
 * `Username` LookupEvents filters on. Access key ids appear, as in AWS; secrets and session tokens never do.
 */
import type { Caller } from '../../../iam/caller.js';
import { isoSeconds } from '../../../iam/authz/authorizer.js';

export type UserIdentity = Readonly<Record<string, unknown>>;

/** `2024-05-01T12:00:00Z`: CloudTrail's whole-second times, as STS writes them. */
export const cloudTrailTime = isoSeconds;

export function userIdentityOf(caller: Caller): UserIdentity {
  const common = { arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId };
  if (caller.kind === 'root') return { type: 'Root', principalId: caller.accountId, ...common };
  if (caller.kind === 'user') {
    return {
      type: 'IAMUser',
      principalId: caller.userId ?? '',
      ...common,
      userName: caller.userName ?? caller.arn.slice(caller.arn.lastIndexOf('/') + 1),
      // Temporary credentials of a user (GetSessionToken) carry when they were issued.
      ...(caller.session === undefined ? {} : { sessionContext: { attributes: sessionAttributes(caller.session.issuedAt) } }),
    };
  }
  const roleArn = caller.session?.roleArn ?? '';
  const roleUniqueId = (caller.userId ?? '').split(':')[0] ?? '';
  return {
    type: 'AssumedRole',
    principalId: caller.userId ?? '',
    ...common,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleUniqueId,
        arn: roleArn,
        accountId: caller.accountId,
        userName: roleArn.slice(roleArn.lastIndexOf('/') + 1),
      },
      webIdFederationData: {},
      attributes: sessionAttributes(caller.session?.issuedAt),
    },
    // An execution environment's credentials are issued by Lambda on the function's behalf.
    ...(caller.session?.sourceFunctionArn === undefined ? {} : { invokedBy: 'lambda.amazonaws.com' }),
  };
}

function sessionAttributes(issuedAt: Date | undefined): Record<string, string> {
  return { ...(issuedAt === undefined ? {} : { creationDate: cloudTrailTime(issuedAt) }), mfaAuthenticated: 'false' };
}

/** An AWS service acting on its own (e.g. Lambda delivering to a destination). */
export function serviceIdentity(service: string): UserIdentity {
  return { type: 'AWSService', invokedBy: service };
}

/** LookupEvents' `Username`: a user's name, a role session's name, `root` for the account. */
export function lookupUsername(caller: Caller): string {
  if (caller.kind === 'root') return 'root';
  if (caller.kind === 'user') return caller.userName ?? caller.arn.slice(caller.arn.lastIndexOf('/') + 1);
  return caller.session?.sessionName ?? caller.arn.slice(caller.arn.lastIndexOf('/') + 1);
}
