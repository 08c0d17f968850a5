import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { TEST_ACCOUNT_ID } from '../../helpers/lambdabox-fixture.js';
import { functionInput, startControl } from '../../helpers/control-fixture.js';
import type { LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { rejects } from '../../helpers/aws-errors.js';
import { helloZip, TEST_ROLE } from '../../helpers/zips.js';
import { ensureLambdaRole } from '../../helpers/lambda-roles.js';
import { allow, createRole, createUser, lambdaClient, stsClient, trust } from '../../services/sts/sts-harness.js';
import { deploy, FAST_MEMORY, invoke } from '../../invoke/invoke-harness.js';

const CANNOT_ASSUME = 'The role defined for the function cannot be assumed by Lambda.';
const ENV_HANDLER = [
  'import os',
  'def handler(event, context):',
  "    return {k: os.environ.get(k) for k in ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']}",
  '',
].join('\n');

interface EnvCredentials {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

describe('execution roles', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  const OTHER_ROLE = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/reporting`;

  before(async () => {
    ({ fixture: fx, lambda } = await startControl());
    await createRole(fx, 'not-for-lambda', trust({ Service: 'ec2.amazonaws.com' }));
    await ensureLambdaRole(fx.box, OTHER_ROLE);
  });
  after(async () => {
    await fx.close();
  });

  function create(name: string, role: string): Promise<unknown> {
    return lambda.send(new CreateFunctionCommand(functionInput(name, { Role: role })));
  }

  test('CreateFunction: a missing role, a role not trusting Lambda and another account\'s role are refused', async () => {
    for (const role of [
      `arn:aws:iam::${TEST_ACCOUNT_ID}:role/missing`,
      `arn:aws:iam::${TEST_ACCOUNT_ID}:role/not-for-lambda`,
      'arn:aws:iam::111111111111:role/lambda-role',
    ]) {
      await rejects(create('refused', role), 400, 'InvalidParameterValueException', CANNOT_ASSUME);
    }
  });

  test('UpdateFunctionConfiguration: the new role is checked the same way', async () => {
    await create('updatable', TEST_ROLE);
    await fx.settled();
    await rejects(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'updatable', Role: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/not-for-lambda` })),
      400,
      'InvalidParameterValueException',
      CANNOT_ASSUME,
    );
    const ok = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'updatable', Role: OTHER_ROLE }));
    assert.equal(ok.Role, OTHER_ROLE);
  });

  test('iam:PassRole is required on the role, with iam:PassedToService = lambda.amazonaws.com', async () => {
    const noPass = await createUser(fx, 'no-pass', allow(['lambda:CreateFunction']));
    const client = lambdaClient(fx, noPass);
    await rejects(
      client.send(new CreateFunctionCommand({ FunctionName: 'by-user', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip() } })),
      403,
      'AccessDeniedException',
      `User: ${noPass.arn} is not authorized to perform: iam:PassRole on resource: ${TEST_ROLE} because no identity-based policy allows the iam:PassRole action`,
    );
    client.destroy();
    const canPass = await createUser(
      fx,
      'can-pass',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: TEST_ROLE, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
        ],
      }),
    );
    const passer = lambdaClient(fx, canPass);
    const out = await passer.send(
      new CreateFunctionCommand({ FunctionName: 'by-user', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip() } }),
    );
    passer.destroy();
    assert.equal(out.Role, TEST_ROLE);
  });

  test("a function's environment holds its role's credentials, which authenticate as assumed-role/<role>/<function>", async () => {
    await deploy(fx, lambda, 'whoami', { 'index.py': ENV_HANDLER }, { runtime: 'python3.11', memorySize: FAST_MEMORY });
    await deploy(fx, lambda, 'reporter', { 'index.py': ENV_HANDLER }, { runtime: 'python3.11', memorySize: FAST_MEMORY });
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'reporter', Role: OTHER_ROLE }));
    await fx.settled();

    const seen = new Map<string, EnvCredentials>();
    for (const fn of ['whoami', 'reporter']) {
      const result = await invoke(lambda, fn);
      assert.equal(result.functionError, undefined, result.text);
      const env = result.json<EnvCredentials>();
      assert.match(env.AWS_ACCESS_KEY_ID, /^ASIA[A-Z0-9]{16}$/);
      assert.equal(env.AWS_SECRET_ACCESS_KEY.length, 40);
      seen.set(fn, env);
    }
    const role = await fx.box.control.store.transact((tx) => tx.getRole(TEST_ACCOUNT_ID, 'lambda-role'));
    const expected: Record<string, string> = {
      whoami: `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/lambda-role/whoami`,
      reporter: `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/reporting/reporter`,
    };
    for (const [fn, env] of seen) {
      const sts = stsClient(fx, { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN });
      const me = await sts.send(new GetCallerIdentityCommand({}));
      sts.destroy();
      assert.equal(me.Arn, expected[fn]);
      if (fn === 'whoami') assert.equal(me.UserId, `${role?.roleId ?? '?'}:whoami`);
    }
    assert.notEqual(seen.get('whoami')?.AWS_ACCESS_KEY_ID, seen.get('reporter')?.AWS_ACCESS_KEY_ID);
  });
});
