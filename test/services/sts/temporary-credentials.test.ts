import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { GetAccountSettingsCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { allow, assertExpiresAfter, createRole, createUser, lambdaClient, sessionCredentials, stsClient, trust, userArn } from './sts-harness.js';
import type { Credentials, TestUser } from './sts-harness.js';

const INVALID = 'The security token included in the request is invalid.';
const EXPIRED = 'The security token included in the request is expired';

describe('STS identities and temporary credentials', () => {
  let fx: LambdaboxFixture;
  let alice: TestUser;
  let offsetMs = 0;
  const ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/worker`;

  async function assume(sessionName: string, extra: Record<string, unknown> = {}): Promise<Credentials> {
    const sts = stsClient(fx, alice, offsetMs);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: sessionName, ...extra }));
    sts.destroy();
    return sessionCredentials(out.Credentials);
  }

  before(async () => {
    fx = await startLambdabox({ overrides: { clock: { now: () => new Date(Date.now() + offsetMs) } } });
    alice = await createUser(fx, 'alice');
    await createRole(fx, 'worker', trust({ AWS: userArn('alice') }), {
      inlinePolicy: allow(['lambda:ListFunctions', 'lambda:GetAccountSettings']),
    });
  });
  after(async () => {
    await fx.close();
  });

  test('GetCallerIdentity: root, user', async () => {
    const root = stsClient(fx, fx.credentials);
    assert.deepEqual(
      (({ Arn, UserId, Account }) => ({ Arn, UserId, Account }))(await root.send(new GetCallerIdentityCommand({}))),
      { Arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:root`, UserId: TEST_ACCOUNT_ID, Account: TEST_ACCOUNT_ID },
    );
    root.destroy();
    const user = stsClient(fx, alice);
    const me = await user.send(new GetCallerIdentityCommand({}));
    user.destroy();
    assert.equal(me.Arn, alice.arn);
    assert.equal(me.UserId, alice.userId);
    assert.match(me.UserId ?? '', /^AIDA[A-Z0-9]{17}$/);
  });

  test('the role session can do what the role allows; a session policy narrows it', async () => {
    const full = lambdaClient(fx, await assume('full'));
    await full.send(new ListFunctionsCommand({}));
    await full.send(new GetAccountSettingsCommand({}));
    full.destroy();
    const narrow = lambdaClient(fx, await assume('narrow', { Policy: allow(['lambda:ListFunctions']) }));
    await narrow.send(new ListFunctionsCommand({}));
    await rejects(
      narrow.send(new GetAccountSettingsCommand({})),
      403,
      'AccessDeniedException',
      `User: arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/worker/narrow is not authorized to perform: lambda:GetAccountSettings on resource: * because no session policy allows the lambda:GetAccountSettings action`,
    );
    narrow.destroy();
  });

  test('tampered, swapped and missing session tokens are rejected as invalid', async () => {
    const a = await assume('sa');
    const b = await assume('sb');
    const token = a.sessionToken ?? '';
    const flipped = token.slice(0, 60) + (token[60] === 'A' ? 'B' : 'A') + token.slice(61);
    for (const bad of [
      { ...a, sessionToken: flipped },
      { ...a, sessionToken: b.sessionToken ?? '' },
      { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey },
      { ...a, sessionToken: 'bm90IGEgdG9rZW4=' },
    ]) {
      const sts = stsClient(fx, bad);
      await rejects(sts.send(new GetCallerIdentityCommand({})), 403, 'InvalidClientTokenId', INVALID);
      sts.destroy();
      const lambda = lambdaClient(fx, bad);
      await rejects(lambda.send(new ListFunctionsCommand({})), 403, 'UnrecognizedClientException', INVALID);
      lambda.destroy();
    }
    // A forged key id with a real token of another key, and a wrong secret with the right token.
    const forgedId = stsClient(fx, { ...a, accessKeyId: b.accessKeyId });
    await rejects(forgedId.send(new GetCallerIdentityCommand({})), 403, 'InvalidClientTokenId', INVALID);
    forgedId.destroy();
    const wrongSecret = stsClient(fx, { ...a, secretAccessKey: b.secretAccessKey });
    const err = await wrongSecret.send(new GetCallerIdentityCommand({})).catch((e: { name: string }) => e);
    wrongSecret.destroy();
    assert.equal((err as { name: string }).name, 'SignatureDoesNotMatch');
  });

  test('expired credentials: ExpiredToken (STS) and ExpiredTokenException (Lambda)', async () => {
    const creds = await assume('short', { DurationSeconds: 900 });
    const sts = stsClient(fx, creds);
    await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    offsetMs = 901_000;
    try {
      const later = stsClient(fx, creds, offsetMs);
      // STS answers code ExpiredToken (403), which its model does not name, so the SDK keeps the wire code.
      await rejects(later.send(new GetCallerIdentityCommand({})), 403, 'ExpiredToken', EXPIRED);
      later.destroy();
      const lambda = lambdaClient(fx, creds, offsetMs);
      await rejects(lambda.send(new ListFunctionsCommand({})), 403, 'ExpiredTokenException', EXPIRED);
      lambda.destroy();
    } finally {
      offsetMs = 0;
    }
  });

  test('sessions of a deleted role stop working, and a recreated role does not revive them', async () => {
    await createRole(fx, 'ephemeral', trust({ AWS: userArn('alice') }));
    const sts = stsClient(fx, alice);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/ephemeral`, RoleSessionName: 'gone' }));
    sts.destroy();
    const creds = sessionCredentials(out.Credentials);
    await fx.box.control.store.transact((tx) => tx.deleteRole(TEST_ACCOUNT_ID, 'ephemeral'));
    await createRole(fx, 'ephemeral', trust({ AWS: userArn('alice') }));
    fx.box.authenticator.invalidatePrincipal(`arn:aws:iam::${TEST_ACCOUNT_ID}:role/ephemeral`);
    const session = stsClient(fx, creds);
    await rejects(session.send(new GetCallerIdentityCommand({})), 403, 'InvalidClientTokenId', INVALID);
    session.destroy();
  });

  test('GetSessionToken keeps the user identity; not callable with session credentials; root is capped at one hour', async () => {
    const sts = stsClient(fx, alice);
    const before = Date.now();
    const out = await sts.send(new GetSessionTokenCommand({}));
    assertExpiresAfter(out.Credentials?.Expiration, 43_200_000, before, Date.now());
    sts.destroy();
    assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA/);
    const session = stsClient(fx, sessionCredentials(out.Credentials));
    const me = await session.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, alice.arn);
    assert.equal(me.UserId, alice.userId);
    await rejects(session.send(new GetSessionTokenCommand({})), 403, 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
    session.destroy();

    const root = stsClient(fx, fx.credentials);
    const rootBefore = Date.now();
    const rootOut = await root.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    assertExpiresAfter(rootOut.Credentials?.Expiration, 3_600_000, rootBefore, Date.now(), 'root capped at one hour');
    root.destroy();
  });

  test('the AWS CLI: get-caller-identity and assume-role', async () => {
    const base = { endpoint: fx.url, accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey };
    const who = await awsCli(['sts', 'get-caller-identity'], base);
    assert.equal(who.code, 0, who.stderr);
    assert.deepEqual(who.json(), { UserId: alice.userId, Account: TEST_ACCOUNT_ID, Arn: alice.arn });
    const assumed = await awsCli(['sts', 'assume-role', '--role-arn', ROLE, '--role-session-name', 'cli'], base);
    assert.equal(assumed.code, 0, assumed.stderr);
    const c = assumed.json<{ Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }>().Credentials;
    const asRole = await awsCli(['sts', 'get-caller-identity'], {
      endpoint: fx.url,
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    });
    assert.equal(asRole.code, 0, asRole.stderr);
    assert.equal(asRole.json<{ Arn: string }>().Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/worker/cli`);
    const denied = await awsCli(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${TEST_ACCOUNT_ID}:role/nope`, '--role-session-name', 'cli'], base);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /An error occurred \(AccessDenied\) when calling the AssumeRole operation: User: .* is not authorized to perform: sts:AssumeRole on resource: /);
  });
});
