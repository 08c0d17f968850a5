/**
 * Mints temporary credentials the way STS shapes them: an `ASIA…` access key id, a 40-character secret
 * and a sealed session token (session-token.ts), and turns a verified token back into the Caller.
 */
import type { KeyService } from '../../shared/crypto/key-service.js';
import { generateAccessKeyId, generateSecretAccessKey } from '../admin-bootstrap.js';
import type { Caller } from '../caller.js';
import { sealSessionToken } from './session-token.js';
import type { SessionClaims } from './session-token.js';

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** Everything of a session but its freshly generated key pair. */
export type SessionGrant = Omit<SessionClaims, 'accessKeyId' | 'secretAccessKey'>;

export function issueTemporaryCredentials(keys: KeyService, grant: SessionGrant): TemporaryCredentials {
  const accessKeyId = generateAccessKeyId('ASIA');
  const secretAccessKey = generateSecretAccessKey();
  const sessionToken = sealSessionToken(keys, { ...grant, accessKeyId, secretAccessKey });
  return { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(grant.expiresAt) };
}

/** `arn:aws:sts::<acct>:assumed-role/<role name>/<session>` — the role's path is not part of it. */
export function assumedRoleArn(roleArn: string, sessionName: string): string {
  const colon = roleArn.indexOf(':', 'arn:aws:iam::'.length);
  const account = roleArn.slice('arn:aws:iam::'.length, colon);
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

export function callerFromClaims(claims: SessionClaims): Caller {
  const expiresAt = new Date(claims.expiresAt);
  const common = {
    issuedAt: new Date(claims.issuedAt),
    ...(claims.policies === undefined ? {} : { sessionPolicies: claims.policies }),
    ...(claims.tags === undefined ? {} : { tags: claims.tags }),
    ...(claims.sourceFunctionArn === undefined ? {} : { sourceFunctionArn: claims.sourceFunctionArn }),
    expiresAt,
  };
  if (claims.role !== undefined) {
    return {
      accountId: claims.accountId,
      arn: assumedRoleArn(claims.role.arn, claims.role.sessionName),
      accessKeyId: claims.accessKeyId,
      kind: 'assumed-role',
      userId: `${claims.role.id}:${claims.role.sessionName}`,
      session: { ...common, roleArn: claims.role.arn, sessionName: claims.role.sessionName },
    };
  }
  // GetSessionToken credentials act as the user (or root) that asked for them.
  const source = claims.source ?? { arn: `arn:aws:iam::${claims.accountId}:root`, userId: claims.accountId };
  return {
    accountId: claims.accountId,
    arn: source.arn,
    accessKeyId: claims.accessKeyId,
    kind: source.arn.endsWith(':root') ? 'root' : 'user',
    userId: source.userId,
    ...(source.userName === undefined ? {} : { userName: source.userName }),
    session: { ...common, sourceIdentityArn: source.arn },
  };
}
