/**
 * Issue 10.2: a resource policy on one alias grants only what AWS grants with it. Account 1 grants account 2
 * `lambda:*` on `function:f:prod` (AddPermission with Qualifier=prod). Account 2 then calls every Lambda
 * operation that names a function, once with the alias ARN and once with the unqualified ARN: only the
 * operations AWS authorizes on a version or alias (and serves across accounts) may pass with the alias ARN,
 * and nothing passes with the function's own ARN. The owner's function, versions, aliases, tags and settings
 * stay as they were, and the audit trail shows the resource each decision was made on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetFunctionEventInvokeConfigCommand,
  GetPolicyCommand,
  InvokeAsyncCommand,
  InvokeCommand,
  ListAliasesCommand,
  ListFunctionEventInvokeConfigsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  UpdateFunctionEventInvokeConfigCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { TEST_ROLE, zipOf } from '../../helpers/zips.js';
import { deploy } from '../../invoke/invoke-harness.js';
import { requestAccount } from '../../../src/cli/accounts-command.js';
import { LAMBDA_ROUTES } from '../../../src/api/lambda/routes.js';
import { allow, decisionRecords, userWithKey } from '../../iam/authz/iam-principals.js';

const FN = `arn:aws:lambda:${TEST_REGION}:000000000000:function:f`;
const PROD = `${FN}:prod`;
const HANDLER = "export const handler = async () => ({ from: 'f' });\n";

/** Operations that name no function (account-wide and layer operations): not part of this table. */
const NO_FUNCTION = new Set([
  'ListFunctions', 'GetAccountSettings', 'PublishLayerVersion', 'ListLayerVersions', 'GetLayerVersion', 'DeleteLayerVersion',
  'GetLayerVersionByArn', 'ListLayers', 'AddLayerVersionPermission', 'GetLayerVersionPolicy', 'RemoveLayerVersionPermission',
]);

type Call = (lambda: LambdaClient, arn: string) => Promise<unknown>;

/**
 * Every operation naming a function, as account 2 sends it for `arn`. `alias: true`: AWS authorizes it on the
 * version or alias named and serves it across accounts, so the grant on `prod` covers it with the alias ARN.
 * `onAlias`: authorized on the alias too, but never granted across accounts. The alias operations target
 * the *other* alias, as in the review's report.
 */
