/** AddPermission / GetPolicy / RemovePermission and the layer-version equivalents, as AWS shapes them. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddLayerVersionPermissionCommand,
  AddPermissionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionPolicyCommand,
  GetPolicyCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  RemoveLayerVersionPermissionCommand,
  RemovePermissionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { zipOf } from '../../helpers/zips.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { startWithFunctions } from '../../iam/authz/iam-principals.js';

const ARN = `arn:aws:lambda:${TEST_REGION}:000000000000:function:pol`;
const LAYER = `arn:aws:lambda:${TEST_REGION}:000000000000:layer:shared`;

describe('resource-based policies', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;

  before(async () => {
    ({ fx, admin: lambda } = await startWithFunctions('pol'));
    await lambda.send(new PublishVersionCommand({ FunctionName: 'pol' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'pol', Name: 'live', FunctionVersion: '1' }));
  });
  after(() => fx.close());

  test('GetPolicy without a policy is 404', async () => {
    assert.deepEqual(await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'pol' }))), {
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
      status: 404,
    });
  });

  test('AddPermission returns each statement exactly as Lambda writes it', async () => {
    const before = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'pol' }));
    const s3 = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'pol', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::my-bucket', SourceAccount: '123456789012',
      }),
    );
    assert.deepEqual(JSON.parse(s3.Statement ?? ''), {
      Sid: 's3', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: ARN,
      Condition: { StringEquals: { 'AWS:SourceAccount': '123456789012' }, ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::my-bucket' } },
    });
    const account = await lambda.send(new AddPermissionCommand({ FunctionName: ARN, StatementId: 'acct', Action: 'lambda:GetFunction', Principal: '111122223333' }));
    assert.deepEqual(JSON.parse(account.Statement ?? '').Principal, { AWS: 'arn:aws:iam::111122223333:root' });
    const role = 'arn:aws:iam::111122223333:role/caller';
    const byArn = await lambda.send(new AddPermissionCommand({ FunctionName: 'pol', StatementId: 'role', Action: 'lambda:*', Principal: role }));
    assert.deepEqual(JSON.parse(byArn.Statement ?? '').Principal, { AWS: role });
    const url = await lambda.send(
      new AddPermissionCommand({ FunctionName: 'pol', StatementId: 'url', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }),
    );
    assert.deepEqual(JSON.parse(url.Statement ?? ''), {
      Sid: 'url', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: ARN,
      Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
    });
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'pol' }));
    const doc = JSON.parse(policy.Policy ?? '') as { Version: string; Id: string; Statement: Array<{ Sid: string }> };
    assert.equal(doc.Version, '2012-10-17');
    assert.equal(doc.Id, 'default');
    assert.deepEqual(doc.Statement.map((s) => s.Sid), ['s3', 'acct', 'role', 'url']);
    // The policy's RevisionId is the function's, and each change renews it.
    const afterAdd = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'pol' }));
    assert.notEqual(afterAdd.RevisionId, before.RevisionId);
    assert.equal(policy.RevisionId, afterAdd.RevisionId);
  });

  test('AddPermission errors: duplicate statement id, $LATEST, stale RevisionId, model violations', async () => {
    const add = (extra: Record<string, string>) =>
      lambda.send(new AddPermissionCommand({ FunctionName: 'pol', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: '*', ...extra }));
    assert.deepEqual(await failure(add({})), {
      name: 'ResourceConflictException',
      message: 'The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.',
      status: 409,
    });
    assert.deepEqual(await failure(add({ StatementId: 'x', Qualifier: '$LATEST' })), {
      name: 'InvalidParameterValueException',
      message: 'We currently do not support adding policies for $LATEST.',
      status: 400,
    });
    assert.deepEqual(await failure(add({ StatementId: 'x', RevisionId: 'stale' })), {
      name: 'PreconditionFailedException',
      message: 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      status: 412,
    });
    const bad = await failure(add({ StatementId: 'no spaces' }));
    assert.equal(bad.status, 400);
    assert.equal(bad.message, "1 validation error detected: Value 'no spaces' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)");
    assert.equal((await failure(add({ StatementId: 'x', Action: 'invoke' }))).status, 400);
    assert.equal((await failure(lambda.send(new AddPermissionCommand({ FunctionName: 'nope', StatementId: 'x', Action: 'lambda:*', Principal: '*' })))).message,
      `Function not found: arn:aws:lambda:${TEST_REGION}:000000000000:function:nope`);
  });

  test('versions and aliases have their own policies; RemovePermission drops statements', async () => {
    await lambda.send(new AddPermissionCommand({ FunctionName: 'pol', Qualifier: 'live', StatementId: 'live', Action: 'lambda:InvokeFunction', Principal: '111122223333' }));
    const alias = await lambda.send(new GetPolicyCommand({ FunctionName: 'pol:live' }));
    const statements = (JSON.parse(alias.Policy ?? '') as { Statement: Array<{ Sid: string; Resource: string }> }).Statement;
    assert.deepEqual(statements.map((s) => [s.Sid, s.Resource]), [['live', `${ARN}:live`]]);
    assert.equal((await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'pol', Qualifier: '1' })))).status, 404);

    assert.deepEqual(await failure(lambda.send(new RemovePermissionCommand({ FunctionName: 'pol', StatementId: 'ghost' }))), {
      name: 'ResourceNotFoundException', message: 'Statement ghost is not found in resource policy.', status: 404,
    });
    assert.deepEqual(await failure(lambda.send(new RemovePermissionCommand({ FunctionName: 'pol', Qualifier: '1', StatementId: 'x' }))), {
      name: 'ResourceNotFoundException', message: 'No policy is associated with the given resource.', status: 404,
    });
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'pol', Qualifier: 'live', StatementId: 'live' }));
    assert.equal((await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'pol', Qualifier: 'live' })))).status, 404);

    // A deleted alias takes its policy along: a new alias of the same name starts without one.
    await lambda.send(new AddPermissionCommand({ FunctionName: 'pol', Qualifier: 'live', StatementId: 'again', Action: 'lambda:InvokeFunction', Principal: '*' }));
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'pol', Name: 'live' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'pol', Name: 'live', FunctionVersion: '1' }));
    assert.equal((await failure(lambda.send(new GetPolicyCommand({ FunctionName: 'pol', Qualifier: 'live' })))).status, 404);
  });

  test('the AWS CLI reads and edits function policies', async () => {
    const options = { endpoint: fx.url, accessKeyId: fx.credentials.accessKeyId, secretAccessKey: fx.credentials.secretAccessKey };
    const add = await awsCli(['lambda', 'add-permission', '--function-name', 'pol', '--statement-id', 'cli', '--action', 'lambda:InvokeFunction', '--principal', 'sns.amazonaws.com'], options);
    assert.equal(add.code, 0, add.stderr);
    assert.deepEqual(JSON.parse(add.json<{ Statement: string }>().Statement).Principal, { Service: 'sns.amazonaws.com' });
    const get = await awsCli(['lambda', 'get-policy', '--function-name', 'pol'], options);
    assert.ok(JSON.parse(get.json<{ Policy: string }>().Policy).Statement.some((s: { Sid: string }) => s.Sid === 'cli'));
    const remove = await awsCli(['lambda', 'remove-permission', '--function-name', 'pol', '--statement-id', 'cli'], options);
    assert.equal(remove.code, 0, remove.stderr);
  });

  test('layer version permissions', async () => {
    await lambda.send(new PublishLayerVersionCommand({ LayerName: 'shared', Content: { ZipFile: zipOf({ 'nodejs/x.js': 'x' }) } }));
    assert.deepEqual(await failure(lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 }))), {
      name: 'ResourceNotFoundException', message: 'No policy is associated with the given resource.', status: 404,
    });
    const added = await lambda.send(
      new AddLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 'acct', Action: 'lambda:GetLayerVersion', Principal: '111122223333' }),
    );
    assert.deepEqual(JSON.parse(added.Statement ?? ''), {
      Sid: 'acct', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'lambda:GetLayerVersion', Resource: `${LAYER}:1`,
    });
    const org = await lambda.send(
      new AddLayerVersionPermissionCommand({
        LayerName: 'shared', VersionNumber: 1, StatementId: 'org', Action: 'lambda:GetLayerVersion', Principal: '*', OrganizationId: 'o-abcdefghij', RevisionId: added.RevisionId,
      }),
    );
    assert.deepEqual(JSON.parse(org.Statement ?? '').Condition, { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } });
    const policy = await lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 }));
    assert.equal(policy.RevisionId, org.RevisionId);
    assert.deepEqual((JSON.parse(policy.Policy ?? '') as { Statement: Array<{ Sid: string }> }).Statement.map((s) => s.Sid), ['acct', 'org']);
    assert.equal(
      (await failure(lambda.send(new AddLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 'acct', Action: 'lambda:GetLayerVersion', Principal: '*' })))).status,
      409,
    );
    assert.equal(
      (await failure(lambda.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 'org', RevisionId: 'stale' })))).name,
      'PreconditionFailedException',
    );
    assert.deepEqual(await failure(lambda.send(new AddLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 9, StatementId: 'a', Action: 'lambda:GetLayerVersion', Principal: '*' }))), {
      name: 'ResourceNotFoundException', message: `Layer version ${LAYER}:9 does not exist.`, status: 404,
    });
    await lambda.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 'org' }));
    await lambda.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 'acct' }));
    assert.equal((await failure(lambda.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 })))).status, 404);
  });
});
