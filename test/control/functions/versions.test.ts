/** PublishVersion and ListVersionsByFunction through the SDK, with AWS's checks and messages. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { FN_ARN as ARN, startControl } from '../../helpers/control-fixture.js';
import { failure } from '../../helpers/aws-errors.js';

describe('versions', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  before(async () => {
    const control = await startControl({ overrides: { sandbox: false } });
    ({ fixture: fx, lambda } = control);
    await control.createFunction('pub', { Environment: { Variables: { STAGE: 'one' } } });
  });
  after(async () => {
    await fx.close();
  });

  test('PublishVersion checks CodeSha256 and RevisionId with AWS messages', async () => {
    const latest = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'pub' }));
    const sha = await failure(lambda.send(new PublishVersionCommand({ FunctionName: 'pub', CodeSha256: 'wrong' })));
    assert.equal(sha.status, 400);
    assert.equal(sha.name, 'InvalidParameterValueException');
    assert.equal(
      sha.message,
      `CodeSHA256 (wrong) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
    const rev = await failure(lambda.send(new PublishVersionCommand({ FunctionName: 'pub', RevisionId: '00000000-0000-0000-0000-000000000000' })));
    assert.equal(rev.status, 412);
    assert.equal(rev.name, 'PreconditionFailedException');
  });

  test('a published version is an immutable copy; nothing changed publishes nothing new', async () => {
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'pub', Description: 'first' }));
    assert.equal(v1.$metadata.httpStatusCode, 201);
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, `${ARN}:pub:1`);
    assert.equal(v1.Description, 'first');
    assert.deepEqual(v1.Environment?.Variables, { STAGE: 'one' });
    const same = await lambda.send(new PublishVersionCommand({ FunctionName: 'pub' }));
    assert.equal(same.Version, '1');
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'pub', Environment: { Variables: { STAGE: 'two' } } }));
    await fx.settled();
    const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: 'pub' }));
    assert.equal(v2.Version, '2');
    const old = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'pub', Qualifier: '1' }));
    assert.deepEqual(old.Environment?.Variables, { STAGE: 'one' }, 'version 1 kept its configuration');
    const onVersion = await failure(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: `pub:1`, Timeout: 9 })));
    assert.equal(onVersion.status, 400);
  });

  test('version numbers are never reused and a version an alias uses cannot be deleted', async () => {
    await lambda.send(new CreateAliasCommand({ FunctionName: 'pub', Name: 'live', FunctionVersion: '2' }));
    const inUse = await failure(lambda.send(new DeleteFunctionCommand({ FunctionName: 'pub', Qualifier: '2' })));
    assert.equal(inUse.status, 409);
    assert.equal(inUse.message, 'Unable to delete version because the following aliases reference it: [live]');
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'pub', Qualifier: '1' }));
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'pub', Timeout: 11 }));
    await fx.settled();
    const v3 = await lambda.send(new PublishVersionCommand({ FunctionName: 'pub' }));
    assert.equal(v3.Version, '3');
  });

  test('ListVersionsByFunction lists $LATEST then versions, with pagination', async () => {
    const page1 = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'pub', MaxItems: 2 }));
    assert.deepEqual(page1.Versions?.map((v) => v.Version), ['$LATEST', '2']);
    assert.ok(page1.NextMarker);
    const page2 = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'pub', MaxItems: 2, Marker: page1.NextMarker }));
    assert.deepEqual(page2.Versions?.map((v) => v.Version), ['3']);
    assert.equal(page2.NextMarker, undefined);
    const missing = await failure(lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'nope' })));
    assert.equal(missing.status, 404);
    assert.equal(missing.message, `Function not found: ${ARN}:nope`);
  });
});
