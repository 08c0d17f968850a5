/**
 * Acceptance 3: `lambdabox accounts create` makes a second account; it sees nothing of account 1 and
 * cannot invoke its function until account 1 adds a permission, and then only with its own side allowing
 * it too (its root always does; an IAM user needs an identity policy).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import {
  AddLayerVersionPermissionCommand,
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  GetLayerVersionByArnCommand,
  ListFunctionsCommand,
  PublishLayerVersionCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { repoRoot } from '../../helpers/repo-root.js';
import { TEST_ROLE, zipOf } from '../../helpers/zips.js';
import { deploy, invoke } from '../../invoke/invoke-harness.js';
import { requestAccount } from '../../../src/cli/accounts-command.js';
import { allow, decisionRecords, denied, userWithKey } from './iam-principals.js';
import { ensureLambdaRole } from '../../helpers/lambda-roles.js';

const run = promisify(execFile);
const FN = `arn:aws:lambda:${TEST_REGION}:000000000000:function:shared`;
const HANDLER = "export const handler = async (event) => ({ from: 'account 1', event });\n";

describe('accounts and cross-account access', () => {
  let fx: LambdaboxFixture;
  let admin: LambdaClient;
  let account2: string;
  let root2: LambdaClient;
  let root2Arn: string;

  before(async () => {
    fx = await startLambdabox();
    admin = fx.lambda();
    await deploy(fx, admin, 'shared', { 'index.mjs': HANDLER });
    // The CLI as an operator runs it: it reads <data-dir>/admin-credentials and prints the configure lines.
    const { stdout } = await run(process.execPath, [
      '--import', 'tsx', join(repoRoot(), 'src/cli/main.ts'), 'accounts', 'create', '--endpoint-url', fx.url, '--data-dir', fx.dataDir, '--region', TEST_REGION,
    ], { cwd: repoRoot(), env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: fx.dataDir } });
    const id = /Created account (\d{12}) /.exec(stdout)?.[1];
    const keyId = /aws_access_key_id (AKIA[A-Z2-7]{16}) /.exec(stdout)?.[1];
    const secret = /aws_secret_access_key (\S+) /.exec(stdout)?.[1];
    assert.ok(id !== undefined && keyId !== undefined && secret !== undefined, stdout);
    assert.notEqual(id, '000000000000');
    assert.match(stdout, new RegExp(`aws --profile lambdabox-${id} --endpoint-url ${fx.url} lambda list-functions`));
    account2 = id;
    root2Arn = `arn:aws:iam::${id}:root`;
    root2 = fx.lambda({ accessKeyId: keyId, secretAccessKey: secret });
  });
  after(() => fx.close());

  test('only the platform administrator creates accounts', async () => {
    const user = await userWithKey(fx, { name: 'ops', inline: [allow('*')] });
    for (const who of [user, { accessKeyId: fx.credentials.accessKeyId, secretAccessKey: fx.credentials.secretAccessKey }]) {
      if (who === user) {
        await assert.rejects(requestAccount(fx.url, TEST_REGION, who), /AccessDeniedException: User: arn:aws:iam::000000000000:user\/ops is not authorized to perform: lambdabox:CreateAccount .* with an explicit deny in a resource-based policy/);
      } else {
        assert.match((await requestAccount(fx.url, TEST_REGION, who)).AccountId, /^\d{12}$/);
      }
    }
    const own = (await root2.send(new ListFunctionsCommand({}))).Functions;
    assert.deepEqual(own, []);
  });

  test("account 2 sees nothing of account 1 and cannot invoke its function until account 1 allows it", async () => {
    assert.deepEqual((await root2.send(new ListFunctionsCommand({}))).Functions, []);
    assert.deepEqual(await failure(root2.send(new GetFunctionCommand({ FunctionName: FN }))), {
      name: 'AccessDeniedException',
      message: denied(root2Arn, 'lambda:GetFunction', FN, 'because no resource-based policy allows'),
      status: 403,
    });
    // A missing function in account 1 answers the same: nothing leaks.
    assert.equal((await failure(root2.send(new GetFunctionCommand({ FunctionName: `${FN}-missing` })))).status, 403);
    assert.equal((await failure(invoke(root2, FN))).name, 'AccessDeniedException');

    await admin.send(new AddPermissionCommand({ FunctionName: 'shared', StatementId: 'account2', Action: 'lambda:InvokeFunction', Principal: account2 }));

    const result = await invoke(root2, FN, { payload: '{"hi":1}' });
    assert.equal(result.status, 200);
    assert.deepEqual(result.json(), { from: 'account 1', event: { hi: 1 } });
    // The permission grants InvokeFunction only.
    assert.equal((await failure(root2.send(new GetFunctionCommand({ FunctionName: FN })))).name, 'AccessDeniedException');
    assert.deepEqual((await root2.send(new ListFunctionsCommand({}))).Functions, []);
  });

  test("an IAM user of account 2 also needs its own identity policy", async () => {
    const bare = await userWithKey(fx, { accountId: account2, name: 'app' });
    assert.deepEqual(await failure(invoke(fx.lambda(bare), FN)), {
      name: 'AccessDeniedException',
      message: denied(bare.arn, 'lambda:InvokeFunction', FN),
      status: 403,
    });
    const allowed = await userWithKey(fx, { accountId: account2, name: 'app2', inline: [allow('lambda:InvokeFunction', FN)] });
    assert.equal((await invoke(fx.lambda(allowed), FN)).status, 200);
    const records = await decisionRecords(fx);
    const cross = records.find((r) => r.principal === allowed.arn && r.decision === 'Allowed');
    assert.equal(cross?.resourceAccount, '000000000000');
    assert.equal(cross?.principalAccount, account2);
  });

  test("another account's layer version is usable only once its layer policy allows the account", async () => {
    const published = await admin.send(new PublishLayerVersionCommand({ LayerName: 'tools', Content: { ZipFile: zipOf({ 'nodejs/node_modules/t/index.js': 'module.exports = 1;' }) } }));
    const layerArn = published.LayerVersionArn ?? '';
    await ensureLambdaRole(fx.box, TEST_ROLE.replace('000000000000', account2));
    const create = () =>
      root2.send(new CreateFunctionCommand({ FunctionName: 'uses-layer', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE.replace('000000000000', account2), Code: { ZipFile: zipOf({ 'index.mjs': HANDLER }) }, Layers: [layerArn] }));
    assert.deepEqual(await failure(root2.send(new GetLayerVersionByArnCommand({ Arn: layerArn }))), {
      name: 'AccessDeniedException',
      message: denied(root2Arn, 'lambda:GetLayerVersion', layerArn, 'because no resource-based policy allows'),
      status: 403,
    });
    assert.equal((await failure(create())).name, 'AccessDeniedException');
    await admin.send(new AddLayerVersionPermissionCommand({ LayerName: 'tools', VersionNumber: published.Version, StatementId: 'a2', Action: 'lambda:GetLayerVersion', Principal: account2 }));
    assert.equal((await root2.send(new GetLayerVersionByArnCommand({ Arn: layerArn }))).LayerVersionArn, layerArn);
    const created = await create();
    assert.deepEqual(created.Layers?.map((l) => l.Arn), [layerArn]);
  });
});
