import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import { startLambdabox, TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure, rejects } from '../../helpers/aws-errors.js';
import { allow, assertExpiresAfter, createRole, createUser, sessionCredentials, stsClient, trust, userArn } from './sts-harness.js';
import type { TestUser } from './sts-harness.js';

describe('STS AssumeRole', () => {
  let fx: LambdaboxFixture;
  let alice: TestUser;
  let sts: STSClient;
  let roleId: string;
  const ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/app`;

  before(async () => {
    fx = await startLambdabox();
    alice = await createUser(fx, 'alice');
    sts = stsClient(fx, alice);
    ({ roleId } = await createRole(fx, 'app', trust({ AWS: userArn('alice') }), { maxSessionDuration: 7200 }));
    await createRole(fx, 'other', trust({ AWS: userArn('bob') }));
    await createRole(fx, 'partner', trust({ AWS: userArn('alice') }, { StringEquals: { 'sts:ExternalId': 'shared-Secret_1' } }));
    await createRole(fx, 'account-trust', trust({ AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` }));
    await createRole(fx, 'chained', trust({ AWS: ROLE }), { maxSessionDuration: 43200 });
  });
  after(async () => {
    sts.destroy();
    await fx.close();
  });

  test('a role trusting the user directly: ASIA credentials, the assumed-role ARN and AROA…:session id', async () => {
    const before = Date.now();
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'build-42' }));
    const answered = Date.now();
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/app/build-42`);
    assert.equal(out.AssumedRoleUser?.AssumedRoleId, `${roleId}:build-42`);
    const c = out.Credentials;
    assert.match(c?.AccessKeyId ?? '', /^ASIA[A-Z0-9]{16}$/);
    assert.equal(c?.SecretAccessKey?.length, 40);
    assert.ok((c?.SessionToken?.length ?? 0) > 100);
    assertExpiresAfter(c?.Expiration, 3600_000, before, answered, 'the default duration (one hour)');
    assert.equal(out.PackedPolicySize, undefined);

    const session = stsClient(fx, sessionCredentials(c));
    const me = await session.send(new GetCallerIdentityCommand({}));
    session.destroy();
    assert.equal(me.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/app/build-42`);
    assert.equal(me.UserId, `${roleId}:build-42`);
    assert.equal(me.Account, TEST_ACCOUNT_ID);
  });

  test('a trust policy naming someone else denies, with AWS message', async () => {
    await rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/other`, RoleSessionName: 's1' })),
      403,
      'AccessDenied',
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${TEST_ACCOUNT_ID}:role/other`,
    );
  });

  test('a role that does not exist is denied the same way', async () => {
    await rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/nope`, RoleSessionName: 's1' })),
      403,
      'AccessDenied',
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${TEST_ACCOUNT_ID}:role/nope`,
    );
  });

  test('a trust policy naming only the account needs an identity policy too', async () => {
    const target = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/account-trust`;
    await rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: 's1' })),
      403,
      'AccessDenied',
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${target}`,
    );
    const carol = await createUser(fx, 'carol', allow(['sts:AssumeRole'], target));
    const carolSts = stsClient(fx, carol);
    const out = await carolSts.send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: 's1' }));
    carolSts.destroy();
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/account-trust/s1`);
  });

  test('the account root may not assume roles', async () => {
    const root = stsClient(fx, fx.credentials);
    await rejects(root.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1' })), 403, 'AccessDenied', 'Roles may not be assumed by root accounts.');
    root.destroy();
  });

  test('ExternalId: required, must match, then allowed', async () => {
    const partner = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/partner`;
    const message = `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${partner}`;
    await rejects(sts.send(new AssumeRoleCommand({ RoleArn: partner, RoleSessionName: 's1' })), 403, 'AccessDenied', message);
    await rejects(sts.send(new AssumeRoleCommand({ RoleArn: partner, RoleSessionName: 's1', ExternalId: 'wrong-id' })), 403, 'AccessDenied', message);
    const ok = await sts.send(new AssumeRoleCommand({ RoleArn: partner, RoleSessionName: 's1', ExternalId: 'shared-Secret_1' }));
    assert.equal(ok.AssumedRoleUser?.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/partner/s1`);
  });

  test('DurationSeconds: model range, the role maximum, then the role-chaining hour', async () => {
    await rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', DurationSeconds: 899 })),
      400,
      'ValidationError',
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    await rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', DurationSeconds: 7201 })),
      400,
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const before = Date.now();
    const long = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', DurationSeconds: 7200 }));
    assertExpiresAfter(long.Credentials?.Expiration, 7200_000, before, Date.now());

    const session = stsClient(fx, sessionCredentials(long.Credentials));
    const chainedArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/chained`;
    await rejects(
      session.send(new AssumeRoleCommand({ RoleArn: chainedArn, RoleSessionName: 'hop', DurationSeconds: 3601 })),
      400,
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    const hop = await session.send(new AssumeRoleCommand({ RoleArn: chainedArn, RoleSessionName: 'hop', DurationSeconds: 3600 }));
    assert.equal(hop.AssumedRoleUser?.Arn, `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/chained/hop`);
    session.destroy();
  });

  test('RoleSessionName is validated as the model says', async () => {
    await rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'has space' })),
      400,
      'ValidationError',
      "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });

  test('session policies and tags report their packed size; a too large set is refused', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:ListFunctions', Resource: '*' }] });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', Policy: policy }));
    assert.ok((out.PackedPolicySize ?? 0) > 0 && (out.PackedPolicySize ?? 0) <= 100);
    const actions: string[] = [];
    const doc = (): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
    for (;;) {
      actions.push(`lambda:Action${actions.length}`);
      if (doc().length > 2048) break;
    }
    actions.pop();
    const big = doc();
    assert.ok(big.length <= 2048);
    const tooLarge = await failure(
      sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', Policy: big, PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] })),
    );
    // The wire code is PackedPolicyTooLarge; the SDK names the modeled exception.
    assert.equal(tooLarge.name, 'PackedPolicyTooLargeException');
    assert.match(tooLarge.message, /^Packed policy consumes \d+% of allotted space, please use smaller policy for this session\.$/);
    const malformed = await failure(sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', Policy: '{"Statement":' })));
    assert.equal(malformed.name, 'MalformedPolicyDocumentException');
  });
});
