/** Every Lambda route declares its IAM action and resource (AWS's service authorization reference). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LAMBDA_ROUTES } from '../../../src/api/lambda/routes.js';
import type { IamInput } from '../../../src/api/lambda/iam-spec.js';
import type { LambdaRoute } from '../../../src/api/lambda/lambda-route.js';
import type { Caller } from '../../../src/iam/caller.js';

const CALLER: Caller = { accountId: '111111111111', arn: 'arn:aws:iam::111111111111:root', accessKeyId: 'AKIAX', kind: 'root' };
const FN = 'arn:aws:lambda:us-east-1:111111111111:function:f';
const LAYER = 'arn:aws:lambda:us-east-1:111111111111:layer:l';

function input(params: Record<string, string>, query = '', body?: Record<string, unknown>): IamInput {
  return {
    req: {
      requestId: 'r', method: 'GET', rawPath: '/', rawQuery: query, query: new URLSearchParams(query), headers: {},
      body: Buffer.from(body === undefined ? '' : JSON.stringify(body)), sourceIp: '127.0.0.1', host: 'h', receivedAt: new Date(),
    },
    params,
    caller: CALLER,
    region: 'us-east-1',
    body: () => body,
  };
}

function route(name: string): LambdaRoute {
  const found = LAMBDA_ROUTES.find((r) => r.name === name);
  assert.ok(found, name);
  return found;
}

/** Operation → [IAM action, resource] for a request naming function `f` / layer `l` version 3. */
const EXPECTED: Record<string, [string, string]> = {
  CreateFunction: ['lambda:CreateFunction', FN],
  ListFunctions: ['lambda:ListFunctions', '*'],
  GetFunction: ['lambda:GetFunction', FN],
  GetFunctionConfiguration: ['lambda:GetFunctionConfiguration', FN],
  UpdateFunctionConfiguration: ['lambda:UpdateFunctionConfiguration', FN],
  UpdateFunctionCode: ['lambda:UpdateFunctionCode', FN],
  DeleteFunction: ['lambda:DeleteFunction', FN],
  PublishVersion: ['lambda:PublishVersion', FN],
  ListVersionsByFunction: ['lambda:ListVersionsByFunction', FN],
  CreateAlias: ['lambda:CreateAlias', FN],
  ListAliases: ['lambda:ListAliases', FN],
  GetAlias: ['lambda:GetAlias', FN],
  UpdateAlias: ['lambda:UpdateAlias', FN],
  DeleteAlias: ['lambda:DeleteAlias', FN],
  PublishLayerVersion: ['lambda:PublishLayerVersion', LAYER],
  ListLayerVersions: ['lambda:ListLayerVersions', LAYER],
  GetLayerVersion: ['lambda:GetLayerVersion', `${LAYER}:3`],
  DeleteLayerVersion: ['lambda:DeleteLayerVersion', `${LAYER}:3`],
  GetLayerVersionByArn: ['lambda:GetLayerVersion', `${LAYER}:3`],
  ListLayers: ['lambda:ListLayers', '*'],
  TagResource: ['lambda:TagResource', FN],
  UntagResource: ['lambda:UntagResource', FN],
  ListTags: ['lambda:ListTags', FN],
  PutFunctionConcurrency: ['lambda:PutFunctionConcurrency', FN],
  GetFunctionConcurrency: ['lambda:GetFunctionConcurrency', FN],
  DeleteFunctionConcurrency: ['lambda:DeleteFunctionConcurrency', FN],
  PutFunctionEventInvokeConfig: ['lambda:PutFunctionEventInvokeConfig', FN],
  UpdateFunctionEventInvokeConfig: ['lambda:UpdateFunctionEventInvokeConfig', FN],
  GetFunctionEventInvokeConfig: ['lambda:GetFunctionEventInvokeConfig', FN],
  DeleteFunctionEventInvokeConfig: ['lambda:DeleteFunctionEventInvokeConfig', FN],
  ListFunctionEventInvokeConfigs: ['lambda:ListFunctionEventInvokeConfigs', FN],
  GetAccountSettings: ['lambda:GetAccountSettings', '*'],
  Invoke: ['lambda:InvokeFunction', FN],
  // The deprecated operation's documentation: "requires permission for the lambda:InvokeFunction action".
  InvokeAsync: ['lambda:InvokeFunction', FN],
  AddPermission: ['lambda:AddPermission', FN],
  GetPolicy: ['lambda:GetPolicy', FN],
  RemovePermission: ['lambda:RemovePermission', FN],
  AddLayerVersionPermission: ['lambda:AddLayerVersionPermission', `${LAYER}:3`],
  GetLayerVersionPolicy: ['lambda:GetLayerVersionPolicy', `${LAYER}:3`],
  RemoveLayerVersionPermission: ['lambda:RemoveLayerVersionPermission', `${LAYER}:3`],
};

