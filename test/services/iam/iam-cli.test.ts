import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambdabox, TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { LAMBDA_TRUST } from './iam-client.js';

describe('aws iam (CLI) against lambdabox, and persistence across a restart', () => {
  let fixture: LambdaboxFixture;
  const cli = (args: string[]) =>
    awsCli(args, { endpoint: fixture.url, accessKeyId: fixture.credentials.accessKeyId, secretAccessKey: fixture.credentials.secretAccessKey });
  before(async () => {
    fixture = await startLambdabox({ overrides: { sandbox: false } });
  });
  after(async () => {
    await fixture.close();
  });

  test('create-role, put-role-policy, get-role-policy (documents decoded by the CLI), errors as AWS prints them', async () => {
    const created = await cli(['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', LAMBDA_TRUST]);
    assert.equal(created.code, 0, created.stderr);
    const role = created.json<{ Role: { Arn: string; AssumeRolePolicyDocument: unknown } }>().Role;
    assert.equal(role.Arn, `arn:aws:iam::${TEST_ACCOUNT_ID}:role/cli-role`);
    assert.deepEqual(role.AssumeRolePolicyDocument, JSON.parse(LAMBDA_TRUST));

    const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:*:*:q?a=1&b=<2>"}]}';
    const put = await cli(['iam', 'put-role-policy', '--role-name', 'cli-role', '--policy-name', 'send', '--policy-document', doc]);
    assert.equal(put.code, 0, put.stderr);
    const got = await cli(['iam', 'get-role-policy', '--role-name', 'cli-role', '--policy-name', 'send']);
    assert.deepEqual(got.json<{ PolicyDocument: unknown }>().PolicyDocument, JSON.parse(doc));

    const missing = await cli(['iam', 'get-role', '--role-name', 'nope']);
    assert.equal(missing.code, 254);
    assert.match(missing.stderr, /An error occurred \(NoSuchEntity\) when calling the GetRole operation: The role with name nope cannot be found\./);

    const malformed = await cli(['iam', 'create-policy', '--policy-name', 'bad', '--policy-document', '{"Statement":[]}']);
    assert.match(malformed.stderr, /\(MalformedPolicyDocument\) when calling the CreatePolicy operation: Syntax errors in policy\./);
  });

  test('users, groups and policies survive a restart', async () => {
    assert.equal((await cli(['iam', 'create-user', '--user-name', 'durable', '--path', '/keep/'])).code, 0);
    assert.equal((await cli(['iam', 'create-group', '--group-name', 'g1'])).code, 0);
    assert.equal((await cli(['iam', 'add-user-to-group', '--group-name', 'g1', '--user-name', 'durable'])).code, 0);
    const before = (await cli(['iam', 'get-user', '--user-name', 'durable'])).json<{ User: { UserId: string } }>().User;

    const dataDir = fixture.dataDir;
    await fixture.box.close();
    const restarted = await startLambdabox({ dataDir, overrides: { sandbox: false } });
    try {
      const again = await awsCli(['iam', 'get-group', '--group-name', 'g1'], {
        endpoint: restarted.url,
        accessKeyId: restarted.credentials.accessKeyId,
        secretAccessKey: restarted.credentials.secretAccessKey,
      });
      assert.equal(again.code, 0, again.stderr);
      const out = again.json<{ Users: Array<{ UserName: string; UserId: string; Path: string }> }>();
      assert.deepEqual(out.Users.map((u) => [u.UserName, u.UserId, u.Path]), [['durable', before.UserId, '/keep/']]);
    } finally {
      await restarted.close();
    }
  });
});
