/**
 * Global keys AWS puts in every request context that lambdabox did not: `aws:ViaAWSService` and
 * `aws:PrincipalIsAWSService` (false for a principal's own calls) and `aws:ResourceAccount`. Without them
 * the usual data-perimeter statements misfire: `Bool …false` Denies never applied, and a
 * `StringNotEquals aws:ResourceAccount ${aws:PrincipalAccount}` Deny hit the caller's own functions.
 * Also the ARN → taggable resource mapping the authorizer uses for `aws:ResourceTag/…`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteFunctionCommand, GetFunctionCommand, ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { startWithFunctions, userWithKey } from './iam-principals.js';
import { taggedResourceKey } from '../../../src/iam/authz/resource-tags.js';

describe('global condition keys', () => {
  let fx: LambdaboxFixture;
  let user: LambdaClient;

  before(async () => {
    ({ fx } = await startWithFunctions('own'));
    const key = await userWithKey(fx, {
      name: 'perimeter',
      inline: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'lambda:*', Resource: '*' },
            { Effect: 'Deny', Action: 'lambda:ListFunctions', Resource: '*', Condition: { Bool: { 'aws:ViaAWSService': 'false' } } },
            { Effect: 'Deny', Action: 'lambda:DeleteFunction', Resource: '*', Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } },
            {
              Effect: 'Deny',
              Action: 'lambda:GetFunction',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } },
            },
          ],
        },
      ],
    });
    user = fx.lambda(key);
  });
  after(() => fx.close());

  test('aws:ViaAWSService and aws:PrincipalIsAWSService are false for a principal’s own calls', async () => {
    assert.match((await failure(user.send(new ListFunctionsCommand({})))).message, /lambda:ListFunctions on resource: \* with an explicit deny/);
    assert.match((await failure(user.send(new DeleteFunctionCommand({ FunctionName: 'own' })))).message, /with an explicit deny/);
  });

  test('aws:ResourceAccount is the account owning the resource', async () => {
    const got = await user.send(new GetFunctionCommand({ FunctionName: 'own' }));
    assert.equal(got.Configuration?.FunctionName, 'own');
  });

  test('which ARNs name a taggable resource', () => {
    const r = TEST_REGION;
    assert.deepEqual(taggedResourceKey(`arn:aws:lambda:${r}:111111111111:function:f`, r), { kind: 'function', accountId: '111111111111', name: 'f' });
    assert.deepEqual(taggedResourceKey(`arn:aws:lambda:${r}:111111111111:function:f:prod`, r), { kind: 'function', accountId: '111111111111', name: 'f' });
    assert.deepEqual(taggedResourceKey(`arn:aws:sqs:${r}:111111111111:q`, r), { kind: 'queue', accountId: '111111111111', name: 'q' });
    assert.deepEqual(taggedResourceKey('arn:aws:iam::111111111111:user/div/a', r), { kind: 'user', accountId: '111111111111', name: 'a' });
    assert.deepEqual(taggedResourceKey('arn:aws:iam::111111111111:role/r', r), { kind: 'role', accountId: '111111111111', name: 'r' });
    assert.deepEqual(taggedResourceKey('arn:aws:iam::111111111111:policy/p', r), {
      kind: 'policy',
      accountId: '111111111111',
      name: 'arn:aws:iam::111111111111:policy/p',
    });
    // Another region's function or queue is not one this server holds; layers, groups and `*` have no tags.
    assert.equal(taggedResourceKey('arn:aws:lambda:eu-west-1:111111111111:function:f', r), undefined);
    assert.equal(taggedResourceKey('arn:aws:sqs:eu-west-1:111111111111:q', r), undefined);
    assert.equal(taggedResourceKey(`arn:aws:lambda:${r}:111111111111:layer:l:1`, r), undefined);
    assert.equal(taggedResourceKey('arn:aws:iam::111111111111:group/g', r), undefined);
    assert.equal(taggedResourceKey('*', r), undefined);
  });
});