const OPERATIONS: Record<string, { alias: boolean; onAlias?: true; call: Call }> = {
  CreateFunction: {
    alias: false,
    call: (l, arn) => l.send(new CreateFunctionCommand({ FunctionName: arn, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: zipOf({ 'index.mjs': HANDLER }) } })),
  },
  GetFunction: { alias: true, call: (l, arn) => l.send(new GetFunctionCommand({ FunctionName: arn })) },
  GetFunctionConfiguration: { alias: true, call: (l, arn) => l.send(new GetFunctionConfigurationCommand({ FunctionName: arn })) },
  UpdateFunctionConfiguration: { alias: false, call: (l, arn) => l.send(new UpdateFunctionConfigurationCommand({ FunctionName: arn, Description: 'taken' })) },
  UpdateFunctionCode: {
    alias: false,
    call: (l, arn) => l.send(new UpdateFunctionCodeCommand({ FunctionName: arn, ZipFile: zipOf({ 'index.mjs': "export const handler = async () => 'taken';\n" }) })),
  },
  // With the alias ARN this passes authorization and is then refused: DeleteFunction does not delete aliases.
  DeleteFunction: { alias: true, call: (l, arn) => l.send(new DeleteFunctionCommand({ FunctionName: arn })) },
  PublishVersion: { alias: false, call: (l, arn) => l.send(new PublishVersionCommand({ FunctionName: arn })) },
  ListVersionsByFunction: { alias: false, call: (l, arn) => l.send(new ListVersionsByFunctionCommand({ FunctionName: arn })) },
  CreateAlias: { alias: false, call: (l, arn) => l.send(new CreateAliasCommand({ FunctionName: arn, Name: 'mine', FunctionVersion: '1' })) },
  ListAliases: { alias: false, call: (l, arn) => l.send(new ListAliasesCommand({ FunctionName: arn })) },
  GetAlias: { alias: false, call: (l, arn) => l.send(new GetAliasCommand({ FunctionName: arn, Name: 'other' })) },
  UpdateAlias: { alias: false, call: (l, arn) => l.send(new UpdateAliasCommand({ FunctionName: arn, Name: 'other', Description: 'taken' })) },
  DeleteAlias: { alias: false, call: (l, arn) => l.send(new DeleteAliasCommand({ FunctionName: arn, Name: 'other' })) },
  TagResource: { alias: false, call: (l, arn) => l.send(new TagResourceCommand({ Resource: arn, Tags: { owner: 'account-2' } })) },
  UntagResource: { alias: false, call: (l, arn) => l.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['team'] })) },
  ListTags: { alias: false, call: (l, arn) => l.send(new ListTagsCommand({ Resource: arn })) },
  PutFunctionConcurrency: { alias: false, call: (l, arn) => l.send(new PutFunctionConcurrencyCommand({ FunctionName: arn, ReservedConcurrentExecutions: 0 })) },
  GetFunctionConcurrency: { alias: false, call: (l, arn) => l.send(new GetFunctionConcurrencyCommand({ FunctionName: arn })) },
  DeleteFunctionConcurrency: { alias: false, call: (l, arn) => l.send(new DeleteFunctionConcurrencyCommand({ FunctionName: arn })) },
  PutFunctionEventInvokeConfig: { alias: true, call: (l, arn) => l.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: arn, MaximumRetryAttempts: 1 })) },
  UpdateFunctionEventInvokeConfig: { alias: true, call: (l, arn) => l.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: arn, MaximumRetryAttempts: 2 })) },
  GetFunctionEventInvokeConfig: { alias: true, call: (l, arn) => l.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: arn })) },
  DeleteFunctionEventInvokeConfig: { alias: true, call: (l, arn) => l.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: arn })) },
  ListFunctionEventInvokeConfigs: { alias: false, call: (l, arn) => l.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: arn })) },
  Invoke: { alias: true, call: (l, arn) => l.send(new InvokeCommand({ FunctionName: arn, InvocationType: 'DryRun' })) },
  InvokeAsync: { alias: true, call: (l, arn) => l.send(new InvokeAsyncCommand({ FunctionName: arn, InvokeArgs: Buffer.from('{}') })) },
  GetPolicy: { alias: true, call: (l, arn) => l.send(new GetPolicyCommand({ FunctionName: arn })) },
  // Authorized on the alias, but AWS does not serve these across accounts through resource policies.
  AddPermission: {
    alias: false,
    onAlias: true,
    call: (l, arn) => l.send(new AddPermissionCommand({ FunctionName: arn, StatementId: 'public', Action: 'lambda:InvokeFunction', Principal: '*' })),
  },
  RemovePermission: { alias: false, onAlias: true, call: (l, arn) => l.send(new RemovePermissionCommand({ FunctionName: arn, StatementId: 'account2' })) },
};

/** The decision-record resource each operation is judged on, for the alias ARN. */
function aliasResource(name: string): string {
  const op = OPERATIONS[name];
  return op?.alias === true || op?.onAlias === true ? PROD : FN;
}

/** 'ok', 'denied <error>' (403) or 'passed authorization (<error>)' (refused later, by the operation). */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    const e = err as { name: string; $metadata?: { httpStatusCode?: number } };
    return e.$metadata?.httpStatusCode === 403 ? `denied ${e.name}` : `passed authorization (${e.name})`;
  }
}

