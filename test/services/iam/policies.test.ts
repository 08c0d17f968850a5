import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachGroupPolicyCommand,
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  GetGroupCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListGroupsForUserCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';
import { startIamApi, stopIamApi } from './iam-client.js';

const doc = (action: string): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('IAM managed policies and groups', () => {
  let fixture: LambdaboxFixture;
  let iam: IAMClient;
  before(async () => {
    ({ fixture, iam } = await startIamApi());
  });
  after(() => stopIamApi({ fixture, iam }));

  test('policy versions: create, default, limit of five, delete', async () => {
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: 'readers', PolicyDocument: doc('lambda:Get*'), Description: 'read' }));
    const arn = created.Policy?.Arn ?? '';
    assert.equal(arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/readers`);
    assert.match(created.Policy?.PolicyId ?? '', /^ANPA[A-Z0-9]{17}$/);
    assert.equal(created.Policy?.DefaultVersionId, 'v1');

    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('lambda:List*'), SetAsDefault: true }));
    assert.equal(v2.PolicyVersion?.VersionId, 'v2');
    assert.equal(v2.PolicyVersion?.IsDefaultVersion, true);
    const policy = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    assert.equal(policy.Policy?.DefaultVersionId, 'v2');
    assert.equal(policy.Policy?.Description, 'read');
    const v1 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(v1.PolicyVersion?.Document ?? ''), doc('lambda:Get*'));
    assert.equal(v1.PolicyVersion?.IsDefaultVersion, false);

    for (let i = 0; i < 3; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('sqs:*') }));
    await rejects(
      iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('sqs:*') })),
      409,
      'LimitExceededException',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    );
    await rejects(
      iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })),
      409,
      'DeleteConflictException',
      'Cannot delete the default version of a policy.',
    );
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
    const v6 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('sqs:*') }));
    assert.equal(v6.PolicyVersion?.VersionId, 'v6', 'version ids are never reused');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]), [
      ['v6', false],
      ['v4', false],
      ['v3', false],
      ['v2', false],
      ['v1', true],
    ]);
    await rejects(
      iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })),
      404,
      'NoSuchEntityException',
      `Policy ${arn} version v5 does not exist or is not attachable.`,
    );
    for (const v of ['v2', 'v3', 'v4', 'v6']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await rejects(iam.send(new GetPolicyCommand({ PolicyArn: arn })), 404, 'NoSuchEntityException', `Policy ${arn} was not found.`);
  });

  test('policy documents are validated and sized as IAM does', async () => {
    await rejects(
      iam.send(new CreatePolicyCommand({ PolicyName: 'p1', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }) })),
      400,
      'MalformedPolicyDocumentException',
      'Policy statement must contain actions.',
    );
    await rejects(
      iam.send(new CreatePolicyCommand({ PolicyName: 'p2', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Principal: '*' }] }) })),
      400,
      'MalformedPolicyDocumentException',
      'Policy document should not specify a principal.',
    );
    const huge = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'lambda:GetFunction', Resource: Array.from({ length: 200 }, (_, i) => `arn:aws:lambda:us-east-1:${TEST_ACCOUNT_ID}:function:f${i}`) }],
    });
    await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'p3', PolicyDocument: huge })), 409, 'LimitExceededException', 'Cannot exceed quota for PolicySize: 6144');
    await iam.send(new CreatePolicyCommand({ PolicyName: 'Same', PolicyDocument: doc('sqs:*') }));
    await rejects(
      iam.send(new CreatePolicyCommand({ PolicyName: 'same', PolicyDocument: doc('sqs:*') })),
      409,
      'EntityAlreadyExistsException',
      'A policy called same already exists. Duplicate names are not allowed.',
    );
  });

  test('ListPolicies scopes and OnlyAttached; AWS managed policies are served and attachable', async () => {
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }));
    const names = aws.Policies?.map((p) => p.PolicyName) ?? [];
    for (const n of ['AdministratorAccess', 'ReadOnlyAccess', 'AWSLambda_FullAccess', 'AWSLambdaBasicExecutionRole', 'IAMReadOnlyAccess']) {
      assert.ok(names.includes(n), n);
    }
    const admin = await iam.send(new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(admin.PolicyVersion?.Document ?? '')).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    assert.ok(local.Policies?.every((p) => p.Arn?.startsWith(`arn:aws:iam::${TEST_ACCOUNT_ID}:`)));

    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    const attached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    // The fixture's execution role has AWSLambdaBasicExecutionRole attached.
    assert.deepEqual(attached.Policies?.map((p) => [p.PolicyName, p.AttachmentCount]), [
      ['AWSLambdaBasicExecutionRole', 1],
      ['IAMReadOnlyAccess', 1],
    ]);
    await rejects(
      iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/missing` })),
      404,
      'NoSuchEntityException',
      `Policy arn:aws:iam::${TEST_ACCOUNT_ID}:policy/missing does not exist or is not attachable.`,
    );
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/Same` }));
    await rejects(
      iam.send(new DeletePolicyCommand({ PolicyArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/Same` })),
      409,
      'DeleteConflictException',
      'Cannot delete a policy attached to entities.',
    );
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/Same` }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/Same` }));
  });

  test('group lifecycle and membership', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'ops', Path: '/teams/' }));
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'carol' }));
    const group = await iam.send(new GetGroupCommand({ GroupName: 'ops' }));
    assert.equal(group.Group?.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:group/teams/ops`);
    assert.match(group.Group?.GroupId ?? '', /^AGPA[A-Z0-9]{17}$/);
    assert.deepEqual(group.Users?.map((u) => u.UserName), ['carol']);
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'carol' }))).Groups?.map((g) => g.GroupName), ['ops']);
    await rejects(iam.send(new DeleteGroupCommand({ GroupName: 'ops' })), 409, 'DeleteConflictException', 'Cannot delete entity, must remove users from group first.');
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'ops', UserName: 'carol' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'ops' }));
    await rejects(iam.send(new GetGroupCommand({ GroupName: 'ops' })), 404, 'NoSuchEntityException', 'The group with name ops cannot be found.');
  });
});
