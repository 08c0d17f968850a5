/** Every Lambda route declares its IAM action and resource (AWS's service authorization reference). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LAMBDA_ROUTES } from '../../src/api/lambda/routes.js';
import type { IamInput } from '../../src/api/lambda/iam-spec.js';
import type { LambdaRoute } from '../../src/api/lambda/lambda-route.js';
import type { Caller } from '../../src/iam/caller.js';

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