describe('a grant on one alias', () => {
  let fx: LambdaboxFixture;
  let owner: LambdaClient;
  let grantee: LambdaClient;
  let granteeArn: string;

  before(async () => {
    fx = await startLambdabox();
    owner = fx.lambda();
    await deploy(fx, owner, 'f', { 'index.mjs': HANDLER });
    await owner.send(new PublishVersionCommand({ FunctionName: 'f' }));
    await owner.send(new CreateAliasCommand({ FunctionName: 'f', Name: 'prod', FunctionVersion: '1' }));
    await owner.send(new CreateAliasCommand({ FunctionName: 'f', Name: 'other', FunctionVersion: '1', Description: 'the owner\'s' }));
    await owner.send(new TagResourceCommand({ Resource: FN, Tags: { team: 'owner' } }));
    const account = await requestAccount(fx.url, TEST_REGION, fx.credentials);
    grantee = fx.lambda({ accessKeyId: account.AccessKeyId, secretAccessKey: account.SecretAccessKey });
    granteeArn = account.Arn;
    await owner.send(new AddPermissionCommand({ FunctionName: 'f', Qualifier: 'prod', StatementId: 'account2', Action: 'lambda:*', Principal: account.AccountId }));
  });
  after(() => fx.close());

  test('covers exactly the operations AWS authorizes on the alias, called with the alias ARN', async () => {
    const named = LAMBDA_ROUTES.map((r) => r.name).filter((n) => !NO_FUNCTION.has(n));
    assert.deepEqual([...named].sort(), Object.keys(OPERATIONS).sort(), 'every Lambda operation naming a function is in the table');
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const name of named) {
      const op = OPERATIONS[name];
      assert.ok(op !== undefined);
      got[name] = await outcome(op.call(grantee, PROD));
      want[name] = !op.alias ? 'denied AccessDeniedException' : got[name].startsWith('denied') ? 'authorized' : got[name];
    }
    assert.deepEqual(got, want);
    // The allowed ones really ran: the alias answers, and DeleteFunction refused only because it names an alias.
    assert.equal(got['GetFunction'], 'ok');
    assert.equal(got['Invoke'], 'ok');
    assert.equal(got['GetPolicy'], 'ok');
    assert.equal(got['DeleteFunction'], 'passed authorization (InvalidParameterValueException)');
  });

  test('covers nothing called with the function\'s own ARN', async () => {
    for (const [name, op] of Object.entries(OPERATIONS)) {
      assert.equal(await outcome(op.call(grantee, FN)), 'denied AccessDeniedException', name);
    }
  });

  test('an identity policy on the alias is read the same way for a user of the owning account', async () => {
    const user = fx.lambda(await userWithKey(fx, { name: 'alias-only', inline: [allow('lambda:*', PROD)] }));
    assert.equal((await user.send(new GetFunctionConfigurationCommand({ FunctionName: PROD }))).FunctionArn, PROD);
    for (const name of ['UpdateAlias', 'DeleteAlias', 'CreateAlias', 'PublishVersion', 'ListVersionsByFunction', 'UpdateFunctionCode', 'UpdateFunctionConfiguration']) {
      assert.equal(await outcome(OPERATIONS[name]?.call(user, PROD) ?? Promise.resolve()), 'denied AccessDeniedException', name);
    }
    // What acts on the alias itself stays granted.
    assert.equal(await outcome(user.send(new GetPolicyCommand({ FunctionName: PROD }))), 'ok');
  });

  test('invokes and reads the alias it was granted, for real', async () => {
    const out = await grantee.send(new InvokeCommand({ FunctionName: PROD }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '1');
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8')), { from: 'f' });
    const config = await grantee.send(new GetFunctionConfigurationCommand({ FunctionName: PROD }));
    assert.equal(config.FunctionArn, PROD);
  });

  test("leaves the owner's function, versions, aliases, tags and settings as they were", async () => {
    const versions = await owner.send(new ListVersionsByFunctionCommand({ FunctionName: 'f' }));
    assert.deepEqual(versions.Versions?.map((v) => v.Version), ['$LATEST', '1']);
    const aliases = await owner.send(new ListAliasesCommand({ FunctionName: 'f' }));
    assert.deepEqual(aliases.Aliases?.map((a) => [a.Name, a.FunctionVersion, a.Description]), [['other', '1', "the owner's"], ['prod', '1', '']]);
    const fn = await owner.send(new GetFunctionCommand({ FunctionName: 'f' }));
    assert.deepEqual(fn.Tags, { team: 'owner' });
    assert.equal(fn.Concurrency, undefined);
    assert.equal(fn.Configuration?.Description, '');
    const policy = JSON.parse((await owner.send(new GetPolicyCommand({ FunctionName: 'f', Qualifier: 'prod' }))).Policy ?? '') as { Statement: Array<{ Sid: string }> };
    assert.deepEqual(policy.Statement.map((s) => s.Sid), ['account2']);
  });

  test('the audit trail records each decision on the resource AWS authorizes the operation on', async () => {
    const records = (await decisionRecords(fx)).filter((r) => r.principal === granteeArn && r.action.startsWith('lambda:'));
    const actionOf = (name: string): string => (name === 'Invoke' || name === 'InvokeAsync' ? 'lambda:InvokeFunction' : `lambda:${name}`);
    for (const name of Object.keys(OPERATIONS)) {
      const resources = new Set(records.filter((r) => r.action === actionOf(name)).map((r) => r.resource));
      const expected = new Set([FN, ...(name === 'Invoke' || name === 'InvokeAsync' ? [PROD] : [aliasResource(name)])]);
      assert.deepEqual(resources, expected, name);
    }
  });
});
