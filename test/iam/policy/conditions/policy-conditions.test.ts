import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConditionContext } from '../../../../src/iam/policy/conditions/context-value.js';
import { conditionsMatch, evaluateCondition } from '../../../../src/iam/policy/conditions/evaluate-conditions.js';
import { ipInCidr } from '../../../../src/iam/policy/conditions/ip-operators.js';

interface Case {
  readonly rule: string;
  readonly op: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly context: ConditionContext;
  readonly expected: boolean;
}

const T = '2026-06-15T12:00:00Z';
const cases: readonly Case[] = [
  // String operators
  { rule: 'StringEquals exact match', op: 'StringEquals', key: 'aws:username', values: ['alice'], context: { 'aws:username': 'alice' }, expected: true },
  { rule: 'StringEquals is case-sensitive', op: 'StringEquals', key: 'aws:username', values: ['Alice'], context: { 'aws:username': 'alice' }, expected: false },
  { rule: 'StringEquals: values of one key are ORed', op: 'StringEquals', key: 'k', values: ['a', 'b'], context: { k: 'b' }, expected: true },
  { rule: 'StringEquals: missing key does not match', op: 'StringEquals', key: 'k', values: ['a'], context: {}, expected: false },
  { rule: 'condition key names are case-insensitive', op: 'StringEquals', key: 'AWS:USERNAME', values: ['alice'], context: { 'aws:username': 'alice' }, expected: true },
  { rule: 'StringEquals does not expand wildcards', op: 'StringEquals', key: 'k', values: ['a*'], context: { k: 'abc' }, expected: false },
  { rule: 'StringNotEquals different value', op: 'StringNotEquals', key: 'k', values: ['a'], context: { k: 'b' }, expected: true },
  { rule: 'StringNotEquals same value', op: 'StringNotEquals', key: 'k', values: ['a'], context: { k: 'a' }, expected: false },
  { rule: 'StringNotEquals: negated values are ANDed', op: 'StringNotEquals', key: 'k', values: ['a', 'b'], context: { k: 'b' }, expected: false },
  { rule: 'StringNotEquals: missing key is true', op: 'StringNotEquals', key: 'k', values: ['a'], context: {}, expected: true },
  { rule: 'StringEqualsIgnoreCase', op: 'StringEqualsIgnoreCase', key: 'k', values: ['PROD'], context: { k: 'prod' }, expected: true },
  { rule: 'StringNotEqualsIgnoreCase same value other case', op: 'StringNotEqualsIgnoreCase', key: 'k', values: ['PROD'], context: { k: 'prod' }, expected: false },
  { rule: 'StringNotEqualsIgnoreCase different', op: 'StringNotEqualsIgnoreCase', key: 'k', values: ['PROD'], context: { k: 'dev' }, expected: true },
  { rule: 'StringLike with *', op: 'StringLike', key: 's3:prefix', values: ['home/*'], context: { 's3:prefix': 'home/alice/x' }, expected: true },
  { rule: 'StringLike with ?', op: 'StringLike', key: 'k', values: ['ab?'], context: { k: 'abc' }, expected: true },
  { rule: 'StringLike ? is exactly one character', op: 'StringLike', key: 'k', values: ['ab?'], context: { k: 'abcd' }, expected: false },
  { rule: 'StringLike is case-sensitive', op: 'StringLike', key: 'k', values: ['Home/*'], context: { k: 'home/x' }, expected: false },
  { rule: 'StringNotLike non-matching', op: 'StringNotLike', key: 'k', values: ['home/*'], context: { k: 'other' }, expected: true },
  { rule: 'StringNotLike matching', op: 'StringNotLike', key: 'k', values: ['home/*'], context: { k: 'home/a' }, expected: false },
  { rule: 'StringNotLike missing key is true', op: 'StringNotLike', key: 'k', values: ['home/*'], context: {}, expected: true },
  { rule: 'operator names are case-insensitive', op: 'stringequals', key: 'k', values: ['a'], context: { k: 'a' }, expected: true },
  { rule: 'unknown operator never matches', op: 'StringSortOf', key: 'k', values: ['a'], context: { k: 'a' }, expected: false },
  // IfExists
  { rule: 'StringEqualsIfExists: missing key is true', op: 'StringEqualsIfExists', key: 'k', values: ['a'], context: {}, expected: true },
  { rule: 'StringEqualsIfExists: present key compared', op: 'StringEqualsIfExists', key: 'k', values: ['a'], context: { k: 'b' }, expected: false },
  { rule: 'StringEqualsIfExists: present key equal', op: 'StringEqualsIfExists', key: 'k', values: ['a'], context: { k: 'a' }, expected: true },
  { rule: 'NumericLessThanIfExists missing key', op: 'NumericLessThanIfExists', key: 'n', values: ['5'], context: {}, expected: true },
  { rule: 'ArnLikeIfExists present non-matching', op: 'ArnLikeIfExists', key: 'aws:SourceArn', values: ['arn:aws:s3:::b'], context: { 'aws:SourceArn': 'arn:aws:s3:::c' }, expected: false },
  // Numeric
  { rule: 'NumericEquals', op: 'NumericEquals', key: 'n', values: ['10'], context: { n: '10' }, expected: true },
  { rule: 'NumericEquals with number context', op: 'NumericEquals', key: 'n', values: ['10'], context: { n: 10 }, expected: true },
  { rule: 'NumericEquals compares numerically', op: 'NumericEquals', key: 'n', values: ['10'], context: { n: '10.0' }, expected: true },
  { rule: 'NumericNotEquals', op: 'NumericNotEquals', key: 'n', values: ['10'], context: { n: '11' }, expected: true },
  { rule: 'NumericNotEquals equal', op: 'NumericNotEquals', key: 'n', values: ['10'], context: { n: '10' }, expected: false },
  { rule: 'NumericLessThan', op: 'NumericLessThan', key: 'n', values: ['10'], context: { n: '9' }, expected: true },
  { rule: 'NumericLessThan equal is false', op: 'NumericLessThan', key: 'n', values: ['10'], context: { n: '10' }, expected: false },
  { rule: 'NumericLessThanEquals equal', op: 'NumericLessThanEquals', key: 'n', values: ['10'], context: { n: '10' }, expected: true },
  { rule: 'NumericGreaterThan', op: 'NumericGreaterThan', key: 'n', values: ['10'], context: { n: '11' }, expected: true },
  { rule: 'NumericGreaterThan smaller', op: 'NumericGreaterThan', key: 'n', values: ['10'], context: { n: '2' }, expected: false },
  { rule: 'NumericGreaterThanEquals', op: 'NumericGreaterThanEquals', key: 'n', values: ['10'], context: { n: '10' }, expected: true },
  { rule: 'Numeric with non-numeric context does not match', op: 'NumericEquals', key: 'n', values: ['10'], context: { n: 'ten' }, expected: false },
  { rule: 'Numeric with empty context does not match', op: 'NumericEquals', key: 'n', values: ['0'], context: { n: '' }, expected: false },
  { rule: 'Numeric missing key', op: 'NumericLessThan', key: 'n', values: ['10'], context: {}, expected: false },
  // Date
  { rule: 'DateLessThan ISO', op: 'DateLessThan', key: 'aws:CurrentTime', values: ['2027-01-01T00:00:00Z'], context: { 'aws:CurrentTime': T }, expected: true },
  { rule: 'DateLessThan past bound', op: 'DateLessThan', key: 'aws:CurrentTime', values: ['2020-01-01T00:00:00Z'], context: { 'aws:CurrentTime': T }, expected: false },
  { rule: 'DateGreaterThan ISO date only', op: 'DateGreaterThan', key: 'aws:CurrentTime', values: ['2026-01-01'], context: { 'aws:CurrentTime': T }, expected: true },
  { rule: 'DateEquals same instant different zone', op: 'DateEquals', key: 'aws:CurrentTime', values: ['2026-06-15T14:00:00+02:00'], context: { 'aws:CurrentTime': T }, expected: true },
  { rule: 'DateNotEquals', op: 'DateNotEquals', key: 'aws:CurrentTime', values: ['2026-06-15T12:00:01Z'], context: { 'aws:CurrentTime': T }, expected: true },
  { rule: 'Date policy value as epoch seconds', op: 'DateGreaterThanEquals', key: 'aws:CurrentTime', values: ['1781524800'], context: { 'aws:CurrentTime': T }, expected: true },
  { rule: 'Date context as epoch (aws:EpochTime)', op: 'DateLessThanEquals', key: 'aws:EpochTime', values: ['2026-06-15T12:00:00Z'], context: { 'aws:EpochTime': '1781524800' }, expected: true },
  { rule: 'Date invalid context does not match', op: 'DateLessThan', key: 'aws:CurrentTime', values: ['2027-01-01'], context: { 'aws:CurrentTime': 'yesterday' }, expected: false },
  // Bool
  { rule: 'Bool true', op: 'Bool', key: 'aws:SecureTransport', values: ['true'], context: { 'aws:SecureTransport': 'true' }, expected: true },
  { rule: 'Bool with boolean context', op: 'Bool', key: 'aws:SecureTransport', values: ['false'], context: { 'aws:SecureTransport': false }, expected: true },
  { rule: 'Bool mismatch', op: 'Bool', key: 'aws:SecureTransport', values: ['true'], context: { 'aws:SecureTransport': 'false' }, expected: false },
  { rule: 'Bool is case-insensitive', op: 'Bool', key: 'aws:SecureTransport', values: ['TRUE'], context: { 'aws:SecureTransport': 'true' }, expected: true },
  { rule: 'Bool missing key', op: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'], context: {}, expected: false },
  { rule: 'BoolIfExists missing key (MFA doc example)', op: 'BoolIfExists', key: 'aws:MultiFactorAuthPresent', values: ['false'], context: {}, expected: true },
  // Binary
  { rule: 'BinaryEquals same bytes', op: 'BinaryEquals', key: 'k', values: ['QmluYXJ5VmFsdWU='], context: { k: 'QmluYXJ5VmFsdWU=' }, expected: true },
  { rule: 'BinaryEquals different bytes', op: 'BinaryEquals', key: 'k', values: ['QmluYXJ5VmFsdWU='], context: { k: 'T3RoZXI=' }, expected: false },
  // IP
  { rule: 'IpAddress v4 in CIDR', op: 'IpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24'], context: { 'aws:SourceIp': '203.0.113.9' }, expected: true },
  { rule: 'IpAddress v4 outside CIDR', op: 'IpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24'], context: { 'aws:SourceIp': '203.0.114.9' }, expected: false },
  { rule: 'IpAddress single address', op: 'IpAddress', key: 'aws:SourceIp', values: ['203.0.113.9'], context: { 'aws:SourceIp': '203.0.113.9' }, expected: true },
  { rule: 'IpAddress /0 matches all v4', op: 'IpAddress', key: 'aws:SourceIp', values: ['0.0.0.0/0'], context: { 'aws:SourceIp': '8.8.8.8' }, expected: true },
  { rule: 'IpAddress non-octet prefix /20', op: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.16.0/20'], context: { 'aws:SourceIp': '10.0.31.255' }, expected: true },
  { rule: 'IpAddress non-octet prefix /20 outside', op: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.16.0/20'], context: { 'aws:SourceIp': '10.0.32.0' }, expected: false },
  { rule: 'IpAddress v6 in CIDR', op: 'IpAddress', key: 'aws:SourceIp', values: ['2001:DB8:1234:5678::/64'], context: { 'aws:SourceIp': '2001:db8:1234:5678::1' }, expected: true },
  { rule: 'IpAddress v6 outside CIDR', op: 'IpAddress', key: 'aws:SourceIp', values: ['2001:DB8:1234:5678::/64'], context: { 'aws:SourceIp': '2001:db8:1234:5679::1' }, expected: false },
  { rule: 'IpAddress v4 CIDR never matches v6 address', op: 'IpAddress', key: 'aws:SourceIp', values: ['0.0.0.0/0'], context: { 'aws:SourceIp': '::1' }, expected: false },
  { rule: 'IpAddress list ORed (doc example v4+v6)', op: 'IpAddress', key: 'aws:SourceIp', values: ['192.0.2.0/24', '2001:DB8::/32'], context: { 'aws:SourceIp': '2001:db8::5' }, expected: true },
  { rule: 'NotIpAddress outside ranges', op: 'NotIpAddress', key: 'aws:SourceIp', values: ['192.0.2.0/24', '203.0.113.0/24'], context: { 'aws:SourceIp': '198.51.100.1' }, expected: true },
  { rule: 'NotIpAddress inside a range', op: 'NotIpAddress', key: 'aws:SourceIp', values: ['192.0.2.0/24', '203.0.113.0/24'], context: { 'aws:SourceIp': '203.0.113.1' }, expected: false },
  { rule: 'IpAddress invalid context does not match', op: 'IpAddress', key: 'aws:SourceIp', values: ['0.0.0.0/0'], context: { 'aws:SourceIp': 'not-an-ip' }, expected: false },
  // ARN
  { rule: 'ArnEquals exact', op: 'ArnEquals', key: 'aws:SourceArn', values: ['arn:aws:sns:us-east-1:123456789012:topic'], context: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic' }, expected: true },
  { rule: 'ArnLike wildcard region and resource', op: 'ArnLike', key: 'aws:SourceArn', values: ['arn:aws:lambda:*:123456789012:function:*'], context: { 'aws:SourceArn': 'arn:aws:lambda:eu-west-1:123456789012:function:f' }, expected: true },
  { rule: 'ArnLike wildcard does not cross into account', op: 'ArnLike', key: 'aws:SourceArn', values: ['arn:aws:lambda:*:123456789012:function:*'], context: { 'aws:SourceArn': 'arn:aws:lambda:eu-west-1:999999999999:function:f' }, expected: false },
  { rule: 'ArnLike on a non-ARN value is false', op: 'ArnLike', key: 'aws:SourceArn', values: ['arn:*'], context: { 'aws:SourceArn': 'bucket' }, expected: false },
  { rule: 'ArnNotLike different', op: 'ArnNotLike', key: 'aws:SourceArn', values: ['arn:aws:s3:::a-*'], context: { 'aws:SourceArn': 'arn:aws:s3:::b-1' }, expected: true },
  { rule: 'ArnNotEquals same', op: 'ArnNotEquals', key: 'aws:SourceArn', values: ['arn:aws:s3:::a'], context: { 'aws:SourceArn': 'arn:aws:s3:::a' }, expected: false },
  { rule: 'ArnLike is case-sensitive', op: 'ArnLike', key: 'aws:SourceArn', values: ['arn:aws:s3:::Bucket'], context: { 'aws:SourceArn': 'arn:aws:s3:::bucket' }, expected: false },
  // Null
  { rule: 'Null true when key absent', op: 'Null', key: 'aws:TokenIssueTime', values: ['true'], context: {}, expected: true },
  { rule: 'Null true when key present', op: 'Null', key: 'aws:TokenIssueTime', values: ['true'], context: { 'aws:TokenIssueTime': T }, expected: false },
  { rule: 'Null false when key present', op: 'Null', key: 'aws:TokenIssueTime', values: ['false'], context: { 'aws:TokenIssueTime': T }, expected: true },
  { rule: 'Null false when key absent', op: 'Null', key: 'aws:TokenIssueTime', values: ['false'], context: {}, expected: false },
  { rule: 'Null: empty list counts as absent', op: 'Null', key: 'aws:TagKeys', values: ['true'], context: { 'aws:TagKeys': [] }, expected: true },
  // Set qualifiers
  { rule: 'ForAllValues: every request value in the set', op: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['env', 'team'], context: { 'aws:TagKeys': ['env', 'team'] }, expected: true },
  { rule: 'ForAllValues: subset', op: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['env', 'team'], context: { 'aws:TagKeys': ['env'] }, expected: true },
  { rule: 'ForAllValues: one value outside', op: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['env', 'team'], context: { 'aws:TagKeys': ['env', 'cost'] }, expected: false },
  { rule: 'ForAllValues: missing key is vacuously true (trap)', op: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['env'], context: {}, expected: true },
  { rule: 'ForAllValues: empty list is vacuously true', op: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['env'], context: { 'aws:TagKeys': [] }, expected: true },
  { rule: 'ForAllValues:StringLike', op: 'ForAllValues:StringLike', key: 'aws:TagKeys', values: ['team-*'], context: { 'aws:TagKeys': ['team-a', 'team-b'] }, expected: true },
  { rule: 'ForAllValues:StringNotEquals none forbidden', op: 'ForAllValues:StringNotEquals', key: 'aws:TagKeys', values: ['secret'], context: { 'aws:TagKeys': ['a', 'b'] }, expected: true },
  { rule: 'ForAllValues:StringNotEquals one forbidden', op: 'ForAllValues:StringNotEquals', key: 'aws:TagKeys', values: ['secret'], context: { 'aws:TagKeys': ['a', 'secret'] }, expected: false },
  { rule: 'ForAnyValue: one value in the set', op: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['env'], context: { 'aws:TagKeys': ['cost', 'env'] }, expected: true },
  { rule: 'ForAnyValue: none in the set', op: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['env'], context: { 'aws:TagKeys': ['cost'] }, expected: false },
  { rule: 'ForAnyValue: missing key is false', op: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['env'], context: {}, expected: false },
  { rule: 'ForAnyValue:StringNotEquals: some value differs', op: 'ForAnyValue:StringNotEquals', key: 'aws:TagKeys', values: ['env'], context: { 'aws:TagKeys': ['env', 'x'] }, expected: true },
  { rule: 'ForAnyValue:StringNotEquals: all values excluded', op: 'ForAnyValue:StringNotEquals', key: 'aws:TagKeys', values: ['env'], context: { 'aws:TagKeys': ['env'] }, expected: false },
  { rule: 'qualifier is case-insensitive', op: 'forallvalues:stringequals', key: 'aws:TagKeys', values: ['env'], context: { 'aws:TagKeys': ['env'] }, expected: true },
  { rule: 'ForAnyValue:StringEqualsIfExists missing key', op: 'ForAnyValue:StringEqualsIfExists', key: 'k', values: ['a'], context: {}, expected: false },
  { rule: 'unqualified multivalued context: any value matches', op: 'StringEquals', key: 'k', values: ['a'], context: { k: ['b', 'a'] }, expected: true },
  { rule: 'unqualified negated multivalued context: all must differ', op: 'StringNotEquals', key: 'k', values: ['a'], context: { k: ['b', 'a'] }, expected: false },
  // Variables in conditions
  { rule: 'variable in StringEquals (2012-10-17)', op: 'StringEquals', key: 'aws:ResourceTag/owner', values: ['${aws:username}'], context: { 'aws:ResourceTag/owner': 'alice', 'aws:username': 'alice' }, expected: true },
  { rule: 'variable in StringLike prefix', op: 'StringLike', key: 's3:prefix', values: ['home/${aws:username}/*'], context: { 's3:prefix': 'home/bob/f', 'aws:username': 'alice' }, expected: false },
  { rule: 'unresolvable variable value never matches', op: 'StringEquals', key: 'k', values: ['${aws:username}'], context: { k: '' }, expected: false },
  { rule: 'variables not substituted in Numeric', op: 'NumericEquals', key: 'n', values: ['${n}'], context: { n: '1' }, expected: false },
  { rule: 'variable in ArnLike', op: 'ArnLike', key: 'aws:SourceArn', values: ['arn:aws:iam::*:user/${aws:username}'], context: { 'aws:SourceArn': 'arn:aws:iam::123456789012:user/alice', 'aws:username': 'alice' }, expected: true },
];

describe('condition operators (IAM condition operator docs)', () => {
  for (const c of cases) {
    test(`${c.rule}: ${c.op} ${c.key} ${JSON.stringify(c.values)} → ${String(c.expected)}`, () => {
      assert.equal(evaluateCondition({ operator: c.op, key: c.key, values: c.values }, c.context, true), c.expected);
    });
  }

  test('operators are ANDed across a Condition block', () => {
    const entries = [
      { operator: 'StringEquals', key: 'a', values: ['1'] },
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] },
    ];
    assert.equal(conditionsMatch(entries, { a: '1', 'aws:SecureTransport': 'true' }, true), true);
    assert.equal(conditionsMatch(entries, { a: '1', 'aws:SecureTransport': 'false' }, true), false);
  });

  test('keys within one operator are ANDed', () => {
    const entries = [
      { operator: 'StringEquals', key: 'a', values: ['1'] },
      { operator: 'StringEquals', key: 'b', values: ['2'] },
    ];
    assert.equal(conditionsMatch(entries, { a: '1', b: '2' }, true), true);
    assert.equal(conditionsMatch(entries, { a: '1', b: '3' }, true), false);
  });

  test('variables stay literal when the document is not 2012-10-17', () => {
    const entry = { operator: 'StringEquals', key: 'k', values: ['${aws:username}'] };
    assert.equal(evaluateCondition(entry, { k: '${aws:username}', 'aws:username': 'x' }, false), true);
    assert.equal(evaluateCondition(entry, { k: 'x', 'aws:username': 'x' }, false), false);
  });

  test('ipInCidr handles IPv4-mapped IPv6 tails', () => {
    assert.equal(ipInCidr('::ffff:0:0/96', '::ffff:192.0.2.1'), true);
    assert.equal(ipInCidr('10.0.0.0/33', '10.0.0.1'), false);
  });
});
