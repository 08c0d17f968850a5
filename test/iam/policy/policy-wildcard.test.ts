import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { actionMatches, resourceMatches, splitArn, wildcardMatch } from '../../../src/iam/policy/wildcard.js';

const actions: ReadonlyArray<readonly [string, string, boolean, string]> = [
  ['lambda:InvokeFunction', 'lambda:InvokeFunction', true, 'exact'],
  ['lambda:invokefunction', 'lambda:InvokeFunction', true, 'case-insensitive'],
  ['lambda:*', 'lambda:GetFunction', true, 'service wildcard'],
  ['*', 'iam:CreateUser', true, 'global wildcard'],
  ['lambda:Get*', 'lambda:GetFunctionConfiguration', true, 'prefix wildcard'],
  ['lambda:Get*', 'lambda:ListFunctions', false, 'prefix mismatch'],
  ['lambda:*Function', 'lambda:DeleteFunction', true, 'suffix wildcard'],
  ['lambda:?etFunction', 'lambda:GetFunction', true, '? wildcard'],
  ['lambda:?etFunction', 'lambda:GGetFunction', false, '? is one character'],
  ['s3:*', 'lambda:GetFunction', false, 'other service'],
  ['lambda:Get.unction', 'lambda:GetFunction', false, 'regex metacharacters are literal'],
];

const resources: ReadonlyArray<readonly [string, string, boolean, string]> = [
  ['*', 'arn:aws:lambda:us-east-1:111111111111:function:f', true, '* matches any resource'],
  ['arn:aws:lambda:us-east-1:111111111111:function:f', 'arn:aws:lambda:us-east-1:111111111111:function:f', true, 'exact'],
  ['arn:aws:lambda:us-east-1:111111111111:function:F', 'arn:aws:lambda:us-east-1:111111111111:function:f', false, 'case-sensitive'],
  ['arn:aws:lambda:*:111111111111:function:f', 'arn:aws:lambda:eu-west-1:111111111111:function:f', true, 'region wildcard'],
  ['arn:aws:lambda:*:*:function:f', 'arn:aws:lambda:eu-west-1:222222222222:function:f', true, 'account wildcard'],
  ['arn:aws:lambda:us-east-1:111111111111:function:*', 'arn:aws:lambda:us-east-1:111111111111:function:f:prod', true, '* spans : in the resource part'],
  ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c', true, '* spans /'],
  ['arn:aws:s3:::bucket/*/c', 'arn:aws:s3:::bucket/a/b/c', true, '* in the middle spans /'],
  ['arn:aws:s3:::bucket/?', 'arn:aws:s3:::bucket/ab', false, '? is one character'],
  ['arn:aws:lambda:us-east-1:*', 'arn:aws:lambda:us-east-1:111111111111:function:f', true, 'trailing * of a segment expands beyond colons (docs)'],
  ['arn:aws:lambda:us-east-1:111111111111', 'arn:aws:lambda:us-east-1:111111111111:function:f', false, 'truncated ARN without * does not match'],
  ['arn:aws:lambda:us-west-2:*', 'arn:aws:lambda:us-east-1:111111111111:function:f', false, 'trailing * does not excuse earlier segments'],
  ['arn:*:lambda:us-east-1:111111111111:function:f', 'arn:aws-cn:lambda:us-east-1:111111111111:function:f', true, 'partition wildcard'],
  ['arn:aws:lambda:us-east-1:1111*:function:f', 'arn:aws:lambda:us-east-1:111111111111:function:f', true, 'partial account wildcard'],
  ['arn:aws:iam::111111111111:user/*', 'arn:aws:iam::111111111111:user/division/alice', true, 'IAM path'],
  ['arn:aws:iam::111111111111:user/*', 'arn:aws:iam::111111111111:role/r', false, 'different resource type'],
];

describe('wildcard matching (IAM Action and Resource elements)', () => {
  for (const [pattern, value, expected, rule] of actions) {
    test(`action ${rule}: ${pattern} vs ${value} → ${String(expected)}`, () => {
      assert.equal(actionMatches(pattern, value), expected);
    });
  }
  for (const [pattern, value, expected, rule] of resources) {
    test(`resource ${rule}: ${pattern} vs ${value} → ${String(expected)}`, () => {
      assert.equal(resourceMatches(pattern, value), expected);
    });
  }
  test('splitArn keeps colons inside the resource part', () => {
    assert.deepEqual(splitArn('arn:aws:lambda:r:1:function:f:1'), ['arn', 'aws', 'lambda', 'r', '1', 'function:f:1']);
    assert.equal(splitArn('not-an-arn'), undefined);
  });
  test('NUL-marked characters are literal', () => {
    assert.equal(wildcardMatch('a\u0000*b', 'a*b'), true);
    assert.equal(wildcardMatch('a\u0000*b', 'axb'), false);
  });
});