/**
 * What each operation acts on when the request names a version or alias (AWS's service authorization
 * reference and Lambda's "Resources and conditions for Lambda actions"; the botocore model says which
 * operations take a Qualifier): 'qualified' = the version or alias named (by `?Qualifier` or the name's
 * suffix), with that qualifier's policy; 'name' = the name's suffix only; 'function' = the function as a
 * whole, with the function's policy, whatever qualifier was named. `own` = never granted to another account
 * by a resource policy (AWS serves these only in the owner's account). Layer and account-wide operations
 * have no function qualifier: `null`.
 */
type Scope = 'qualified' | 'name' | 'function';
const SCOPE: Record<string, { scope: Scope; own?: true } | null> = {
  CreateFunction: { scope: 'function' },
  ListFunctions: null,
  GetFunction: { scope: 'qualified' },
  GetFunctionConfiguration: { scope: 'qualified' },
  UpdateFunctionConfiguration: { scope: 'function', own: true },
  UpdateFunctionCode: { scope: 'function' },
  DeleteFunction: { scope: 'qualified' },
  PublishVersion: { scope: 'function' },
  ListVersionsByFunction: { scope: 'function' },
  CreateAlias: { scope: 'function' },
  ListAliases: { scope: 'function' },
  GetAlias: { scope: 'function' },
  UpdateAlias: { scope: 'function' },
  DeleteAlias: { scope: 'function' },
  PublishLayerVersion: null,
  ListLayerVersions: null,
  GetLayerVersion: null,
  DeleteLayerVersion: null,
  GetLayerVersionByArn: null,
  ListLayers: null,
  TagResource: { scope: 'function' },
  UntagResource: { scope: 'function' },
  ListTags: { scope: 'function' },
  PutFunctionConcurrency: { scope: 'function' },
  GetFunctionConcurrency: { scope: 'function' },
  DeleteFunctionConcurrency: { scope: 'function' },
  PutFunctionEventInvokeConfig: { scope: 'qualified' },
  UpdateFunctionEventInvokeConfig: { scope: 'qualified' },
  GetFunctionEventInvokeConfig: { scope: 'qualified' },
  DeleteFunctionEventInvokeConfig: { scope: 'qualified' },
  ListFunctionEventInvokeConfigs: { scope: 'function' },
  GetAccountSettings: null,
  Invoke: { scope: 'qualified' },
  InvokeAsync: { scope: 'name' },
  AddPermission: { scope: 'qualified', own: true },
  GetPolicy: { scope: 'qualified' },
  RemovePermission: { scope: 'qualified', own: true },
  AddLayerVersionPermission: null,
  GetLayerVersionPolicy: null,
  RemoveLayerVersionPermission: null,
};

/** The function check's resource and policy qualifier for a request naming `name` (and `?Qualifier=`). */
function functionResource(r: LambdaRoute, name: string, qualifier?: string, caller: Caller = CALLER): { resource?: string; policy?: string } {
  const query = qualifier === undefined ? '' : `Qualifier=${qualifier}`;
  const plan = r.iam({ ...input({ FunctionName: name, ARN: name, Name: 'a', StatementId: 's' }, query, { FunctionName: name }), caller });
  const check = plan.checks[0];
  return { ...(check?.resource === undefined ? {} : { resource: check.resource }), ...(check?.policyOf === undefined ? {} : { policy: check.policyOf.qualifier }) };
}

