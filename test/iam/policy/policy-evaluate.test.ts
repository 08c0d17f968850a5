import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConditionContext } from '../../../src/iam/policy/conditions/context-value.js';
import { evaluate } from '../../../src/iam/policy/evaluate.js';
import type { Decision, EvaluationPrincipal, Policy, PolicyType } from '../../../src/iam/policy/evaluation-types.js';
import type { PolicyKind } from '../../../src/iam/policy/policy-document.js';
import { parsePolicyDocument } from '../../../src/iam/policy/policy-document.js';

const A = '111111111111';
const B = '222222222222';
const FN = `arn:aws:lambda:us-east-1:${A}:function:orders`;
const FN_B = `arn:aws:lambda:us-east-1:${B}:function:orders`;

const alice: EvaluationPrincipal = {
  arn: `arn:aws:iam::${A}:user/alice`,
  accountId: A,
  type: 'User',
  username: 'alice',
  userId: 'AIDAALICE',
  tags: { team: 'payments' },
};
const roleArn = `arn:aws:iam::${A}:role/app`;
const session: EvaluationPrincipal = {
  arn: `arn:aws:sts::${A}:assumed-role/app/s1`,
  accountId: A,
  type: 'AssumedRole',
  roleArn,
  userId: 'AROAAPP:s1',
};
const bob: EvaluationPrincipal = { arn: `arn:aws:iam::${B}:user/bob`, accountId: B, type: 'User', username: 'bob' };
const rootA: EvaluationPrincipal = { arn: `arn:aws:iam::${A}:root`, accountId: A, type: 'Account' };
const s3Service: EvaluationPrincipal = { arn: 's3.amazonaws.com', accountId: A, type: 'Service' };
const alarmsService: EvaluationPrincipal = { arn: 'lambda.alarms.cloudwatch.amazonaws.com', accountId: '', type: 'Service' };

type Statement = Record<string, unknown>;

function policy(id: string, kind: PolicyKind, statements: Statement[], version = '2012-10-17'): Policy {
  const result = parsePolicyDocument({ Version: version, Statement: statements }, kind);
  if (!result.ok) throw new Error(`bad test policy ${id}: ${result.message}`);
  return { id, document: result.document };
}

const allow = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});
const deny = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});
const id = (...statements: Statement[]): Policy => policy('identity-1', 'identity', statements);
const id2 = (...statements: Statement[]): Policy => policy('identity-2', 'identity', statements);
const boundary = (...statements: Statement[]): Policy => policy('boundary', 'identity', statements);
const sessionPolicy = (...statements: Statement[]): Policy => policy('session', 'identity', statements);
const res = (...statements: Statement[]): Policy => policy('resource', 'resource', statements);
const grant = (principal: unknown, action = 'lambda:InvokeFunction', effect = 'Allow', extra: Statement = {}): Statement => ({
  Effect: effect,
  Principal: principal,
  Action: action,
  Resource: FN,
  ...extra,
});

interface Case {
  readonly rule: string;
  readonly principal?: EvaluationPrincipal;
  readonly action?: string;
  readonly resource?: string;
  readonly resourceAccountId?: string;
  readonly context?: ConditionContext;
  readonly identity?: Policy[];
  readonly resourcePolicy?: Policy;
  readonly boundary?: Policy;
  readonly session?: Policy[];
  readonly expected: Decision['decision'];
  readonly decidedBy?: { policy: string; statementIndex: number; sid?: string };
  readonly deniedBy?: PolicyType;
}

