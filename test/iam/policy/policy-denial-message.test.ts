import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { denialMessage } from '../../../src/iam/policy/denial-message.js';
import type { Decision } from '../../../src/iam/policy/evaluation-types.js';

const user = 'arn:aws:iam::111111111111:user/alice';
const action = 'lambda:GetFunction';
const fn = 'arn:aws:lambda:us-east-1:111111111111:function:f';
const head = `User: ${user} is not authorized to perform: ${action} on resource: ${fn}`;

const cases: ReadonlyArray<readonly [Decision, string]> = [
  [{ decision: 'ImplicitlyDenied', deniedBy: 'identity', reason: '' }, `${head} because no identity-based policy allows the ${action} action`],
  [{ decision: 'ImplicitlyDenied', reason: '' }, `${head} because no identity-based policy allows the ${action} action`],
  [{ decision: 'ImplicitlyDenied', deniedBy: 'boundary', reason: '' }, `${head} because no permissions boundary allows the ${action} action`],
  [{ decision: 'ImplicitlyDenied', deniedBy: 'session', reason: '' }, `${head} because no session policy allows the ${action} action`],
  [{ decision: 'ImplicitlyDenied', deniedBy: 'resource', reason: '' }, `${head} because no resource-based policy allows the ${action} action`],
  [{ decision: 'ExplicitlyDenied', deniedBy: 'identity', reason: '' }, `${head} with an explicit deny in an identity-based policy`],
  [{ decision: 'ExplicitlyDenied', deniedBy: 'resource', reason: '' }, `${head} with an explicit deny in a resource-based policy`],
  [{ decision: 'ExplicitlyDenied', deniedBy: 'boundary', reason: '' }, `${head} with an explicit deny in a permissions boundary`],
  [{ decision: 'ExplicitlyDenied', deniedBy: 'session', reason: '' }, `${head} with an explicit deny in a session policy`],
];

describe('AccessDenied messages (AWS access denied error messages)', () => {
  for (const [decision, expected] of cases) {
    test(`${decision.decision} by ${decision.deniedBy ?? 'default'}`, () => {
      assert.equal(denialMessage(user, action, fn, decision), expected);
    });
  }
  test('explicit deny by an identity policy may name the policy ARN', () => {
    const decision: Decision = { decision: 'ExplicitlyDenied', deniedBy: 'identity', reason: '' };
    const arn = 'arn:aws:iam::111111111111:policy/NoLambda';
    assert.equal(
      denialMessage(user, action, fn, decision, { policyArn: arn }),
      `${head} with an explicit deny in an identity-based policy: ${arn}`,
    );
  });
  test('resource-based explicit denies never name a policy ARN', () => {
    const decision: Decision = { decision: 'ExplicitlyDenied', deniedBy: 'resource', reason: '' };
    assert.equal(
      denialMessage(user, action, fn, decision, { policyArn: 'arn:x' }),
      `${head} with an explicit deny in a resource-based policy`,
    );
  });
});
