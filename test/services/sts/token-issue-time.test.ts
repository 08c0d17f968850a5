/**
 * Issue 10 point 11: temporary credentials carry their issue time as `aws:TokenIssueTime`, so the policy
 * AWS documents for revoking role sessions (a Deny with `DateLessThan aws:TokenIssueTime`) cuts off the
 * sessions issued before its cutoff and not those issued after; long-term keys have no such key. And
 * GetSessionToken durations are bounded as STS bounds them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteRolePolicyCommand, DeleteUserPolicyCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure, rejects } from '../../helpers/aws-errors.js';
import { allow, createRole, createUser, lambdaClient, sessionCredentials, stsClient, trust, userArn } from './sts-harness.js';
import type { Credentials, TestUser } from './sts-harness.js';

const ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/revocable`;

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** AWS's "Revoke active sessions" policy (AWSRevokeOlderSessions) for a cutoff. */
function revokeOlderThan(cutoff: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }],
  });
}

/**
 * A cutoff one second after now, whole seconds: sessions issued so far are before it. The clock then moves
 * four minutes on (inside SigV4's five-minute skew window), so every later session is after it. The cutoff
 * is set by what already happened, so nothing races a wall-clock window.
 */
function cutoffAfterNow(): string {
  return isoSeconds(Math.ceil(Date.now() / 1000) * 1000 + 1000);
}
const SHIFT_MS = 4 * 60_000;

describe('aws:TokenIssueTime and session lifetimes', () => {
  let fx: LambdaboxFixture;
  let alice: TestUser;
  let offsetMs = 0;

  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false, clock: { now: () => new Date(Date.now() + offsetMs) } } });
    alice = await createUser(fx, 'alice', allow(['lambda:ListFunctions']));
    await createRole(fx, 'revocable', trust({ AWS: userArn('alice') }), { inlinePolicy: allow(['lambda:ListFunctions']) });
  });
  after(async () => {
    await fx.close();
  });

  function iam(): IAMClient {
    return new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1, systemClockOffset: offsetMs });
  }

  async function listAs(credentials: Credentials): Promise<{ name: string; message: string; status: number | undefined } | 'allowed'> {
    const client = lambdaClient(fx, credentials, offsetMs);
    try {
      const call = client.send(new ListFunctionsCommand({}));
      return await call.then(
        () => 'allowed' as const,
        () => failure(call),
      );
    } finally {
      client.destroy();
    }
  }

  async function assume(sessionName: string): Promise<Credentials> {
    const sts = stsClient(fx, alice, offsetMs);
    try {
      return sessionCredentials((await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: sessionName }))).Credentials);
    } finally {
      sts.destroy();
    }
  }

  async function sessionToken(): Promise<Credentials> {
    const sts = stsClient(fx, alice, offsetMs);
    try {
      return sessionCredentials((await sts.send(new GetSessionTokenCommand({}))).Credentials);
    } finally {
      sts.destroy();
    }
  }

  test('role sessions: the revoke policy on the role denies the session issued before the cutoff, not the one after', async () => {
    const older = await assume('older');
    assert.equal(await listAs(older), 'allowed');
    const cutoff = cutoffAfterNow();
    offsetMs = SHIFT_MS;
    const admin = iam();
    try {
      await admin.send(new PutRolePolicyCommand({ RoleName: 'revocable', PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: revokeOlderThan(cutoff) }));
      assert.deepEqual(await listAs(older), {
        name: 'AccessDeniedException',
        message:
          `User: arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/revocable/older is not authorized to perform: lambda:ListFunctions on resource: * ` +
          'with an explicit deny in an identity-based policy',
        status: 403,
      });
      assert.equal(await listAs(await assume('newer')), 'allowed');
      await admin.send(new DeleteRolePolicyCommand({ RoleName: 'revocable', PolicyName: 'AWSRevokeOlderSessions' }));
      assert.equal(await listAs(older), 'allowed', 'without the Deny the older session works again');
    } finally {
      admin.destroy();
      offsetMs = 0;
    }
  });

  test('GetSessionToken sessions likewise; the long-term key has no aws:TokenIssueTime, so the Deny leaves it alone', async () => {
    const older = await sessionToken();
    assert.equal(await listAs(older), 'allowed');
    const cutoff = cutoffAfterNow();
    offsetMs = SHIFT_MS;
    const admin = iam();
    try {
      await admin.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'revoke', PolicyDocument: revokeOlderThan(cutoff) }));
      const denied = await listAs(older);
      assert.ok(denied !== 'allowed' && denied.name === 'AccessDeniedException', JSON.stringify(denied));
      assert.match(denied.message, /^User: arn:aws:iam::\d{12}:user\/alice is not authorized to perform: lambda:ListFunctions on resource: \* with an explicit deny/);
      assert.equal(await listAs(alice), 'allowed');
      assert.equal(await listAs(await sessionToken()), 'allowed');
      await admin.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'revoke' }));
    } finally {
      admin.destroy();
      offsetMs = 0;
    }
  });

  test('GetSessionToken: 900 to 129,600 seconds for users (12 hours by default), one hour at most for root', async () => {
    const expires = async (credentials: Credentials, durationSeconds?: number): Promise<{ lo: number; at: number; hi: number }> => {
      const sts = stsClient(fx, credentials);
      const lo = Math.floor(Date.now() / 1000) * 1000;
      const out = await sts.send(new GetSessionTokenCommand(durationSeconds === undefined ? {} : { DurationSeconds: durationSeconds }));
      const hi = Date.now();
      sts.destroy();
      return { lo, at: out.Credentials?.Expiration?.getTime() ?? 0, hi };
    };
    const lasts = async (credentials: Credentials, durationSeconds: number | undefined, seconds: number): Promise<void> => {
      const { lo, at, hi } = await expires(credentials, durationSeconds);
      assert.ok(at >= lo + seconds * 1000 && at <= hi + seconds * 1000, `${durationSeconds ?? 'default'} → ${seconds} s (got ${(at - lo) / 1000} s)`);
    };
    const sts = stsClient(fx, alice);
    for (const [value, constraint] of [
      [899, 'Member must have value greater than or equal to 900'],
      [129_601, 'Member must have value less than or equal to 129600'],
    ] as const) {
      await rejects(
        sts.send(new GetSessionTokenCommand({ DurationSeconds: value })),
        400,
        'ValidationError',
        `1 validation error detected: Value '${value}' at 'durationSeconds' failed to satisfy constraint: ${constraint}`,
      );
    }
    sts.destroy();
    await lasts(alice, undefined, 43_200);
    await lasts(alice, 900, 900);
    await lasts(alice, 129_600, 129_600);
    // Root: AWS silently shortens anything longer than an hour, the default included.
    await lasts(fx.credentials, undefined, 3600);
    await lasts(fx.credentials, 129_600, 3600);
    await lasts(fx.credentials, 900, 900);
  });
});
