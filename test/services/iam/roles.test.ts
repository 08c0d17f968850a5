import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';
import { ALLOW_ALL, LAMBDA_TRUST, startIamApi, stopIamApi } from './iam-client.js';

describe('IAM roles', () => {
  let fixture: LambdaboxFixture;
  let iam: IAMClient;
  before(async () => {
    ({ fixture, iam } = await startIamApi());
  });
  after(() => stopIamApi({ fixture, iam }));

  test('role lifecycle with trust policy, duration, boundary and tags', async () => {
    const boundary = 'arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess';
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: 'fn-role',
        Path: '/service/',
        AssumeRolePolicyDocument: LAMBDA_TRUST,
        Description: 'runs functions',
        MaxSessionDuration: 7200,
        PermissionsBoundary: boundary,
        Tags: [{ Key: 'owner', Value: 'ops' }],
      }),
    );
    assert.equal(created.Role?.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:role/service/fn-role`);
    assert.match(created.Role?.RoleId ?? '', /^AROA[A-Z0-9]{17}$/);
    // IAM returns policy documents URL-encoded.
    assert.equal(decodeURIComponent(created.Role?.AssumeRolePolicyDocument ?? ''), LAMBDA_TRUST);

    const got = await iam.send(new GetRoleCommand({ RoleName: 'fn-role' }));
    assert.equal(got.Role?.MaxSessionDuration, 7200);
    assert.equal(got.Role?.Description, 'runs functions');
    assert.equal(got.Role?.PermissionsBoundary?.PermissionsBoundaryArn, boundary);
    assert.deepEqual(got.Role?.Tags, [{ Key: 'owner', Value: 'ops' }]);

    const trust2 = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }],
    });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'fn-role', PolicyDocument: trust2 }));
    await iam.send(new UpdateRoleCommand({ RoleName: 'fn-role', MaxSessionDuration: 43200, Description: 'changed' }));
    await iam.send(new TagRoleCommand({ RoleName: 'fn-role', Tags: [{ Key: 'cost', Value: '42' }] }));
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'fn-role' }));
    const after2 = await iam.send(new GetRoleCommand({ RoleName: 'fn-role' }));
    assert.equal(decodeURIComponent(after2.Role?.AssumeRolePolicyDocument ?? ''), trust2);
    assert.equal(after2.Role?.MaxSessionDuration, 43200);
    assert.equal(after2.Role?.Description, 'changed');
    assert.equal(after2.Role?.PermissionsBoundary, undefined);
    const tags = await iam.send(new ListRoleTagsCommand({ RoleName: 'fn-role' }));
    assert.deepEqual(tags.Tags?.map((t) => t.Key), ['owner', 'cost']);
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'fn-role', PermissionsBoundary: boundary }));

    const roles = await iam.send(new ListRolesCommand({}));
    assert.ok(roles.Roles?.some((r) => r.RoleName === 'fn-role'));

    await iam.send(new AttachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'inline', PolicyDocument: ALLOW_ALL }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'fn-role' }));
    assert.deepEqual(attached.AttachedPolicies, [
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
    ]);
    const inline = await iam.send(new GetRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'inline' }));
    assert.equal(decodeURIComponent(inline.PolicyDocument ?? ''), ALLOW_ALL);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'fn-role' }))).PolicyNames, ['inline']);

    await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'fn-role' })), 409, 'DeleteConflictException', 'Cannot delete entity, must detach all policies first.');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'fn-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }));
    await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'fn-role' })), 409, 'DeleteConflictException', 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'inline' }));
    await rejects(
      iam.send(new GetRolePolicyCommand({ RoleName: 'fn-role', PolicyName: 'inline' })),
      404,
      'NoSuchEntityException',
      'The role policy with name inline cannot be found.',
    );
    await iam.send(new DeleteRoleCommand({ RoleName: 'fn-role' }));
    await rejects(iam.send(new GetRoleCommand({ RoleName: 'fn-role' })), 404, 'NoSuchEntityException', 'The role with name fn-role cannot be found.');
  });

  test('CreateRole validation: duration range, trust policy grammar, duplicates', async () => {
    await rejects(
      iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: LAMBDA_TRUST, MaxSessionDuration: 100 })),
      400,
      'ValidationError',
      "1 validation error detected: Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
    await rejects(
      iam.send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: LAMBDA_TRUST, MaxSessionDuration: 50000 })),
      400,
      'ValidationError',
      "1 validation error detected: Value '50000' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200",
    );
    await rejects(
      iam.send(new CreateRoleCommand({ RoleName: 'noprincipal', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }) })),
      400,
      'MalformedPolicyDocumentException',
      'Missing required field Principal.',
    );
    await rejects(
      iam.send(new CreateRoleCommand({ RoleName: 'garbage', AssumeRolePolicyDocument: '{not json' })),
      400,
      'MalformedPolicyDocumentException',
      'Syntax errors in policy.',
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'dup', AssumeRolePolicyDocument: LAMBDA_TRUST }));
    await rejects(
      iam.send(new CreateRoleCommand({ RoleName: 'DUP', AssumeRolePolicyDocument: LAMBDA_TRUST })),
      409,
      'EntityAlreadyExistsException',
      'Role with name DUP already exists.',
    );
    await rejects(
      iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'dup', PermissionsBoundary: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/nope` })),
      404,
      'NoSuchEntityException',
      `Policy arn:aws:iam::${TEST_ACCOUNT_ID}:policy/nope does not exist or is not attachable.`,
    );
  });

  test('inline role policies are capped at 10240 characters in aggregate', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'big', AssumeRolePolicyDocument: LAMBDA_TRUST }));
    const bigDoc = (n: number): string =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'lambda:GetFunction', Resource: Array.from({ length: n }, (_, i) => `arn:aws:lambda:us-east-1:${TEST_ACCOUNT_ID}:function:f${i}`) }],
      });
    await iam.send(new PutRolePolicyCommand({ RoleName: 'big', PolicyName: 'a', PolicyDocument: bigDoc(120) }));
    await rejects(
      iam.send(new PutRolePolicyCommand({ RoleName: 'big', PolicyName: 'b', PolicyDocument: bigDoc(120) })),
      409,
      'LimitExceededException',
      'Maximum policy size of 10240 bytes exceeded for role big',
    );
  });
});