describe('route IAM specs', () => {
  test('every route in routes.ts declares an IAM spec, and its action and resource are the documented ones', () => {
    const params = { FunctionName: 'f', LayerName: 'l', VersionNumber: '3', ARN: FN, Name: 'a', StatementId: 's' };
    for (const r of LAMBDA_ROUTES) {
      assert.equal(typeof r.iam, 'function', `${r.name} has no iam spec`);
      const expected = EXPECTED[r.name];
      assert.ok(expected, `${r.name} is missing from the expected table`);
      const plan = r.iam(input(params, `Arn=${encodeURIComponent(`${LAYER}:3`)}`, { FunctionName: 'f' }));
      assert.deepEqual([plan.checks[0]?.action, plan.checks[0]?.resource], expected, r.name);
      assert.equal(plan.accountId, '111111111111');
    }
  });

  test('every operation is authorized on the resource AWS authorizes it on, whether or not the request names a version or alias', () => {
    const other: Caller = { accountId: '222222222222', arn: 'arn:aws:iam::222222222222:root', accessKeyId: 'AKIAY', kind: 'root' };
    for (const r of LAMBDA_ROUTES) {
      assert.ok(r.name in SCOPE, `${r.name} is missing from the scope table`);
      const entry = SCOPE[r.name];
      if (entry === undefined || entry === null) continue;
      // Unqualified: the function, with the function's own policy (CreateFunction's has none yet).
      const policy = r.name === 'CreateFunction' ? {} : { policy: '' };
      assert.deepEqual(functionResource(r, FN), { resource: FN, ...policy }, `${r.name} unqualified`);
      const onAlias = { resource: `${FN}:prod`, policy: 'prod' };
      const onFunction = { resource: FN, ...policy };
      // A qualified ARN (as the issue's grantee sent), a qualified partial name, and ?Qualifier.
      assert.deepEqual(functionResource(r, `${FN}:prod`), entry.scope === 'function' ? onFunction : onAlias, `${r.name} ${FN}:prod`);
      assert.deepEqual(functionResource(r, 'f:prod'), entry.scope === 'function' ? onFunction : onAlias, `${r.name} f:prod`);
      assert.deepEqual(functionResource(r, 'f', 'prod'), entry.scope === 'qualified' ? onAlias : onFunction, `${r.name} ?Qualifier=prod`);
      // A version is a qualifier like an alias; $LATEST is the function's own policy.
      const version = functionResource(r, `${FN}:7`);
      assert.deepEqual(version, entry.scope === 'function' ? onFunction : { resource: `${FN}:7`, policy: '7' }, `${r.name} version`);
      // Another account's caller: the function's policy is consulted only for operations AWS serves across accounts.
      const foreign = functionResource(r, `${FN}:prod`, undefined, other);
      assert.equal(foreign.policy !== undefined, entry.own !== true && r.name !== 'CreateFunction', `${r.name} cross-account policy`);
    }
  });

  test('Invoke is authorized on the qualified ARN, with that qualifier\'s policy', () => {
    const plan = route('Invoke').iam(input({ FunctionName: 'f' }, 'Qualifier=prod'));
    assert.equal(plan.checks[0]?.resource, `${FN}:prod`);
    assert.deepEqual(plan.checks[0]?.policyOf, { kind: 'function', accountId: '111111111111', name: 'f', qualifier: 'prod' });
    const latest = route('Invoke').iam(input({ FunctionName: 'f:$LATEST' }));
    assert.equal(latest.checks[0]?.resource, `${FN}:$LATEST`);
    assert.equal(latest.checks[0]?.policyOf?.qualifier, '');
  });

  test("a full ARN in another account targets that account's function", () => {
    const other = 'arn:aws:lambda:us-east-1:222222222222:function:theirs:7';
    const plan = route('GetFunction').iam(input({ FunctionName: other }));
    assert.equal(plan.accountId, '222222222222');
    assert.equal(plan.checks[0]?.resourceAccountId, '222222222222');
    assert.equal(plan.checks[0]?.resource, other);
    const partial = route('Invoke').iam(input({ FunctionName: '222222222222:function:theirs' }));
    assert.equal(partial.accountId, '222222222222');
  });

  test('CreateFunction and UpdateFunctionConfiguration check lambda:GetLayerVersion on each layer and expose lambda:Layer', () => {
    const layers = [`${LAYER}:3`, 'arn:aws:lambda:us-east-1:222222222222:layer:shared:1'];
    for (const name of ['CreateFunction', 'UpdateFunctionConfiguration']) {
      const plan = route(name).iam(input({ FunctionName: 'f' }, '', { FunctionName: 'f', Layers: layers }));
      assert.deepEqual(plan.checks[0]?.context, { 'lambda:Layer': layers });
      assert.deepEqual(
        plan.checks.slice(1).map((c) => [c.action, c.resource, c.resourceAccountId, c.policyOf?.kind]),
        [
          ['lambda:GetLayerVersion', layers[0], '111111111111', 'layer-version'],
          ['lambda:GetLayerVersion', layers[1], '222222222222', 'layer-version'],
        ],
      );
    }
  });

  test('AddPermission offers lambda:Principal and lambda:FunctionUrlAuthType to identity policies', () => {
    const plan = route('AddPermission').iam(input({ FunctionName: 'f' }, '', { Principal: '*', FunctionUrlAuthType: 'NONE' }));
    assert.deepEqual(plan.checks[0]?.context, { 'lambda:Principal': '*', 'lambda:FunctionUrlAuthType': 'NONE' });
  });
});
