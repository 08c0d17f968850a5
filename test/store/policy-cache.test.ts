/**
 * Resource policies are cached in memory for authorization; every change must still be effective on the
 * very next request: AddPermission, RemovePermission, layer version permissions, and the policies that
 * disappear with their alias, version or function (deleted by store triggers), cross-account included.
 * Each step first makes the server cache the current answer, then changes it, then checks the next call.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddLayerVersionPermissionCommand,
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  RemoveLayerVersionPermissionCommand,
  RemovePermissionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { TEST_REGION, type LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { helloZip, TEST_ROLE, zipOf } from '../helpers/zips.js';
import { failure } from '../helpers/aws-errors.js';
import { requestAccount } from '../../src/cli/accounts-command.js';
import { startWithFunctions, userWithKey } from '../iam/authz/iam-principals.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FN = `arn:aws:lambda:${TEST_REGION}:000000000000:function:cached`;

async function allowed(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (err) {
    const e = err as { name: string };
    if (e.name === 'AccessDeniedException') return false;
    throw err;
  }
}

describe('resource policy cache: changes apply to the next request', () => {
  let fx: LambdaboxFixture;
  let admin: LambdaClient;
  let user: LambdaClient;
  let userArn: string;
  let other: LambdaClient;
  let otherAccount: string;

  before(async () => {
    ({ fx, admin } = await startWithFunctions('cached'));
    await admin.send(new PublishVersionCommand({ FunctionName: 'cached' }));
    // No identity policy: only a resource policy naming the user can let it in.
    const key = await userWithKey(fx, { name: 'nobody' });
    userArn = key.arn;
    user = fx.lambda({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
    const created = await requestAccount(fx.url, TEST_REGION, { accessKeyId: fx.credentials.accessKeyId, secretAccessKey: fx.credentials.secretAccessKey });
    otherAccount = created.AccountId;
    other = fx.lambda({ accessKeyId: created.AccessKeyId, secretAccessKey: created.SecretAccessKey });
  });
  after(() => fx.close());

  const getConfig = (client: LambdaClient, qualifier?: string): Promise<unknown> =>
    client.send(new GetFunctionConfigurationCommand({ FunctionName: FN, ...(qualifier === undefined ? {} : { Qualifier: qualifier }) }));

  test('AddPermission then RemovePermission, same account', async () => {
    for (let i = 0; i < 3; i++) assert.equal(await allowed(getConfig(user)), false, 'no policy yet (cached "none")');
    await admin.send(new AddPermissionCommand({ FunctionName: 'cached', StatementId: 'u', Action: 'lambda:GetFunctionConfiguration', Principal: userArn }));
    assert.equal(await allowed(getConfig(user)), true, 'the new statement applies at once');
    assert.equal(await allowed(getConfig(user)), true);
    await admin.send(new RemovePermissionCommand({ FunctionName: 'cached', StatementId: 'u' }));
    assert.equal(await allowed(getConfig(user)), false, 'the removed statement no longer applies');
  });

  test('cross-account: the other account gains and loses access on the next call', async () => {
    assert.equal(await allowed(getConfig(other)), false);
    await admin.send(new AddPermissionCommand({ FunctionName: 'cached', StatementId: 'x', Action: 'lambda:GetFunctionConfiguration', Principal: otherAccount }));
    assert.equal(await allowed(getConfig(other)), true);
    await admin.send(new RemovePermissionCommand({ FunctionName: 'cached', StatementId: 'x' }));
    assert.equal(await allowed(getConfig(other)), false);
  });

  test('a policy deleted with its alias does not survive into a new alias of the same name', async () => {
    await admin.send(new CreateAliasCommand({ FunctionName: 'cached', Name: 'live', FunctionVersion: '1' }));
    await admin.send(new AddPermissionCommand({ FunctionName: 'cached', Qualifier: 'live', StatementId: 'a', Action: 'lambda:GetFunctionConfiguration', Principal: userArn }));
    assert.equal(await allowed(getConfig(user, 'live')), true);
    await admin.send(new DeleteAliasCommand({ FunctionName: 'cached', Name: 'live' }));
    await admin.send(new CreateAliasCommand({ FunctionName: 'cached', Name: 'live', FunctionVersion: '1' }));
    assert.equal(await allowed(getConfig(user, 'live')), false);
  });

  test('a policy deleted with its function does not survive into a new function of the same name', async () => {
    await admin.send(new AddPermissionCommand({ FunctionName: 'cached', StatementId: 'f', Action: 'lambda:GetFunctionConfiguration', Principal: otherAccount }));
    await admin.send(new AddPermissionCommand({ FunctionName: 'cached', Qualifier: '1', StatementId: 'v', Action: 'lambda:GetFunctionConfiguration', Principal: otherAccount }));
    assert.equal(await allowed(getConfig(other)), true);
    assert.equal(await allowed(getConfig(other, '1')), true);
    await admin.send(new DeleteFunctionCommand({ FunctionName: 'cached' }));
    await admin.send(new CreateFunctionCommand({ FunctionName: 'cached', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip() } }));
    await fx.settled();
    await admin.send(new PublishVersionCommand({ FunctionName: 'cached' }));
    assert.equal(await allowed(getConfig(other)), false);
    assert.equal(await allowed(getConfig(other, '1')), false);
  });

  test('layer version permissions, cross-account, and deletion of the layer version', async () => {
    const published = await admin.send(new PublishLayerVersionCommand({ LayerName: 'lib', Content: { ZipFile: zipOf({ 'nodejs/x.js': 'x' }) } }));
    const arn = published.LayerVersionArn ?? '';
    const get = (): Promise<unknown> => other.send(new GetLayerVersionByArnCommand({ Arn: arn }));
    assert.equal(await allowed(get()), false);
    await admin.send(new AddLayerVersionPermissionCommand({ LayerName: 'lib', VersionNumber: 1, StatementId: 'o', Action: 'lambda:GetLayerVersion', Principal: otherAccount }));
    assert.equal(await allowed(get()), true);
    await admin.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'lib', VersionNumber: 1, StatementId: 'o' }));
    assert.equal(await allowed(get()), false);
    await admin.send(new AddLayerVersionPermissionCommand({ LayerName: 'lib', VersionNumber: 1, StatementId: 'o', Action: 'lambda:GetLayerVersion', Principal: otherAccount }));
    assert.equal(await allowed(get()), true);
    await admin.send(new DeleteLayerVersionCommand({ LayerName: 'lib', VersionNumber: 1 }));
    const gone = await failure(get());
    assert.notEqual(gone.status, 200);
  });
});

describe('SqliteStore.readResourcePolicies', () => {
  let dir: string;
  let store: SqliteStore;
  const key = { accountId: '000000000000', kind: 'function', name: 'f', qualifier: '' } as const;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lbx-policy-cache-'));
    store = new SqliteStore({ path: join(dir, 'db.sqlite') });
    await store.start();
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('serves writes, replacements and deletions made in any transaction', async () => {
    assert.deepEqual(await store.readResourcePolicies([key]), [undefined]);
    await store.transact((tx) => tx.putResourcePolicy({ ...key, policy: 'one', revisionId: '' }));
    assert.deepEqual(await store.readResourcePolicies([key]), ['one']);
    await store.transact((tx) => tx.putResourcePolicy({ ...key, policy: 'two', revisionId: '' }));
    assert.deepEqual(await store.readResourcePolicies([key, { ...key, qualifier: 'x' }]), ['two', undefined]);
    await store.transact((tx) => tx.deleteResourcePolicy(key.accountId, key.kind, key.name, key.qualifier));
    assert.deepEqual(await store.readResourcePolicies([key]), [undefined]);
  });

  test('a rolled-back write is never served', async () => {
    await assert.rejects(
      store.transact(async (tx) => {
        await tx.putResourcePolicy({ ...key, policy: 'uncommitted', revisionId: '' });
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.deepEqual(await store.readResourcePolicies([key]), [undefined]);
  });

  test('a read racing a write waits for it and caches nothing stale', async () => {
    assert.deepEqual(await store.readResourcePolicies([key]), [undefined], 'cached: no policy');
    let release: () => void = () => undefined;
    let wrote: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const writing = store.transact(async (tx) => {
      await tx.putResourcePolicy({ ...key, policy: 'racing', revisionId: '' });
      wrote();
      await gate;
    });
    // The write is made but not committed: the read must not answer from memory, it waits for the commit.
    await written;
    const reading = store.readResourcePolicies([key]);
    release();
    await writing;
    assert.deepEqual(await reading, ['racing']);
    assert.deepEqual(await store.readResourcePolicies([key]), ['racing']);
  });

  test('after close, nothing is served from memory', async () => {
    const scratch = new SqliteStore({ path: join(dir, 'closed.sqlite') });
    await scratch.start();
    await scratch.readResourcePolicies([key]);
    await scratch.close();
    await assert.rejects(scratch.readResourcePolicies([key]), /the store is closed/);
  });
});
