/**
 * A condition key AWS documents for an action but lambdabox cannot supply fails closed: a Deny conditioned
 * on it applies, an Allow conditioned on it does not (issue 10: "a key silently missing turns a Deny into an
 * allow"). Engine level, then over the wire for the Lambda keys that depend on the request: `lambda:VpcIds`
 * (unknowable once subnets are given), `lambda:SubnetIds` (supplied), RemovePermission's `lambda:Principal`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AddPermissionCommand, RemovePermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { evaluate } from '../../../src/iam/policy/evaluate.js';
import { parsePolicyDocument } from '../../../src/iam/policy/policy-document.js';
import type { EvaluationPrincipal, Policy } from '../../../src/iam/policy/evaluation-types.js';
import { startLambdabox, TEST_REGION, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { failure } from '../../helpers/aws-errors.js';
import { userWithKey } from './iam-principals.js';
import { createHello } from './abac-harness.js';

const A = '111111111111';
const FN = `arn:aws:lambda:us-east-1:${A}:function:f`;
const alice: EvaluationPrincipal = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: 'User', username: 'alice' };

function identity(statements: object[]): Policy {
  const parsed = parsePolicyDocument({ Version: '2012-10-17', Statement: statements }, 'identity');
  if (!parsed.ok) throw new Error(parsed.message);
  return { id: 'p', document: parsed.document };
}

function decide(statements: object[], unknownKeys?: string[]): string {
  return evaluate(
    { principal: alice, action: 'lambda:CreateFunction', resource: FN, resourceAccountId: A, context: {}, ...(unknownKeys === undefined ? {} : { unknownKeys }) },
    { identity: [identity(statements)] },
  ).decision;
}

const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };

describe('documented keys lambdabox cannot supply fail closed', () => {
  test('a Deny on an unknown key applies whatever its operator; an Allow on one does not', () => {
    const denyIf = (condition: object) => [allowAll, { Effect: 'Deny', Action: '*', Resource: '*', Condition: condition }];
    // Absent keys, as AWS evaluates them when the request truly has none: none of these Denies applies.
    assert.equal(decide(denyIf({ StringEquals: { 'lambda:VpcIds': 'vpc-1' } })), 'Allowed');
    assert.equal(decide(denyIf({ 'ForAnyValue:StringEquals': { 'aws:RequestTag/env': 'prod' } })), 'Allowed');
    // The same keys unknown: every Deny applies.
    for (const condition of [
      { StringEquals: { 'lambda:VpcIds': 'vpc-1' } },
      { StringNotEquals: { 'LAMBDA:VPCIDS': 'vpc-1' } },
      { Null: { 'lambda:VpcIds': 'false' } },
      { 'ForAnyValue:StringEquals': { 'aws:RequestTag/env': 'prod' } },
    ]) {
      assert.equal(decide(denyIf(condition), ['lambda:VpcIds', 'aws:RequestTag/']), 'ExplicitlyDenied', JSON.stringify(condition));
    }
    // A Deny whose other conditions do not match still does not apply.
    assert.equal(
      decide(denyIf({ StringEquals: { 'lambda:VpcIds': 'vpc-1', 'aws:username': 'bob' } }), ['lambda:VpcIds']),
      'Allowed',
    );
    // An Allow conditioned on an unknown key never applies, even with IfExists.
    const allowIf = (condition: object) => [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition }];
    assert.equal(decide(allowIf({ StringEqualsIfExists: { 'lambda:VpcIds': 'vpc-1' } })), 'Allowed');
    assert.equal(decide(allowIf({ StringEqualsIfExists: { 'lambda:VpcIds': 'vpc-1' } }), ['lambda:VpcIds']), 'ImplicitlyDenied');
    // Statements without the key are unaffected.
    assert.equal(decide([allowAll], ['lambda:VpcIds']), 'Allowed');
  });

  describe('over the wire', () => {
    let fx: LambdaboxFixture;
    let admin: LambdaClient;

    before(async () => {
      fx = await startLambdabox({ overrides: { sandbox: false } });
      admin = fx.lambda();
    });
    after(() => fx.close());

    const create = (client: LambdaClient, name: string, vpc?: { SubnetIds: string[]; SecurityGroupIds: string[] }) =>
      createHello(client, name, vpc === undefined ? {} : { VpcConfig: vpc });

    test('lambda:VpcIds is unknown once subnets are given; lambda:SubnetIds and SecurityGroupIds are the request’s', async () => {
      const key = await userWithKey(fx, {
        name: 'vpcuser',
        inline: [
          {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['lambda:*', 'iam:PassRole'], Resource: '*' },
              { Effect: 'Deny', Action: 'lambda:CreateFunction', Resource: '*', Condition: { 'ForAnyValue:StringNotEquals': { 'lambda:VpcIds': ['vpc-1'] } } },
              { Effect: 'Deny', Action: 'lambda:CreateFunction', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'lambda:SecurityGroupIds': ['sg-0000000000000bad0'] } } },
            ],
          },
        ],
      });
      const user = fx.lambda(key);
      const vpc = { SubnetIds: ['subnet-0123456789abcdef0'], SecurityGroupIds: ['sg-0123456789abcdef0'] };
      const inVpc = await failure(create(user, 'invpc', vpc));
      assert.equal(inVpc.name, 'AccessDeniedException');
      assert.match(inVpc.message, /with an explicit deny in an identity-based policy$/);
      await create(user, 'novpc');
      await fx.settled();

      const groups = await userWithKey(fx, {
        name: 'sguser',
        inline: [
          {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ['lambda:*', 'iam:PassRole'], Resource: '*' },
              { Effect: 'Deny', Action: 'lambda:CreateFunction', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'lambda:SecurityGroupIds': ['sg-0000000000000bad0'] } } },
            ],
          },
        ],
      });
      const sg = fx.lambda(groups);
      const bad = await failure(create(sg, 'badsg', { SubnetIds: ['subnet-0123456789abcdef0'], SecurityGroupIds: ['sg-0000000000000bad0'] }));
      assert.match(bad.message, /with an explicit deny/);
      await create(sg, 'goodsg', vpc);
      await fx.settled();
    });

    test('RemovePermission: a Deny on lambda:Principal (not supplied for it) applies', async () => {
      await create(admin, 'shared');
      await fx.settled();
      await admin.send(
        new AddPermissionCommand({ FunctionName: 'shared', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' }),
      );
      const key = await userWithKey(fx, {
        name: 'remover',
        inline: [
          {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'lambda:*', Resource: '*' },
              { Effect: 'Deny', Action: 'lambda:RemovePermission', Resource: '*', Condition: { StringEquals: { 'lambda:Principal': 's3.amazonaws.com' } } },
            ],
          },
        ],
      });
      const denied = await failure(fx.lambda(key).send(new RemovePermissionCommand({ FunctionName: 'shared', StatementId: 's3' })));
      assert.equal(denied.name, 'AccessDeniedException');
      assert.match(denied.message, new RegExp(`lambda:RemovePermission on resource: arn:aws:lambda:${TEST_REGION}:000000000000:function:shared with an explicit deny`));
    });
  });
});
