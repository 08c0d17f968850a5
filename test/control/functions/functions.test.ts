/**
 * Functions through the real SDK: CreateFunction, Get/GetConfiguration, List (pagination, ALL),
 * UpdateFunctionCode/Configuration (RevisionId, DryRun, Publish, 409 while in progress),
 * DeleteFunction, and the state model — with AWS's status codes and messages.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import type { CreateFunctionCommandInput, LambdaClient, ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { FN_ARN as ARN, functionInput, startControl } from '../../helpers/control-fixture.js';
import { helloZip, zipOf, TEST_ROLE } from '../../helpers/zips.js';
import { failure } from '../../helpers/aws-errors.js';

describe('functions', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  const create = (name: string, extra: Partial<CreateFunctionCommandInput> = {}) =>
    lambda.send(new CreateFunctionCommand(functionInput(name, extra)));

  before(async () => {
    ({ fixture: fx, lambda } = await startControl({ overrides: { sandbox: false } }));
  });
  after(async () => {
    await fx.close();
  });

  test('CreateFunction answers 201 Pending with AWS defaults, then the function becomes Active', async () => {
    const out = await create('defaults', { Environment: { Variables: { KEY_ONE: 'v1' } } });
    assert.equal(out.$metadata.httpStatusCode, 201);
    assert.equal(out.State, 'Pending');
    assert.equal(out.StateReason, 'The function is being created.');
    assert.equal(out.StateReasonCode, 'Creating');
    assert.equal(out.FunctionArn, `${ARN}:defaults`);
    assert.equal(out.Version, '$LATEST');
    assert.equal(out.Timeout, 3);
    assert.equal(out.MemorySize, 128);
    assert.deepEqual(out.EphemeralStorage, { Size: 512 });
    assert.deepEqual(out.Architectures, ['x86_64']);
    assert.deepEqual(out.TracingConfig, { Mode: 'PassThrough' });
    assert.deepEqual(out.LoggingConfig, { LogFormat: 'Text', LogGroup: '/aws/lambda/defaults' });
    assert.equal(out.PackageType, 'Zip');
    assert.equal(out.Description, '');
    assert.match(out.LastModified ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.match(out.RevisionId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(out.CodeSha256, (await import('node:crypto')).createHash('sha256').update(helloZip('defaults')).digest('base64'));
    assert.equal(out.CodeSize, helloZip('defaults').length);
    assert.deepEqual(out.Environment, { Variables: { KEY_ONE: 'v1' } });
    await fx.settled();
    const got = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'defaults' }));
    assert.equal(got.State, 'Active');
    assert.equal(got.LastUpdateStatus, 'Successful');
    assert.equal(got.StateReason, undefined);
  });

  test('a second CreateFunction of the same name is a 409', async () => {
    await create('dup');
    const f = await failure(create('dup'));
    assert.equal(f.status, 409);
    assert.equal(f.name, 'ResourceConflictException');
    assert.equal(f.message, 'Function already exist: dup');
  });

  test('bad packages are refused with AWS errors and leave nothing behind', async () => {
    const notZip = await failure(lambda.send(new CreateFunctionCommand({
      FunctionName: 'bad-zip', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: Buffer.from('not a zip at all') },
    })));
    assert.equal(notZip.status, 400);
    assert.equal(notZip.name, 'InvalidParameterValueException');
    assert.equal(notZip.message, 'Could not unzip uploaded file. Please check your file, then try to upload again.');
    const slip = await failure(lambda.send(new CreateFunctionCommand({
      FunctionName: 'slip', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: zipOf({ '../evil.js': 'x' }) },
    })));
    assert.equal(slip.name, 'InvalidParameterValueException');
    assert.match(slip.message, /outside the deployment package/);
    const big = await failure(lambda.send(new CreateFunctionCommand({
      FunctionName: 'big', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE,
      Code: { ZipFile: Buffer.alloc(52_428_801, 7) },
    })));
    assert.equal(big.status, 413);
    assert.equal(big.name, 'RequestEntityTooLargeException');
    for (const name of ['bad-zip', 'slip', 'big']) {
      const f = await failure(lambda.send(new GetFunctionCommand({ FunctionName: name })));
      assert.equal(f.name, 'ResourceNotFoundException');
    }
  });

  test('GetFunction returns Configuration, a presigned Code.Location, Tags and Concurrency', async () => {
    await create('getme', { Tags: { team: 'core' } });
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: `${ARN}:getme` }));
    assert.equal(out.Configuration?.FunctionName, 'getme');
    assert.equal(out.Code?.RepositoryType, 'S3');
    assert.match(out.Code?.Location ?? '', /X-Amz-Signature=[0-9a-f]{64}/);
    assert.deepEqual(out.Tags, { team: 'core' });
    const zip = Buffer.from(await (await fetch(out.Code?.Location ?? '')).arrayBuffer());
    assert.deepEqual(zip, helloZip('getme'));
    const forged = (out.Code?.Location ?? '').replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    assert.equal((await fetch(forged)).status, 403);
  });

  test('names and ARNs resolve as AWS does', async () => {
    const other = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:getme' })));
    assert.equal(other.status, 404);
    assert.equal(other.message, "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')");
    const mismatch = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'getme:1', Qualifier: '2' })));
    assert.equal(mismatch.message, 'The derived qualifier from the function name does not match the specified qualifier.');
    const missingVersion = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'getme', Qualifier: '7' })));
    assert.equal(missingVersion.message, `Function not found: ${ARN}:getme:7`);
    const foreign = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:us-east-1:111111111111:function:getme' })));
    assert.equal(foreign.status, 403);
    assert.equal(foreign.name, 'AccessDeniedException');
  });

  test('ListFunctions pages with Marker/MaxItems and lists versions with FunctionVersion=ALL', async () => {
    const page1 = await lambda.send(new ListFunctionsCommand({ MaxItems: 2 }));
    assert.equal(page1.Functions?.length, 2);
    assert.ok(page1.NextMarker);
    const seen = [...(page1.Functions ?? [])];
    let marker: string | undefined = page1.NextMarker;
    while (marker !== undefined) {
      const next: ListFunctionsCommandOutput = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      seen.push(...(next.Functions ?? []));
      marker = next.NextMarker;
    }
    const names = seen.map((f) => f.FunctionName);
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes('getme') && names.includes('dup'));
    await create('versioned', { Publish: true });
    const all = await lambda.send(new ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: 1000 }));
    const versions = (all.Functions ?? []).filter((f) => f.FunctionName === 'versioned').map((f) => f.Version);
    assert.deepEqual(versions, ['$LATEST', '1']);
    const bad = await failure(lambda.send(new ListFunctionsCommand({ Marker: 'not-our-marker' })));
    assert.equal(bad.status, 400);
  });

  test('UpdateFunctionConfiguration merges, replaces Environment, and checks RevisionId (412)', async () => {
    const created = await create('cfg', { Environment: { Variables: { KEEP_ME: 'no', OTHER: 'x' } } });
    await fx.settled();
    const stale = await failure(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'cfg', Timeout: 5, RevisionId: '00000000-0000-0000-0000-000000000000' })));
    assert.equal(stale.status, 412);
    assert.equal(stale.name, 'PreconditionFailedException');
    const out = await lambda.send(new UpdateFunctionConfigurationCommand({
      FunctionName: 'cfg', Timeout: 30, Environment: { Variables: { NEW_ONE: 'y' } }, RevisionId: created.RevisionId,
    }));
    assert.equal(out.Timeout, 30);
    assert.equal(out.MemorySize, 128);
    assert.deepEqual(out.Environment?.Variables, { NEW_ONE: 'y' });
    assert.equal(out.LastUpdateStatus, 'InProgress');
    assert.notEqual(out.RevisionId, created.RevisionId);
    await fx.settled();
    const after = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'cfg' }));
    assert.equal(after.LastUpdateStatus, 'Successful');
  });

  test('an update while another is in progress is a 409', async () => {
    await create('busy');
    await fx.settled();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    // Holds settling at the deployer's own preparation step, so the first update stays InProgress.
    fx.box.control.deployer.addPreparation(async (v) => {
      if (v.functionName === 'busy') await gate;
    });
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'busy', ZipFile: helloZip('busy-2') }));
    const f = await failure(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'busy', Timeout: 9 })));
    assert.equal(f.status, 409);
    assert.equal(f.name, 'ResourceConflictException');
    assert.equal(f.message, `The operation cannot be performed at this time. An update is in progress for resource: ${ARN}:busy`);
    open();
    await fx.settled();
    const ok = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'busy', Timeout: 9 }));
    assert.equal(ok.Timeout, 9);
  });

  test('UpdateFunctionCode with DryRun changes nothing; with Publish it publishes', async () => {
    const created = await create('code');
    await fx.settled();
    const dry = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'code', ZipFile: helloZip('code-v2'), DryRun: true }));
    assert.notEqual(dry.CodeSha256, created.CodeSha256);
    const still = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'code' }));
    assert.equal(still.CodeSha256, created.CodeSha256);
    assert.equal(still.RevisionId, created.RevisionId);
    const published = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'code', ZipFile: helloZip('code-v2'), Publish: true }));
    assert.equal(published.Version, '1');
    assert.equal(published.FunctionArn, `${ARN}:code:1`);
    assert.equal(published.CodeSha256, dry.CodeSha256);
  });

  test('DeleteFunction removes versions; $LATEST cannot be deleted alone; a deleted function is gone', async () => {
    await create('gone', { Publish: true });
    await fx.settled();
    const latest = await failure(lambda.send(new DeleteFunctionCommand({ FunctionName: 'gone', Qualifier: '$LATEST' })));
    assert.equal(latest.status, 400);
    assert.equal(latest.message, '$LATEST version cannot be deleted without deleting the function.');
    const v = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'gone', Qualifier: '1' }));
    assert.equal(v.$metadata.httpStatusCode, 204);
    const v1 = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'gone', Qualifier: '1' })));
    assert.equal(v1.message, `Function not found: ${ARN}:gone:1`);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'gone' }));
    const f = await failure(lambda.send(new GetFunctionCommand({ FunctionName: 'gone' })));
    assert.equal(f.status, 404);
    assert.equal(f.message, `Function not found: ${ARN}:gone`);
    const again = await failure(lambda.send(new DeleteFunctionCommand({ FunctionName: 'gone' })));
    assert.equal(again.status, 404);
  });

  test('both path forms and percent-encoded names work over raw signed HTTP', async () => {
    // The SDK encodes `:` and `$` in labels; the CLI adds trailing slashes: both are exercised elsewhere.
    const out = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${ARN}:getme:$LATEST` }));
    assert.equal(out.FunctionName, 'getme');
  });
});
