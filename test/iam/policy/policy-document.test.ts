import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PolicyKind } from '../../../src/iam/policy/policy-document.js';
import { parsePolicyDocument } from '../../../src/iam/policy/policy-document.js';

interface Case {
  readonly rule: string;
  readonly kind: PolicyKind;
  readonly input: unknown;
  readonly error?: string;
}

const ok = { Effect: 'Allow', Action: 'lambda:*', Resource: '*' };

const cases: readonly Case[] = [
  { rule: 'valid identity policy with Statement array', kind: 'identity', input: { Version: '2012-10-17', Statement: [ok] } },
  { rule: 'Statement may be a single object', kind: 'identity', input: { Version: '2012-10-17', Statement: ok } },
  { rule: 'Version 2008-10-17 accepted', kind: 'identity', input: { Version: '2008-10-17', Statement: [ok] } },
  { rule: 'JSON text accepted', kind: 'identity', input: JSON.stringify({ Version: '2012-10-17', Statement: [ok] }) },
  { rule: 'invalid JSON → syntax error', kind: 'identity', input: '{"Version": "2012-10-17",', error: 'Syntax errors in policy.' },
  { rule: 'unknown Version → syntax error', kind: 'identity', input: { Version: '2020-01-01', Statement: [ok] }, error: 'Syntax errors in policy.' },
  { rule: 'unknown top-level field → syntax error', kind: 'identity', input: { Version: '2012-10-17', Statement: [ok], Extra: 1 }, error: 'Syntax errors in policy.' },
  { rule: 'unknown statement field → syntax error', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ ...ok, Effects: 'Allow' }] }, error: 'Syntax errors in policy.' },
  { rule: 'bad Effect → syntax error', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ ...ok, Effect: 'allow' }] }, error: 'Syntax errors in policy.' },
  { rule: 'missing Statement → syntax error', kind: 'identity', input: { Version: '2012-10-17' }, error: 'Syntax errors in policy.' },
  { rule: 'empty Statement list → syntax error', kind: 'identity', input: { Version: '2012-10-17', Statement: [] }, error: 'Syntax errors in policy.' },
  { rule: 'Action and NotAction together → syntax error', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ ...ok, NotAction: 's3:*' }] }, error: 'Syntax errors in policy.' },
  { rule: 'Resource and NotResource together → syntax error', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ ...ok, NotResource: 'x' }] }, error: 'Syntax errors in policy.' },
  { rule: 'missing Action', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }, error: 'Policy statement must contain actions.' },
  { rule: 'identity policy without Resource', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*' }] }, error: 'Policy statement must contain resources.' },
  { rule: 'identity policy with Principal', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ ...ok, Principal: '*' }] }, error: 'Policy document should not specify a principal.' },
  { rule: 'identity policy with NotPrincipal', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ ...ok, NotPrincipal: { AWS: '*' } }] }, error: 'Policy document should not specify a principal.' },
  { rule: 'resource policy requires a principal', kind: 'resource', input: { Version: '2012-10-17', Statement: [ok] }, error: 'Missing required field Principal.' },
  { rule: 'resource policy with Principal and no Resource is valid', kind: 'resource', input: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:*', Principal: { Service: 's3.amazonaws.com' } }] } },
  { rule: 'Condition values may be numbers and booleans', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ ...ok, Condition: { Bool: { 'aws:SecureTransport': true }, NumericLessThan: { n: 5 } } }] } },
  { rule: 'Condition must be an object of objects', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ ...ok, Condition: { Bool: 'true' } }] }, error: 'Syntax errors in policy.' },
  { rule: 'empty Action list → syntax error', kind: 'identity', input: { Version: '2012-10-17', Statement: [{ ...ok, Action: [] }] }, error: 'Syntax errors in policy.' },
];

describe('policy document validation (IAM MalformedPolicyDocument)', () => {
  for (const c of cases) {
    test(`${c.rule} → ${c.error ?? 'valid'}`, () => {
      const result = parsePolicyDocument(c.input, c.kind);
      if (c.error === undefined) assert.equal(result.ok, true, result.ok ? '' : result.message);
      else assert.deepEqual(result, { ok: false, message: c.error });
    });
  }

  test('parsed form normalizes strings to lists and flattens conditions', () => {
    const result = parsePolicyDocument(
      {
        Version: '2012-10-17',
        Statement: {
          Sid: 'S1',
          Effect: 'Deny',
          NotAction: 'iam:*',
          Resource: 'arn:aws:s3:::b',
          Condition: { StringEquals: { a: ['x', 'y'], b: 'z' }, Bool: { c: true } },
        },
      },
      'identity',
    );
    assert.ok(result.ok);
    const [statement] = result.document.statements;
    assert.deepEqual(statement, {
      sid: 'S1',
      effect: 'Deny',
      notAction: ['iam:*'],
      resource: ['arn:aws:s3:::b'],
      conditions: [
        { operator: 'StringEquals', key: 'a', values: ['x', 'y'] },
        { operator: 'StringEquals', key: 'b', values: ['z'] },
        { operator: 'Bool', key: 'c', values: ['true'] },
      ],
    });
    assert.equal(result.document.version, '2012-10-17');
  });

  test('a document without Version uses the 2008 language', () => {
    const result = parsePolicyDocument({ Statement: [ok] }, 'identity');
    assert.ok(result.ok);
    assert.equal(result.document.version, '2008-10-17');
  });

  test('Principal strings become lists per principal type', () => {
    const result = parsePolicyDocument(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Principal: { AWS: '111111111111' } }] },
      'resource',
    );
    assert.ok(result.ok);
    assert.deepEqual(result.document.statements[0]?.principal, { AWS: ['111111111111'] });
  });
});
