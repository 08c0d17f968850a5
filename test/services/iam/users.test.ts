import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';
import { ALLOW_ALL, iamClient, startIamApi, stopIamApi } from './iam-client.js';

describe('IAM users and access keys', () => {
  let fixture: LambdaboxFixture;
  let iam: IAMClient;
  before(async () => {
    ({ fixture, iam } = await startIamApi());
  });
  after(() => stopIamApi({ fixture, iam }));

  test('create, get, list, tag and delete a user', async () => {
    const created = await iam.send(
      new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'core' }] }),
    );
    assert.equal(created.User?.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:user/eng/alice`);
    assert.match(created.User?.UserId ?? '', /^AIDA[A-Z0-9]{17}$/);
    assert.deepEqual(created.User?.Tags, [{ Key: 'team', Value: 'core' }]);

    const got = await iam.send(new GetUserCommand({ UserName: 'ALICE' }));
    assert.equal(got.User?.UserName, 'alice');
    assert.equal(got.User?.Path, '/eng/');

    const listed = await iam.send(new ListUsersCommand({ PathPrefix: '/eng/' }));
    assert.deepEqual(listed.Users?.map((u) => u.UserName), ['alice']);
    assert.equal(listed.IsTruncated, false);

    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'env', Value: 'prod' }] }));
    await iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['team'] }));
    const tags = await iam.send(new ListUserTagsCommand({ UserName: 'alice' }));
    assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'prod' }]);

    await iam.send(new DeleteUserCommand({ UserName: 'alice' }));
    await rejects(iam.send(new GetUserCommand({ UserName: 'alice' })), 404, 'NoSuchEntityException', 'The user with name alice cannot be found.');
  });

  test('names are unique case-insensitively', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'Bob' }));
    await rejects(iam.send(new CreateUserCommand({ UserName: 'bob' })), 409, 'EntityAlreadyExistsException', 'User with name bob already exists.');
  });

  test('invalid names and missing members are ValidationErrors', async () => {
    await rejects(
      iam.send(new CreateUserCommand({ UserName: 'bad name!' })),
      400,
      'ValidationError',
      "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    await rejects(
      iam.send(new CreateUserCommand({ UserName: undefined as unknown as string })),
      400,
      'ValidationError',
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
  });

  test('access keys: at most two, deactivate, delete; the new key authenticates', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'keyed' }));
    const first = await iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }));
    assert.match(first.AccessKey?.AccessKeyId ?? '', /^AKIA[A-Z0-9]{16}$/);
    assert.equal(first.AccessKey?.SecretAccessKey?.length, 40);
    assert.equal(first.AccessKey?.Status, 'Active');
    await iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }));
    await rejects(
      iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' })),
      409,
      'LimitExceededException',
      'Cannot exceed quota for AccessKeysPerUser: 2',
    );
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }));
    assert.equal(listed.AccessKeyMetadata?.length, 2);

    // The key works: the user reads itself (its inline policy allows it) without naming itself.
    await iam.send(new PutUserPolicyCommand({ UserName: 'keyed', PolicyName: 'all', PolicyDocument: ALLOW_ALL }));
    const keyId = first.AccessKey?.AccessKeyId ?? '';
    const own = iamClient(fixture, { accessKeyId: keyId, secretAccessKey: first.AccessKey?.SecretAccessKey ?? '' });
    const me = await own.send(new GetUserCommand({}));
    assert.equal(me.User?.UserName, 'keyed');

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'keyed', AccessKeyId: keyId, Status: 'Inactive' }));
    await assert.rejects(own.send(new GetUserCommand({})), (err: Error) => err.name === 'InvalidClientTokenId' || err.name.includes('Unrecognized') || /token/i.test(err.message));
    own.destroy();

    await rejects(
      iam.send(new DeleteUserCommand({ UserName: 'keyed' })),
      409,
      'DeleteConflictException',
      'Cannot delete entity, must delete access keys first.',
    );
    for (const key of listed.AccessKeyMetadata ?? []) {
      await iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: key.AccessKeyId }));
    }
    await rejects(
      iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: keyId })),
      404,
      'NoSuchEntityException',
      `The Access Key with id ${keyId} cannot be found.`,
    );
    await rejects(
      iam.send(new DeleteUserCommand({ UserName: 'keyed' })),
      409,
      'DeleteConflictException',
      'Cannot delete entity, must delete policies first.',
    );
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'keyed', PolicyName: 'all' }));
    await iam.send(new DeleteUserCommand({ UserName: 'keyed' }));
  });

  test('DeleteUser refuses while a managed policy is attached', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'attached' }));
    const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
    await iam.send(new AttachUserPolicyCommand({ UserName: 'attached', PolicyArn: arn }));
    await rejects(
      iam.send(new DeleteUserCommand({ UserName: 'attached' })),
      409,
      'DeleteConflictException',
      'Cannot delete entity, must detach all policies first.',
    );
    await iam.send(new DetachUserPolicyCommand({ UserName: 'attached', PolicyArn: arn }));
    await rejects(
      iam.send(new DetachUserPolicyCommand({ UserName: 'attached', PolicyArn: arn })),
      404,
      'NoSuchEntityException',
      `Policy ${arn} was not attached.`,
    );
    await iam.send(new DeleteUserCommand({ UserName: 'attached' }));
  });
});
