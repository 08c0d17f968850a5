/**
 * IAM and STS ABAC (issue 10 point 3): a user's or role's tags are `aws:ResourceTag/…` and `iam:ResourceTag/…`
 * for actions on it (AssumeRole and PassRole included); CreateUser / CreateRole / TagUser / TagRole tags and
 * UntagUser / UntagRole keys are `aws:RequestTag/…` / `aws:TagKeys`; `iam:PermissionsBoundary` is the boundary a
 * request sets. Before the fix none of these keys was supplied and every Deny below let the call through.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  ListRoleTagsCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagRoleCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { TEST_REGION } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { helloZip } from '../../helpers/zips.js';
import { userWithKey } from './iam-principals.js';
import { iamClient, LAMBDA_TRUST, startIamApi, stopIamApi, type IamApi } from '../../services/iam/iam-client.js';
import { assertDenied } from './abac-harness.js';

const ACCOUNT = '000000000000';
const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

const explicitlyDenied = (call: Promise<unknown>, action: string, resource: string, name = 'AccessDenied'): Promise<void> =>
  assertDenied(call, action, resource, { name, explicit: false });

function trustAccount(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
  });
}

describe('IAM and STS tag condition keys', () => {
  let api: IamApi;
  let admin: IAMClient;

  before(async () => {
    api = await startIamApi();
    admin = api.iam;
    await admin.send(new CreateRoleCommand({ RoleName: 'locked', AssumeRolePolicyDocument: trustAccount(), Tags: [{ Key: 'protected', Value: 'true' }] }));
    await admin.send(new CreateRoleCommand({ RoleName: 'open', AssumeRolePolicyDocument: trustAccount() }));
    await admin.send(new CreateRoleCommand({ RoleName: 'fn-locked', AssumeRolePolicyDocument: LAMBDA_TRUST, Tags: [{ Key: 'protected', Value: 'true' }] }));
  });
  after(() => stopIamApi(api));

  test('a Deny on aws:ResourceTag / iam:ResourceTag protects tagged roles from IAM actions, AssumeRole and PassRole', async () => {
    const key = await userWithKey(api.fixture, {
      name: 'operator',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['iam:*', 'sts:AssumeRole', 'lambda:*'], Resource: '*' },
            {
              Effect: 'Deny',
              Action: ['iam:DeleteRole', 'iam:TagRole', 'iam:PassRole'],
              Resource: '*',
              Condition: { StringEquals: { 'aws:ResourceTag/protected': 'true' } },
            },
            { Effect: 'Deny', Action: ['iam:GetRole', 'sts:AssumeRole'], Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/protected': 'true' } } },
          ],
        },
      ],
    });
    const user = iamClient(api.fixture, key);
    const sts = new STSClient({ endpoint: api.fixture.url, region: TEST_REGION, credentials: key, maxAttempts: 1 });
    const lambda = api.fixture.lambda(key);
    try {
      await explicitlyDenied(user.send(new DeleteRoleCommand({ RoleName: 'locked' })), 'iam:DeleteRole', roleArn('locked'));
      await explicitlyDenied(user.send(new GetRoleCommand({ RoleName: 'locked' })), 'iam:GetRole', roleArn('locked'));
      await explicitlyDenied(user.send(new TagRoleCommand({ RoleName: 'locked', Tags: [{ Key: 'x', Value: 'y' }] })), 'iam:TagRole', roleArn('locked'));
      await explicitlyDenied(sts.send(new AssumeRoleCommand({ RoleArn: roleArn('locked'), RoleSessionName: 'session' })), 'sts:AssumeRole', roleArn('locked'));
      await explicitlyDenied(
        lambda.send(
          new CreateFunctionCommand({ FunctionName: 'f', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: roleArn('fn-locked'), Code: { ZipFile: helloZip() } }),
        ),
        'iam:PassRole',
        roleArn('fn-locked'),
        'AccessDeniedException',
      );
      // The untagged role is unaffected.
      await user.send(new GetRoleCommand({ RoleName: 'open' }));
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn('open'), RoleSessionName: 'session' }));
      assert.ok(assumed.Credentials?.AccessKeyId?.startsWith('ASIA'));
      // Untagging lifts the protection on the very next request.
      await admin.send(new UntagRoleCommand({ RoleName: 'locked', TagKeys: ['protected'] }));
      await user.send(new GetRoleCommand({ RoleName: 'locked' }));
      await admin.send(new TagRoleCommand({ RoleName: 'locked', Tags: [{ Key: 'protected', Value: 'true' }] }));
      await explicitlyDenied(user.send(new GetRoleCommand({ RoleName: 'locked' })), 'iam:GetRole', roleArn('locked'));
    } finally {
      user.destroy();
      sts.destroy();
    }
  });

  test('a trust policy conditioned on the role’s own tags sees them', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'iam:ResourceTag/assumable': 'yes' } },
        },
      ],
    });
    await admin.send(new CreateRoleCommand({ RoleName: 'gated', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'assumable', Value: 'yes' }] }));
    const key = await userWithKey(api.fixture, { name: 'assumer', inline: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }] });
    const sts = new STSClient({ endpoint: api.fixture.url, region: TEST_REGION, credentials: key, maxAttempts: 1 });
    try {
      await sts.send(new AssumeRoleCommand({ RoleArn: roleArn('gated'), RoleSessionName: 'session' }));
      await admin.send(new UntagRoleCommand({ RoleName: 'gated', TagKeys: ['assumable'] }));
      const denied = await failure(sts.send(new AssumeRoleCommand({ RoleArn: roleArn('gated'), RoleSessionName: 'session' })));
      assert.equal(denied.name, 'AccessDenied');
    } finally {
      sts.destroy();
    }
  });

  test('a Deny on aws:TagKeys / aws:RequestTag stops creating and tagging users and roles with those tags', async () => {
    const key = await userWithKey(api.fixture, {
      name: 'creator',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
            {
              Effect: 'Deny',
              Action: ['iam:CreateRole', 'iam:TagRole', 'iam:UntagRole', 'iam:CreateUser', 'iam:TagUser'],
              Resource: '*',
              Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['protected'] } },
            },
            { Effect: 'Deny', Action: ['iam:CreateUser', 'iam:TagUser'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/level': 'admin' } } },
          ],
        },
      ],
    });
    const user = iamClient(api.fixture, key);
    try {
      const tag = [{ Key: 'protected', Value: 'true' }];
      await explicitlyDenied(user.send(new CreateRoleCommand({ RoleName: 'sneaky', AssumeRolePolicyDocument: trustAccount(), Tags: tag })), 'iam:CreateRole', roleArn('sneaky'));
      await explicitlyDenied(user.send(new TagRoleCommand({ RoleName: 'open', Tags: tag })), 'iam:TagRole', roleArn('open'));
      await explicitlyDenied(user.send(new UntagRoleCommand({ RoleName: 'locked', TagKeys: ['protected'] })), 'iam:UntagRole', roleArn('locked'));
      await explicitlyDenied(user.send(new CreateUserCommand({ UserName: 'boss', Tags: [{ Key: 'level', Value: 'admin' }] })), 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/boss`);
      await explicitlyDenied(user.send(new TagUserCommand({ UserName: 'creator', Tags: [{ Key: 'level', Value: 'admin' }] })), 'iam:TagUser', `arn:aws:iam::${ACCOUNT}:user/creator`);
      assert.deepEqual((await admin.send(new ListRoleTagsCommand({ RoleName: 'locked' }))).Tags, [{ Key: 'protected', Value: 'true' }]);

      await user.send(new CreateUserCommand({ UserName: 'worker', Tags: [{ Key: 'level', Value: 'user' }] }));
      await user.send(new TagRoleCommand({ RoleName: 'open', Tags: [{ Key: 'team', Value: 'red' }] }));
    } finally {
      user.destroy();
    }
  });

  test('iam:PermissionsBoundary is the boundary CreateUser sets: a delegated admin must set it', async () => {
    const boundary = `arn:aws:iam::aws:policy/ReadOnlyAccess`;
    const key = await userWithKey(api.fixture, {
      name: 'delegate',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } }],
        },
      ],
    });
    const user = iamClient(api.fixture, key);
    try {
      const denied = await failure(user.send(new CreateUserCommand({ UserName: 'unbounded' })));
      assert.equal(denied.name, 'AccessDenied');
      const created = await user.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: boundary }));
      assert.equal(created.User?.PermissionsBoundary?.PermissionsBoundaryArn, boundary);
    } finally {
      user.destroy();
    }
  });
});