const cases: Case[] = [
  // Identity policies only
  { rule: 'default: no policies → implicit deny', expected: 'ImplicitlyDenied', deniedBy: 'identity' },
  { rule: 'identity allow on exact action/resource', identity: [id(allow('lambda:InvokeFunction', FN))], expected: 'Allowed', decidedBy: { policy: 'identity-1', statementIndex: 0 } },
  { rule: 'identity allow with action wildcard service:*', identity: [id(allow('lambda:*'))], expected: 'Allowed' },
  { rule: 'identity allow with action prefix wildcard', identity: [id(allow('lambda:Invoke*', FN))], expected: 'Allowed' },
  { rule: 'identity allow with ? in action', identity: [id(allow('lambda:InvokeFunctio?', FN))], expected: 'Allowed' },
  { rule: 'action match is case-insensitive', identity: [id(allow('LAMBDA:invokefunction', FN))], expected: 'Allowed' },
  { rule: 'different action → implicit deny', identity: [id(allow('lambda:GetFunction', FN))], expected: 'ImplicitlyDenied', deniedBy: 'identity' },
  { rule: 'different service same action name → implicit deny', identity: [id(allow('s3:InvokeFunction'))], expected: 'ImplicitlyDenied' },
  { rule: 'Action "*" allows everything', identity: [id(allow('*'))], expected: 'Allowed' },
  { rule: 'resource mismatch → implicit deny', identity: [id(allow('lambda:InvokeFunction', `${FN}-2`))], expected: 'ImplicitlyDenied' },
  { rule: 'resource match is case-sensitive', identity: [id(allow('lambda:InvokeFunction', FN.replace('orders', 'Orders')))], expected: 'ImplicitlyDenied' },
  { rule: 'resource wildcard in resource part', identity: [id(allow('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:*`))], expected: 'Allowed' },
  { rule: 'resource wildcard in region part', identity: [id(allow('lambda:InvokeFunction', `arn:aws:lambda:*:${A}:function:orders`))], expected: 'Allowed' },
  { rule: 'resource * spans : in resource part (qualified ARN)', resource: `${FN}:prod`, identity: [id(allow('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:*`))], expected: 'Allowed' },
  { rule: 'unqualified ARN does not match qualified request', resource: `${FN}:prod`, identity: [id(allow('lambda:InvokeFunction', FN))], expected: 'ImplicitlyDenied' },
  { rule: 'resource ? wildcard', identity: [id(allow('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:order?`))], expected: 'Allowed' },
  { rule: 'resource wildcard does not span into account part', identity: [id(allow('lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${B}:function:*`))], expected: 'ImplicitlyDenied' },
  { rule: 'allow in second of several identity policies', identity: [id(allow('lambda:GetFunction')), id2(allow('lambda:InvokeFunction'))], expected: 'Allowed', decidedBy: { policy: 'identity-2', statementIndex: 0 } },
  { rule: 'deciding statement carries Sid and index', identity: [id(allow('s3:*'), allow('lambda:InvokeFunction', FN, { Sid: 'Invoke' }))], expected: 'Allowed', decidedBy: { policy: 'identity-1', statementIndex: 1, sid: 'Invoke' } },
  { rule: 'action list: any entry matches', identity: [id(allow(['s3:GetObject', 'lambda:InvokeFunction'], FN))], expected: 'Allowed' },
  { rule: 'resource list: any entry matches', identity: [id(allow('lambda:InvokeFunction', ['arn:aws:s3:::x', FN]))], expected: 'Allowed' },
  // Explicit deny
  { rule: 'explicit deny beats allow in the same policy', identity: [id(allow('lambda:*'), deny('lambda:InvokeFunction', FN))], expected: 'ExplicitlyDenied', decidedBy: { policy: 'identity-1', statementIndex: 1 }, deniedBy: 'identity' },
  { rule: 'explicit deny in another policy beats allow', identity: [id(allow('*')), id2(deny('lambda:*'))], expected: 'ExplicitlyDenied', decidedBy: { policy: 'identity-2', statementIndex: 0 } },
  { rule: 'deny on another action does not apply', identity: [id(allow('lambda:*'), deny('lambda:DeleteFunction'))], expected: 'Allowed' },
  { rule: 'deny alone is still explicit', identity: [id(deny('lambda:InvokeFunction'))], expected: 'ExplicitlyDenied' },
  { rule: 'deny with failed condition does not apply', identity: [id(allow('lambda:*'), deny('lambda:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))], context: { 'aws:SecureTransport': 'true' }, expected: 'Allowed' },
  { rule: 'deny with matching condition applies', identity: [id(allow('lambda:*'), deny('lambda:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))], context: { 'aws:SecureTransport': 'false' }, expected: 'ExplicitlyDenied' },
  // NotAction / NotResource
  { rule: 'Allow NotAction: action not listed is allowed', identity: [id({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], expected: 'Allowed' },
  { rule: 'Allow NotAction: listed action is not allowed', action: 'iam:CreateUser', identity: [id({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], expected: 'ImplicitlyDenied' },
  { rule: 'Deny NotAction denies everything else', identity: [id(allow('*'), { Effect: 'Deny', NotAction: ['lambda:GetFunction'], Resource: '*' })], expected: 'ExplicitlyDenied' },
  { rule: 'Deny NotAction spares listed actions', action: 'lambda:GetFunction', identity: [id(allow('*'), { Effect: 'Deny', NotAction: ['lambda:GetFunction'], Resource: '*' })], expected: 'Allowed' },
  { rule: 'NotAction matching is case-insensitive', action: 'lambda:getfunction', identity: [id(allow('*'), { Effect: 'Deny', NotAction: 'lambda:GetFunction', Resource: '*' })], expected: 'Allowed' },
  { rule: 'Allow NotResource: other resources allowed', identity: [id({ Effect: 'Allow', Action: 'lambda:*', NotResource: `${FN}-secret` })], expected: 'Allowed' },
  { rule: 'Allow NotResource: listed resource excluded', resource: `${FN}-secret`, identity: [id({ Effect: 'Allow', Action: 'lambda:*', NotResource: `${FN}-secret` })], expected: 'ImplicitlyDenied' },
  { rule: 'Deny NotResource: denies outside the listed resources', identity: [id(allow('*'), { Effect: 'Deny', Action: '*', NotResource: `arn:aws:lambda:*:${A}:function:dev-*` })], expected: 'ExplicitlyDenied' },
  { rule: 'Deny NotResource: listed resource spared', resource: `arn:aws:lambda:us-east-1:${A}:function:dev-1`, identity: [id(allow('*'), { Effect: 'Deny', Action: '*', NotResource: `arn:aws:lambda:*:${A}:function:dev-*` })], expected: 'Allowed' },
  { rule: 'NotAction + NotResource Allow', action: 's3:GetObject', identity: [id({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' })], resource: 'arn:aws:s3:::public/a', expected: 'Allowed' },
  // Conditions in identity policies
  { rule: 'condition satisfied → allow', identity: [id(allow('lambda:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }))], context: { 'aws:RequestedRegion': 'us-east-1' }, expected: 'Allowed' },
  { rule: 'condition unsatisfied → implicit deny', identity: [id(allow('lambda:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }))], context: { 'aws:RequestedRegion': 'eu-west-1' }, expected: 'ImplicitlyDenied' },
  { rule: 'condition key missing → implicit deny', identity: [id(allow('lambda:*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }))], expected: 'ImplicitlyDenied' },
  { rule: 'IpAddress condition from docs (deny outside range)', identity: [id(allow('*'), deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } }))], context: { 'aws:SourceIp': '198.51.100.7' }, expected: 'ExplicitlyDenied' },
  { rule: 'IpAddress condition inside range not denied', identity: [id(allow('*'), deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } }))], context: { 'aws:SourceIp': '192.0.2.7' }, expected: 'Allowed' },
  { rule: 'time window DateGreaterThan/DateLessThan (docs example)', identity: [id(allow('lambda:*', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-12-31T23:59:59Z' } } }))], context: { 'aws:CurrentTime': '2026-11-22T12:00:00Z' }, expected: 'Allowed' },
  { rule: 'time window expired', identity: [id(allow('lambda:*', '*', { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-06-30T23:59:59Z' } } }))], context: { 'aws:CurrentTime': '2026-11-22T12:00:00Z' }, expected: 'ImplicitlyDenied' },
  { rule: 'ABAC: PrincipalTag equals ResourceTag', identity: [id(allow('lambda:*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } }))], context: { 'aws:ResourceTag/team': 'payments' }, expected: 'Allowed' },
  { rule: 'ABAC: tag mismatch', identity: [id(allow('lambda:*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } }))], context: { 'aws:ResourceTag/team': 'search' }, expected: 'ImplicitlyDenied' },
  { rule: 'caller cannot forge principal tags via context', identity: [id(allow('lambda:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'admins' } } }))], context: { 'aws:PrincipalTag/team': 'admins' }, expected: 'ImplicitlyDenied' },
  { rule: 'caller cannot forge aws:username via context', identity: [id(allow('lambda:*', '*', { Condition: { StringEquals: { 'aws:username': 'root-ish' } } }))], context: { 'aws:username': 'root-ish' }, expected: 'ImplicitlyDenied' },
  { rule: 'aws:PrincipalAccount derived from principal', identity: [id(allow('lambda:*', '*', { Condition: { StringEquals: { 'aws:PrincipalAccount': A } } }))], expected: 'Allowed' },
  { rule: 'aws:PrincipalArn of a session is the role ARN', principal: session, identity: [id(allow('lambda:*', '*', { Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn } } }))], expected: 'Allowed' },
  { rule: 'aws:PrincipalType derived', identity: [id(allow('lambda:*', '*', { Condition: { StringEquals: { 'aws:PrincipalType': 'User' } } }))], expected: 'Allowed' },
  { rule: 'ForAllValues with no tags in request: vacuous allow (doc trap)', action: 'lambda:TagResource', identity: [id(allow('lambda:TagResource', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } } }))], expected: 'Allowed' },
  { rule: 'ForAllValues + Null guard blocks the vacuous case', action: 'lambda:TagResource', identity: [id(allow('lambda:TagResource', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] }, Null: { 'aws:TagKeys': 'false' } } }))], expected: 'ImplicitlyDenied' },
  { rule: 'MFA: BoolIfExists deny when MFA false', identity: [id(allow('*'), deny('*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }))], context: { 'aws:MultiFactorAuthPresent': 'false' }, expected: 'ExplicitlyDenied' },
  { rule: 'MFA: BoolIfExists deny when key missing (long-term keys)', identity: [id(allow('*'), deny('*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }))], expected: 'ExplicitlyDenied' },
  { rule: 'MFA: BoolIfExists no deny with MFA', identity: [id(allow('*'), deny('*', '*', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }))], context: { 'aws:MultiFactorAuthPresent': 'true' }, expected: 'Allowed' },
  { rule: 'lambda:FunctionUrlAuthType condition', action: 'lambda:CreateFunctionUrlConfig', identity: [id(allow('lambda:CreateFunctionUrlConfig', '*', { Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } } }))], context: { 'lambda:FunctionUrlAuthType': 'NONE' }, expected: 'ImplicitlyDenied' },
  // Policy variables in Resource
  { rule: 'Resource with ${aws:username}', resource: `arn:aws:iam::${A}:user/alice`, action: 'iam:GetUser', identity: [id(allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`))], expected: 'Allowed' },
  { rule: 'Resource with ${aws:username} for another user', resource: `arn:aws:iam::${A}:user/bob`, action: 'iam:GetUser', identity: [id(allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`))], expected: 'ImplicitlyDenied' },
  { rule: 'Resource variable is literal under 2008-10-17', resource: `arn:aws:iam::${A}:user/alice`, action: 'iam:GetUser', identity: [policy('old', 'identity', [allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`)], '2008-10-17')], expected: 'ImplicitlyDenied' },
  { rule: 'Resource variable unresolvable (role has no username)', principal: session, resource: `arn:aws:iam::${A}:user/app`, action: 'iam:GetUser', identity: [id(allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`))], expected: 'ImplicitlyDenied' },
  { rule: 'Resource variable with default value', principal: session, resource: 'arn:aws:s3:::bucket/shared/x', action: 's3:GetObject', identity: [id(allow('s3:GetObject', "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*"))], expected: 'Allowed' },
  { rule: 'Resource variable from principal tag', resource: 'arn:aws:s3:::bucket/payments/x', action: 's3:GetObject', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*'))], expected: 'Allowed' },
  { rule: 'substituted value is literal, not a wildcard', principal: { ...alice, username: '*' }, resource: `arn:aws:iam::${A}:user/bob`, action: 'iam:GetUser', identity: [id(allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`))], expected: 'ImplicitlyDenied' },
  { rule: 'variables are not substituted before the fifth colon (account part)', action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/alice`, identity: [id(allow('iam:GetUser', 'arn:aws:iam::${aws:PrincipalAccount}:user/alice'))], expected: 'ImplicitlyDenied' },
  { rule: 'variables in the resource part after the fifth colon', action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/alice`, identity: [id(allow('iam:GetUser', 'arn:aws:iam::*:user/${aws:username}'))], expected: 'Allowed' },
  { rule: 'escape ${*} is a literal asterisk', resource: 'arn:aws:s3:::bucket/a*b', action: 's3:GetObject', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::bucket/a${*}b'))], expected: 'Allowed' },
  { rule: 'escape ${*} does not act as a wildcard', resource: 'arn:aws:s3:::bucket/axxb', action: 's3:GetObject', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::bucket/a${*}b'))], expected: 'ImplicitlyDenied' },
  // Permissions boundaries
  { rule: 'boundary allows and identity allows → allowed', identity: [id(allow('lambda:*'))], boundary: boundary(allow('lambda:*')), expected: 'Allowed', decidedBy: { policy: 'identity-1', statementIndex: 0 } },
  { rule: 'boundary does not allow → implicit deny (boundary caps)', identity: [id(allow('*'))], boundary: boundary(allow('s3:*')), expected: 'ImplicitlyDenied', deniedBy: 'boundary' },
  { rule: 'boundary allows but identity does not → implicit deny', boundary: boundary(allow('*')), expected: 'ImplicitlyDenied', deniedBy: 'identity' },
  { rule: 'boundary explicit deny', identity: [id(allow('*'))], boundary: boundary(allow('*'), deny('lambda:InvokeFunction')), expected: 'ExplicitlyDenied', deniedBy: 'boundary', decidedBy: { policy: 'boundary', statementIndex: 1 } },
  { rule: 'boundary conditions apply', identity: [id(allow('*'))], boundary: boundary(allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })), context: { 'aws:RequestedRegion': 'eu-west-1' }, expected: 'ImplicitlyDenied', deniedBy: 'boundary' },
  // Session policies
  { rule: 'session policy narrows role permissions', principal: session, identity: [id(allow('*'))], session: [sessionPolicy(allow('s3:*'))], expected: 'ImplicitlyDenied', deniedBy: 'session' },
  { rule: 'session policy allows within role permissions', principal: session, identity: [id(allow('*'))], session: [sessionPolicy(allow('lambda:InvokeFunction'))], expected: 'Allowed' },
  { rule: 'session policy cannot grant beyond identity', principal: session, identity: [id(allow('s3:*'))], session: [sessionPolicy(allow('*'))], expected: 'ImplicitlyDenied', deniedBy: 'identity' },
  { rule: 'session policy explicit deny', principal: session, identity: [id(allow('*'))], session: [sessionPolicy(allow('*'), deny('lambda:*'))], expected: 'ExplicitlyDenied', deniedBy: 'session' },
  { rule: 'identity ∩ boundary ∩ session all allow', principal: session, identity: [id(allow('lambda:*'))], boundary: boundary(allow('lambda:Invoke*')), session: [sessionPolicy(allow('lambda:InvokeFunction', FN))], expected: 'Allowed' },
  // Resource-based policies, same account
  { rule: 'same account: resource policy naming the user suffices', resourcePolicy: res(grant({ AWS: alice.arn })), expected: 'Allowed', decidedBy: { policy: 'resource', statementIndex: 0 } },
  { rule: 'same account: resource policy naming the session ARN suffices', principal: session, resourcePolicy: res(grant({ AWS: session.arn })), expected: 'Allowed' },
  { rule: 'same account: resource policy naming the role suffices without identity allow', principal: session, resourcePolicy: res(grant({ AWS: roleArn })), expected: 'Allowed' },
  { rule: 'same account: Principal "*" allows anyone', resourcePolicy: res(grant('*')), expected: 'Allowed' },
  { rule: 'same account: Principal {AWS:"*"} allows anyone', resourcePolicy: res(grant({ AWS: '*' })), expected: 'Allowed' },
  { rule: 'same account: resource policy naming the account delegates to identity (none) → deny', resourcePolicy: res(grant({ AWS: `arn:aws:iam::${A}:root` })), expected: 'ImplicitlyDenied', deniedBy: 'identity' },
  { rule: 'same account: account principal as bare id also delegates', resourcePolicy: res(grant({ AWS: A })), identity: [id(allow('lambda:InvokeFunction'))], expected: 'Allowed', decidedBy: { policy: 'identity-1', statementIndex: 0 } },
  { rule: 'same account: resource policy for another user does not apply', resourcePolicy: res(grant({ AWS: `arn:aws:iam::${A}:user/carol` })), expected: 'ImplicitlyDenied' },
  { rule: 'same account: resource policy for another action', resourcePolicy: res(grant({ AWS: alice.arn }, 'lambda:GetFunction')), expected: 'ImplicitlyDenied' },
  { rule: 'same account: identity allow alone suffices', identity: [id(allow('lambda:InvokeFunction'))], resourcePolicy: res(grant({ AWS: `arn:aws:iam::${A}:user/carol` })), expected: 'Allowed' },
  { rule: 'resource policy explicit deny beats identity allow', identity: [id(allow('*'))], resourcePolicy: res(grant({ AWS: alice.arn }, 'lambda:InvokeFunction', 'Deny')), expected: 'ExplicitlyDenied', deniedBy: 'resource' },
  { rule: 'identity explicit deny beats resource allow', identity: [id(deny('lambda:*'))], resourcePolicy: res(grant({ AWS: alice.arn })), expected: 'ExplicitlyDenied', deniedBy: 'identity' },
  { rule: 'resource Deny with Principal "*" denies everyone', identity: [id(allow('*'))], resourcePolicy: res(grant('*', 'lambda:*', 'Deny')), expected: 'ExplicitlyDenied' },
  { rule: 'resource policy without Resource covers its resource', resourcePolicy: res({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'lambda:InvokeFunction' }), expected: 'Allowed' },
  { rule: 'resource policy condition aws:SourceArn (service principal)', principal: s3Service, resourcePolicy: res(grant({ Service: 's3.amazonaws.com' }, 'lambda:InvokeFunction', 'Allow', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' } } })), context: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' }, expected: 'Allowed' },
  { rule: 'service principal with wrong SourceArn', principal: s3Service, resourcePolicy: res(grant({ Service: 's3.amazonaws.com' }, 'lambda:InvokeFunction', 'Allow', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' } } })), context: { 'aws:SourceArn': 'arn:aws:s3:::other' }, expected: 'ImplicitlyDenied' },
  { rule: 'other service principal not matched', principal: s3Service, resourcePolicy: res(grant({ Service: 'sns.amazonaws.com' })), expected: 'ImplicitlyDenied' },
  { rule: 'service principal not matched by account principal', principal: s3Service, resourcePolicy: res(grant({ AWS: A })), expected: 'ImplicitlyDenied' },
  { rule: 'a service acting for itself (no account): the resource policy naming it allows', principal: alarmsService, resourcePolicy: res(grant({ Service: 'lambda.alarms.cloudwatch.amazonaws.com' })), expected: 'Allowed', decidedBy: { policy: 'resource', statementIndex: 0 } },
  { rule: 'a service acting for itself: without a resource policy, denied', principal: alarmsService, expected: 'ImplicitlyDenied', deniedBy: 'resource' },
  { rule: 'a service acting for itself: identity policies never allow it', principal: alarmsService, identity: [id(allow('*'))], expected: 'ImplicitlyDenied', deniedBy: 'resource' },
  { rule: 'a service acting for itself has no aws:PrincipalAccount: a Deny on its absence applies', principal: alarmsService, resourcePolicy: res(grant({ Service: 'lambda.alarms.cloudwatch.amazonaws.com' }), grant('*', 'lambda:InvokeFunction', 'Deny', { Condition: { Null: { 'aws:PrincipalAccount': 'true' } } })), expected: 'ExplicitlyDenied', deniedBy: 'resource' },
  { rule: 'a service acting for itself: a resource deny wins', principal: alarmsService, resourcePolicy: res(grant('*', 'lambda:*', 'Deny')), expected: 'ExplicitlyDenied', deniedBy: 'resource' },
  { rule: 'Principal value list: any entry matches', resourcePolicy: res(grant({ AWS: [`arn:aws:iam::${A}:user/carol`, alice.arn] })), expected: 'Allowed' },
  { rule: 'resource policy: a statement naming the user outranks one naming the account', resourcePolicy: res(grant({ AWS: A }), grant({ AWS: alice.arn })), expected: 'Allowed', decidedBy: { policy: 'resource', statementIndex: 1 } },
  { rule: 'resource policy condition StringEqualsIfExists with key absent', resourcePolicy: res(grant({ AWS: alice.arn }, 'lambda:InvokeFunction', 'Allow', { Condition: { StringEqualsIfExists: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } } })), expected: 'Allowed' },
  // Resource policies vs boundaries and sessions (security.md §4 vectors)
  { rule: 'boundary explicit deny + resource policy allows role → ExplicitlyDenied', principal: session, boundary: boundary(deny('lambda:*')), resourcePolicy: res(grant({ AWS: roleArn })), expected: 'ExplicitlyDenied', deniedBy: 'boundary' },
  { rule: 'boundary implicit deny + resource policy allows the session → Allowed', principal: session, boundary: boundary(allow('s3:*')), resourcePolicy: res(grant({ AWS: session.arn })), expected: 'Allowed', decidedBy: { policy: 'resource', statementIndex: 0 } },
  { rule: 'boundary implicit deny + resource policy allows the role → ImplicitlyDenied', principal: session, boundary: boundary(allow('s3:*')), resourcePolicy: res(grant({ AWS: roleArn })), expected: 'ImplicitlyDenied', deniedBy: 'boundary' },
  { rule: 'boundary allows + resource policy allows the role → Allowed', principal: session, boundary: boundary(allow('lambda:*')), resourcePolicy: res(grant({ AWS: roleArn })), expected: 'Allowed' },
  { rule: 'boundary implicit deny + resource policy names the IAM user → Allowed', boundary: boundary(allow('s3:*')), resourcePolicy: res(grant({ AWS: alice.arn })), expected: 'Allowed' },
  { rule: 'session policy implicit deny + resource policy names the role → ImplicitlyDenied', principal: session, session: [sessionPolicy(allow('s3:*'))], resourcePolicy: res(grant({ AWS: roleArn })), expected: 'ImplicitlyDenied', deniedBy: 'session' },
  { rule: 'session policy implicit deny + resource policy names the session → Allowed', principal: session, session: [sessionPolicy(allow('s3:*'))], resourcePolicy: res(grant({ AWS: session.arn })), expected: 'Allowed' },
  { rule: 'session policy explicit deny + resource policy names the session → ExplicitlyDenied', principal: session, session: [sessionPolicy(deny('*'))], resourcePolicy: res(grant({ AWS: session.arn })), expected: 'ExplicitlyDenied', deniedBy: 'session' },
  { rule: 'boundary implicit deny + resource policy names the account → ImplicitlyDenied', identity: [id(allow('*'))], boundary: boundary(allow('s3:*')), resourcePolicy: res(grant({ AWS: A })), expected: 'ImplicitlyDenied', deniedBy: 'boundary' },
  // NotPrincipal
  { rule: 'Deny NotPrincipal: listed user (with account) is spared', identity: [id(allow('*'))], resourcePolicy: res({ Effect: 'Deny', NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${A}:root`] }, Action: '*', Resource: FN }), expected: 'Allowed' },
  { rule: 'Deny NotPrincipal: other users denied', principal: { ...alice, arn: `arn:aws:iam::${A}:user/carol`, username: 'carol' }, identity: [id(allow('*'))], resourcePolicy: res({ Effect: 'Deny', NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${A}:root`] }, Action: '*', Resource: FN }), expected: 'ExplicitlyDenied', deniedBy: 'resource' },
  { rule: 'Deny NotPrincipal listing the user but not the account still denies (docs)', identity: [id(allow('*'))], resourcePolicy: res({ Effect: 'Deny', NotPrincipal: { AWS: [alice.arn] }, Action: '*', Resource: FN }), expected: 'ExplicitlyDenied' },
  { rule: 'Deny NotPrincipal listing only the role does not spare its sessions (docs)', principal: session, identity: [id(allow('*'))], resourcePolicy: res({ Effect: 'Deny', NotPrincipal: { AWS: [roleArn, `arn:aws:iam::${A}:root`] }, Action: '*', Resource: FN }), expected: 'ExplicitlyDenied' },
  { rule: 'Deny NotPrincipal listing role, session and account spares the session', principal: session, identity: [id(allow('*'))], resourcePolicy: res({ Effect: 'Deny', NotPrincipal: { AWS: [roleArn, session.arn, `arn:aws:iam::${A}:root`] }, Action: '*', Resource: FN }), expected: 'Allowed' },
  { rule: 'Allow NotPrincipal grants everyone else', resourcePolicy: res({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${A}:user/carol` }, Action: 'lambda:InvokeFunction', Resource: FN }), expected: 'Allowed' },
  // Cross-account
  { rule: 'cross-account: identity allow without resource policy → deny', principal: bob, identity: [id(allow('lambda:InvokeFunction', FN))], expected: 'ImplicitlyDenied', deniedBy: 'resource' },
  { rule: 'cross-account: resource allow without identity allow → deny', principal: bob, resourcePolicy: res(grant({ AWS: B })), expected: 'ImplicitlyDenied', deniedBy: 'identity' },
  { rule: 'cross-account: both sides allow (account principal) → allowed', principal: bob, identity: [id(allow('lambda:InvokeFunction', FN))], resourcePolicy: res(grant({ AWS: `arn:aws:iam::${B}:root` })), expected: 'Allowed', decidedBy: { policy: 'identity-1', statementIndex: 0 } },
  { rule: 'cross-account: both sides allow (user principal)', principal: bob, identity: [id(allow('lambda:*'))], resourcePolicy: res(grant({ AWS: bob.arn })), expected: 'Allowed' },
  { rule: 'cross-account: resource names the user but identity silent → deny', principal: bob, resourcePolicy: res(grant({ AWS: bob.arn })), expected: 'ImplicitlyDenied', deniedBy: 'identity' },
  { rule: 'cross-account: resource policy grants another account', principal: bob, identity: [id(allow('*'))], resourcePolicy: res(grant({ AWS: `arn:aws:iam::333333333333:root` })), expected: 'ImplicitlyDenied', deniedBy: 'resource' },
  { rule: 'cross-account: Principal "*" + identity allow', principal: bob, identity: [id(allow('*'))], resourcePolicy: res(grant('*')), expected: 'Allowed' },
  { rule: 'cross-account: boundary caps even with both sides', principal: bob, identity: [id(allow('*'))], boundary: boundary(allow('s3:*')), resourcePolicy: res(grant({ AWS: B })), expected: 'ImplicitlyDenied', deniedBy: 'boundary' },
  { rule: 'cross-account: resource explicit deny', principal: bob, identity: [id(allow('*'))], resourcePolicy: res(grant({ AWS: B }), grant({ AWS: bob.arn }, 'lambda:InvokeFunction', 'Deny')), expected: 'ExplicitlyDenied', deniedBy: 'resource', decidedBy: { policy: 'resource', statementIndex: 1 } },
  { rule: 'cross-account: resource condition aws:PrincipalAccount', principal: bob, identity: [id(allow('*'))], resourcePolicy: res(grant('*', 'lambda:InvokeFunction', 'Allow', { Condition: { StringEquals: { 'aws:PrincipalAccount': B } } })), expected: 'Allowed' },
  { rule: 'same user calling into own account resource of account B', principal: alice, resource: FN_B, resourceAccountId: B, identity: [id(allow('*'))], expected: 'ImplicitlyDenied', deniedBy: 'resource' },
  // Account root
  { rule: 'account root in its own account is allowed without policies', principal: rootA, expected: 'Allowed' },
  { rule: 'other account root needs the resource side', principal: { arn: `arn:aws:iam::${B}:root`, accountId: B, type: 'Account' }, expected: 'ImplicitlyDenied', deniedBy: 'resource' },
  { rule: 'other account root allowed by a resource policy naming its account', principal: { arn: `arn:aws:iam::${B}:root`, accountId: B, type: 'Account' }, resourcePolicy: res(grant({ AWS: B })), expected: 'Allowed', decidedBy: { policy: 'resource', statementIndex: 0 } },
  { rule: 'account root is still stopped by a resource policy deny', principal: rootA, resourcePolicy: res(grant({ AWS: A }, 'lambda:*', 'Deny')), expected: 'ExplicitlyDenied' },
];

describe('policy evaluation (AWS policy evaluation logic)', () => {
  for (const c of cases) {
    test(`${c.rule} → ${c.expected}`, () => {
      const principal = c.principal ?? alice;
      const decision = evaluate(
        {
          principal,
          action: c.action ?? 'lambda:InvokeFunction',
          resource: c.resource ?? FN,
          resourceAccountId: c.resourceAccountId ?? A,
          context: c.context ?? {},
        },
        {
          identity: c.identity ?? [],
          ...(c.resourcePolicy === undefined ? {} : { resource: c.resourcePolicy }),
          ...(c.boundary === undefined ? {} : { permissionsBoundary: c.boundary }),
          ...(c.session === undefined ? {} : { sessionPolicies: c.session }),
        },
      );
      assert.equal(decision.decision, c.expected, decision.reason);
      if (c.decidedBy !== undefined) {
        assert.equal(decision.deciding?.policy, c.decidedBy.policy);
        assert.equal(decision.deciding.statementIndex, c.decidedBy.statementIndex);
        if (c.decidedBy.sid !== undefined) assert.equal(decision.deciding.sid, c.decidedBy.sid);
      }
      if (c.deniedBy !== undefined) assert.equal(decision.deniedBy, c.deniedBy);
      if (c.expected === 'ExplicitlyDenied') assert.ok(decision.deciding !== undefined, 'explicit deny names its statement');
    });
  }
});
