import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { startLambdabox, TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';
import { iamClient } from './iam-client.js';

const USER_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:user/sim`;
const FN = `arn:aws:lambda:us-east-1:${TEST_ACCOUNT_ID}:function:f1`;

describe('SimulatePrincipalPolicy and enforcement of IAM calls', () => {
  let fixture: LambdaboxFixture;
  let iam: IAMClient;
  before(async () => {
    fixture = await startLambdabox({ overrides: { sandbox: false } });
    iam = iamClient(fixture);
    await iam.send(new CreateUserCommand({ UserName: 'sim' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'sim',
        PolicyName: 'lambda-read',
        PolicyDocument: JSON.stringify(
          {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'Read', Effect: 'Allow', Action: ['lambda:Get*', 'lambda:List*', 'iam:ListUsers'], Resource: '*' },
              { Sid: 'NoSecret', Effect: 'Deny', Action: 'lambda:GetFunction', Resource: `arn:aws:lambda:us-east-1:${TEST_ACCOUNT_ID}:function:secret` },
            ],
          },
          null,
          2,
        ),
      }),
    );
  });
  after(async () => {
    iam.destroy();
    await fixture.close();
  });

  test('allowed, explicit deny and implicit deny, each naming the deciding statement', async () => {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: USER_ARN,
        ActionNames: ['lambda:GetFunction', 'lambda:DeleteFunction'],
        ResourceArns: [FN, `arn:aws:lambda:us-east-1:${TEST_ACCOUNT_ID}:function:secret`],
      }),
    );
    const byKey = new Map(out.EvaluationResults?.map((r) => [`${r.EvalActionName} ${r.EvalResourceName}`, r]));
    const allowed = byKey.get(`lambda:GetFunction ${FN}`);
    assert.equal(allowed?.EvalDecision, 'allowed');
    assert.deepEqual(allowed?.MatchedStatements, [
      { SourcePolicyId: 'lambda-read', SourcePolicyType: 'user', StartPosition: { Line: 4, Column: 5 }, EndPosition: { Line: 13, Column: 6 } },
    ]);
    const denied = byKey.get(`lambda:GetFunction arn:aws:lambda:us-east-1:${TEST_ACCOUNT_ID}:function:secret`);
    assert.equal(denied?.EvalDecision, 'explicitDeny');
    assert.equal(denied?.MatchedStatements?.[0]?.StartPosition?.Line, 14);
    assert.equal(byKey.get(`lambda:DeleteFunction ${FN}`)?.EvalDecision, 'implicitDeny');
    assert.deepEqual(byKey.get(`lambda:DeleteFunction ${FN}`)?.MatchedStatements, []);
  });

  test('a permissions boundary caps an attached AdministratorAccess', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'capped' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'capped', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const boundary = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'only-sqs',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] }),
      }),
    );
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'capped', PermissionsBoundary: boundary.Policy?.Arn }));
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/capped`,
        ActionNames: ['sqs:SendMessage', 'lambda:InvokeFunction'],
      }),
    );
    const [sqs, lambda] = out.EvaluationResults ?? [];
    assert.equal(sqs?.EvalDecision, 'allowed');
    assert.equal(sqs?.MatchedStatements?.[0]?.SourcePolicyId, 'arn:aws:iam::aws:policy/AdministratorAccess');
    assert.equal(sqs?.MatchedStatements?.[0]?.SourcePolicyType, 'aws-managed');
    assert.equal(sqs?.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, true);
    assert.equal(lambda?.EvalDecision, 'implicitDeny');
    assert.equal(lambda?.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, false);
  });

  test('context entries feed conditions', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'cond' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'cond',
        PolicyName: 'ip',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'lambda:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }],
        }),
      }),
    );
    const simulate = (ip: string) =>
      iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/cond`,
          ActionNames: ['lambda:ListFunctions'],
          ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyType: 'ip', ContextKeyValues: [ip] }],
        }),
      );
    assert.equal((await simulate('10.1.2.3')).EvaluationResults?.[0]?.EvalDecision, 'allowed');
    assert.equal((await simulate('192.168.0.1')).EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
  });

  test('IAM calls are authorized: a user may only do what its policies allow', async () => {
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'sim' }));
    const own = iamClient(fixture, { accessKeyId: key.AccessKey?.AccessKeyId ?? '', secretAccessKey: key.AccessKey?.SecretAccessKey ?? '' });
    try {
      const users = await own.send(new ListUsersCommand({}));
      assert.ok(users.Users?.some((u) => u.UserName === 'sim'));
      await rejects(
        own.send(new CreateUserCommand({ UserName: 'intruder' })),
        403,
        'AccessDenied',
        `User: ${USER_ARN} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${TEST_ACCOUNT_ID}:user/intruder because no identity-based policy allows the iam:CreateUser action`,
      );
      // The policy cache refreshes on every IAM write: a new grant applies to the very next request.
      await iam.send(new AttachUserPolicyCommand({ UserName: 'sim', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }));
      const made = await own.send(new CreateUserCommand({ UserName: 'intruder' }));
      assert.equal(made.User?.UserName, 'intruder');
    } finally {
      own.destroy();
    }
  });

  test('every action against every resource: only the page asked for is evaluated, so a huge product is cheap', { timeout: 120_000 }, async () => {
    // 5,000 × 5,000 = 25 million pairs. Evaluating (and holding) all of them to return 100 took minutes
    // and gigabytes (issue 10 fuzz finding); the generous timeout only fails a server that does that.
    const actions = Array.from({ length: 5000 }, (_, i) => `lambda:Op${i}`);
    const resources = Array.from({ length: 5000 }, (_, i) => `arn:aws:lambda:us-east-1:${TEST_ACCOUNT_ID}:function:f${i}`);
    const first = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER_ARN, ActionNames: actions, ResourceArns: resources }));
    assert.equal(first.EvaluationResults?.length, 100);
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(
      first.EvaluationResults?.slice(0, 2).map((r) => [r.EvalActionName, r.EvalResourceName]),
      [
        ['lambda:Op0', resources[0]],
        ['lambda:Op0', resources[1]],
      ],
    );
    const second = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: USER_ARN, ActionNames: actions, ResourceArns: resources, Marker: first.Marker, MaxItems: 1000 }),
    );
    assert.equal(second.EvaluationResults?.length, 1000);
    assert.deepEqual([second.EvaluationResults?.[0]?.EvalActionName, second.EvaluationResults?.[0]?.EvalResourceName], ['lambda:Op0', resources[100]]);
    assert.deepEqual([second.EvaluationResults?.[999]?.EvalActionName, second.EvaluationResults?.[999]?.EvalResourceName], ['lambda:Op0', resources[1099]]);
    assert.equal(second.IsTruncated, true);
  });

  test('a missing principal is NoSuchEntity', async () => {
    await rejects(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/ghost`, ActionNames: ['s3:GetObject'] })),
      404,
      'NoSuchEntityException',
      'The user with name ghost cannot be found.',
    );
  });
});
