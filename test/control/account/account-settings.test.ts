import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteFunctionCommand,
  DeleteLayerVersionCommand,
  GetAccountSettingsCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { startControl, type ControlFixture } from '../../helpers/control-fixture.js';
import { zipOf } from '../../helpers/zips.js';

describe('GetAccountSettings through the SDK', () => {
  let fixture: LambdaboxFixture;
  let lambda: LambdaClient;
  let control: ControlFixture;

  async function usage(): Promise<{ TotalCodeSize: number; FunctionCount: number }> {
    const { AccountUsage } = await lambda.send(new GetAccountSettingsCommand({}));
    return { TotalCodeSize: AccountUsage?.TotalCodeSize ?? -1, FunctionCount: AccountUsage?.FunctionCount ?? -1 };
  }

  async function createFunction(name: string): Promise<number> {
    const created = await control.createFunction(name);
    assert.ok((created.CodeSize ?? 0) > 0);
    return created.CodeSize ?? 0;
  }

  before(async () => {
    control = await startControl();
    ({ fixture, lambda } = control);
  });

  after(async () => {
    await fixture.close();
  });

  test("a fresh account: AWS's limits, nothing used", async () => {
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    assert.equal(settings.$metadata.httpStatusCode, 200);
    assert.deepEqual(settings.AccountLimit, {
      TotalCodeSize: 80530636800,
      CodeSizeUnzipped: 262144000,
      CodeSizeZipped: 52428800,
      ConcurrentExecutions: 1000,
      UnreservedConcurrentExecutions: 1000,
    });
    assert.deepEqual(settings.AccountUsage, { TotalCodeSize: 0, FunctionCount: 0 });
  });

  test('usage counts functions and the code of every version and layer version', async () => {
    const start = await usage();
    const sizeA = await createFunction('usage-a');
    let now = await usage();
    assert.deepEqual(now, { TotalCodeSize: start.TotalCodeSize + sizeA, FunctionCount: start.FunctionCount + 1 });

    // A configuration change stores no code.
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'usage-a', Description: 'changed' }));
    await fixture.settled();
    assert.deepEqual(await usage(), now);

    // A published version keeps its own copy of the code in the count, even when the zip is the same.
    await lambda.send(new PublishVersionCommand({ FunctionName: 'usage-a' }));
    await fixture.settled();
    assert.deepEqual(await usage(), { TotalCodeSize: now.TotalCodeSize + sizeA, FunctionCount: now.FunctionCount });
    now = await usage();

    // New code on $LATEST replaces its size; publishing adds another version.
    const bigger = zipOf({ 'index.mjs': `${'// padding\n'.repeat(50)}export const handler = async () => 1;\n` });
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'usage-a', ZipFile: bigger, Publish: true }));
    await fixture.settled();
    const newSize = updated.CodeSize ?? 0;
    assert.notEqual(newSize, sizeA);
    assert.deepEqual(await usage(), { TotalCodeSize: now.TotalCodeSize - sizeA + 2 * newSize, FunctionCount: now.FunctionCount });
    now = await usage();

    const layer = await lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'usage-layer', Content: { ZipFile: zipOf({ 'nodejs/lib.js': 'module.exports = 1;\n' }) } }),
    );
    const layerSize = layer.Content?.CodeSize ?? 0;
    assert.ok(layerSize > 0);
    assert.deepEqual(await usage(), { TotalCodeSize: now.TotalCodeSize + layerSize, FunctionCount: now.FunctionCount });

    const sizeB = await createFunction('usage-b');
    assert.deepEqual(await usage(), { TotalCodeSize: now.TotalCodeSize + layerSize + sizeB, FunctionCount: now.FunctionCount + 1 });

    // Deleting gives it all back.
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'usage-layer', VersionNumber: layer.Version }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'usage-a' }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'usage-b' }));
    assert.deepEqual(await usage(), start);
  });

  test('UnreservedConcurrentExecutions is the limit minus every reservation', async () => {
    await createFunction('reserve-a');
    await createFunction('reserve-b');
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserve-a', ReservedConcurrentExecutions: 250 }));
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserve-b', ReservedConcurrentExecutions: 50 }));
    const { AccountLimit } = await lambda.send(new GetAccountSettingsCommand({}));
    assert.equal(AccountLimit?.ConcurrentExecutions, 1000);
    assert.equal(AccountLimit?.UnreservedConcurrentExecutions, 700);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'reserve-a' }));
    assert.equal((await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit?.UnreservedConcurrentExecutions, 950);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'reserve-b' }));
  });

  test('the Debian AWS CLI (trailing-slash path) gets the same figures', async () => {
    await createFunction('cli-visible');
    const result = await control.cli(['get-account-settings']);
    assert.equal(result.code, 0, result.stderr);
    const settings = result.json<{ AccountLimit: Record<string, number>; AccountUsage: Record<string, number> }>();
    assert.equal(settings.AccountLimit['ConcurrentExecutions'], 1000);
    assert.deepEqual(settings.AccountUsage, await usage());
    assert.equal(settings.AccountUsage['FunctionCount'], 1);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'cli-visible' }));
  });
});
