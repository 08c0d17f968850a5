import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { substituteVariables } from '../../../src/iam/policy/variables.js';
import { wildcardMatch } from '../../../src/iam/policy/wildcard.js';

const context = {
  'aws:username': 'alice',
  'aws:userid': 'AIDAEXAMPLE',
  'aws:PrincipalTag/team': 'payments',
  'aws:SourceIp': '192.0.2.1',
  'aws:TagKeys': ['a', 'b'],
};

const cases: ReadonlyArray<readonly [string, string | undefined, string]> = [
  ['home/${aws:username}/', 'home/alice/', 'aws:username'],
  ['${aws:userid}', 'AIDAEXAMPLE', 'aws:userid'],
  ['${aws:PrincipalTag/team}', 'payments', 'principal tag'],
  ['${AWS:USERNAME}', 'alice', 'key names case-insensitive'],
  ['${aws:SourceIp}', '192.0.2.1', 'aws:SourceIp'],
  ["${aws:PrincipalTag/cost, 'company-wide'}", 'company-wide', 'default when missing'],
  ["${aws:PrincipalTag/team, 'company-wide'}", 'payments', 'default ignored when present'],
  ['${aws:PrincipalTag/cost}', undefined, 'unresolvable → no match'],
  ['${aws:TagKeys}', undefined, 'multivalued key cannot be substituted'],
  ['no variables here', 'no variables here', 'plain text untouched'],
  ["a-${aws:username}-${aws:PrincipalTag/x, 'd'}", 'a-alice-d', 'several variables'],
];

// Marks are internal: show them as a backslash to compare.
const visible = (s: string | undefined): string | undefined => s?.split('\u0000').join('\\');

describe('policy variables (IAM policy variables docs)', () => {
  for (const [input, expected, rule] of cases) {
    test(`${rule}: ${input}`, () => {
      assert.equal(visible(substituteVariables(input, context)), expected);
    });
  }
  test('escapes ${*} ${?} ${$} become literal characters', () => {
    const result = substituteVariables('a${*}b${?}c${$}', context);
    assert.equal(visible(result), 'a\\*b\\?c\\$');
    assert.ok(result !== undefined && wildcardMatch(result, 'a*b?c$'));
    assert.ok(result !== undefined && !wildcardMatch(result, 'aXbYc$'));
  });
  test('a substituted value containing * stays literal', () => {
    const result = substituteVariables('user/${aws:username}', { 'aws:username': 'a*' });
    assert.ok(result !== undefined && wildcardMatch(result, 'user/a*'));
    assert.ok(result !== undefined && !wildcardMatch(result, 'user/abc'));
  });
});
