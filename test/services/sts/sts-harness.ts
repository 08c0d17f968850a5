/**
 * Shared steps of the STS tests: IAM users (with an access key) and roles written straight into the store
 * of a real server, and STS / Lambda clients for any credentials.
 */
import { STSClient } from '@aws-sdk/client-sts';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import { newEntityId } from '../../../src/iam/ids.js';
import { accessKeyContext } from '../../../src/iam/access-key-record.js';
import { generateAccessKeyId, generateSecretAccessKey } from '../../../src/iam/admin-bootstrap.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface TestUser extends Credentials {
  readonly name: string;
  readonly arn: string;
  readonly userId: string;
}

export function userArn(name: string): string {
  return `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${name}`;
}

export function roleArn(name: string): string {
  return `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${name}`;
}

/** A trust policy with one Allow statement for `principal` (plus an optional Condition). */
export function trust(principal: Record<string, string | string[]>, condition?: Record<string, unknown>, actions: string[] = ['sts:AssumeRole']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: actions, ...(condition === undefined ? {} : { Condition: condition }) }],
  });
}

export function allow(actions: string[], resource = '*'): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });
}

export async function createUser(fx: LambdaboxFixture, name: string, inlinePolicy?: string): Promise<TestUser> {
  const accessKeyId = generateAccessKeyId('AKIA');
  const secretAccessKey = generateSecretAccessKey();
  const arn = userArn(name);
  const userId = newEntityId('AIDA');
  const keys = fx.box.control.keys;
  await fx.box.control.store.transact(async (tx) => {
    await tx.putUser({ accountId: TEST_ACCOUNT_ID, name, path: '/', userId, arn, createdAt: new Date().toISOString(), tags: {} });
    await tx.putAccessKey({
      accessKeyId,
      accountId: TEST_ACCOUNT_ID,
      secretSealed: keys.seal(Buffer.from(secretAccessKey, 'utf8'), accessKeyContext(accessKeyId)),
      status: 'Active',
      createdAt: new Date().toISOString(),
      principalArn: arn,
    });
    if (inlinePolicy !== undefined) {
      await tx.putInlinePolicy({ accountId: TEST_ACCOUNT_ID, principalType: 'user', principalName: name, policyName: 'inline', document: inlinePolicy });
    }
  });
  return { name, arn, userId, accessKeyId, secretAccessKey };
}

export async function createRole(
  fx: LambdaboxFixture,
  name: string,
  trustPolicy: string,
  options: { maxSessionDuration?: number; inlinePolicy?: string } = {},
): Promise<{ arn: string; roleId: string }> {
  const arn = roleArn(name);
  const roleId = newEntityId('AROA');
  await fx.box.control.store.transact(async (tx) => {
    await tx.putRole({
      accountId: TEST_ACCOUNT_ID,
      name,
      path: '/',
      roleId,
      arn,
      createdAt: new Date().toISOString(),
      assumeRolePolicy: trustPolicy,
      maxSessionDuration: options.maxSessionDuration ?? 3600,
      tags: {},
    });
    if (options.inlinePolicy !== undefined) {
      await tx.putInlinePolicy({ accountId: TEST_ACCOUNT_ID, principalType: 'role', principalName: name, policyName: 'inline', document: options.inlinePolicy });
    }
  });
  return { arn, roleId };
}

export function stsClient(fx: LambdaboxFixture, credentials: Credentials, systemClockOffset = 0): STSClient {
  return new STSClient({ endpoint: fx.url, region: TEST_REGION, credentials, maxAttempts: 1, systemClockOffset });
}

export function lambdaClient(fx: LambdaboxFixture, credentials: Credentials, systemClockOffset = 0): LambdaClient {
  return new LambdaClient({ endpoint: fx.url, region: TEST_REGION, credentials, maxAttempts: 1, systemClockOffset });
}

/** The credentials of an STS response as SDK credentials. */
export function sessionCredentials(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Credentials {
  if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) {
    throw new Error('the response has no credentials');
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/**
 * Asserts that `expiration` is `durationMs` after some instant between `before` and `after` (wall-clock
 * readings taken around the call), with a second of slack for whole-second timestamps. A fixed tolerance
 * around `before` raced a loaded machine on which the call itself took seconds.
 */
export function assertExpiresAfter(expiration: Date | undefined, durationMs: number, before: number, after: number, what = 'expiration'): void {
  const at = expiration?.getTime() ?? 0;
  const lo = before + durationMs - 1000;
  const hi = after + durationMs + 1000;
  if (!(at >= lo && at <= hi)) {
    throw new Error(`${what} ${expiration?.toISOString() ?? 'missing'} is not ${durationMs} ms after the call (between ${new Date(lo).toISOString()} and ${new Date(hi).toISOString()})`);
  }
}
