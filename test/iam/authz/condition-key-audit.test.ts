/**
 * The condition-key audit as a test: every action lambdabox serves (Lambda routes, IAM, SQS, STS) has its
 * documented condition keys listed here (Service Authorization Reference: the action's keys plus its resource
 * types' keys; identity-provider keys of AssumeRole left out, lambdabox has no federated sessions), and each key
 * is accounted for: supplied (by the authorizer or the service, with the test that shows it), absent in every
 * lambdabox request (so absent is what AWS would give), or unsupplied, which must then fail closed through
 * `unsuppliedKeys`. A route or action added without an audit fails the first test.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LAMBDA_ROUTES } from '../../../src/api/lambda/routes.js';
import { IAM_ACTIONS } from '../../../src/services/iam/api/iam-api.js';
import { SQS_ACTIONS } from '../../../src/services/sqs/api/sqs-actions.js';
import type { IamInput } from '../../../src/api/lambda/iam-spec.js';
import type { Caller } from '../../../src/iam/caller.js';
import { unsuppliedKeys } from '../../../src/iam/authz/unsupplied-keys.js';

const DOCUMENTED: Readonly<Record<string, readonly string[]>> = {
  'iam:AddUserToGroup': [],
  'iam:AttachGroupPolicy': ['iam:PolicyARN'],
  'iam:AttachRolePolicy': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:PolicyARN', 'iam:ResourceTag/*', 'iam:RoleTemplateARN'],
  'iam:AttachUserPolicy': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:PolicyARN', 'iam:ResourceTag/*'],
  'iam:CreateAccessKey': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:CreateGroup': [],
  'iam:CreatePolicy': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys'],
  'iam:CreatePolicyVersion': ['aws:ResourceTag/*'],
  'iam:CreateRole': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys', 'iam:PermissionsBoundary', 'iam:ResourceTag/*', 'iam:RoleTemplateARN'],
  'iam:CreateUser': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'iam:DeleteAccessKey': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:DeleteGroup': [],
  'iam:DeleteGroupPolicy': [],
  'iam:DeletePolicy': ['aws:ResourceTag/*'],
  'iam:DeletePolicyVersion': ['aws:ResourceTag/*'],
  'iam:DeleteRole': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'iam:DeleteRolePermissionsBoundary': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'iam:DeleteRolePolicy': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'iam:DeleteUser': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:DeleteUserPermissionsBoundary': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'iam:DeleteUserPolicy': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'iam:DetachGroupPolicy': ['iam:PolicyARN'],
  'iam:DetachRolePolicy': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:PolicyARN', 'iam:ResourceTag/*'],
  'iam:DetachUserPolicy': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:PolicyARN', 'iam:ResourceTag/*'],
  'iam:GetGroup': [],
  'iam:GetGroupPolicy': [],
  'iam:GetPolicy': ['aws:ResourceTag/*'],
  'iam:GetPolicyVersion': ['aws:ResourceTag/*'],
  'iam:GetRole': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*', 'iam:RoleTemplateARN'],
  'iam:GetRolePolicy': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:GetUser': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:GetUserPolicy': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:ListAccessKeys': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:ListAttachedGroupPolicies': [],
  'iam:ListAttachedRolePolicies': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:ListAttachedUserPolicies': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:ListGroupPolicies': [],
  'iam:ListGroups': [],
  'iam:ListGroupsForUser': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:ListPolicies': [],
  'iam:ListPolicyVersions': ['aws:ResourceTag/*'],
  'iam:ListRolePolicies': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:ListRoleTags': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:ListRoles': [],
  'iam:ListUserPolicies': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:ListUserTags': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:ListUsers': [],
  'iam:PassRole': ['aws:ResourceTag/*', 'iam:AssociatedResourceArn', 'iam:PassedToService', 'iam:ResourceTag/*'],
  'iam:PutGroupPolicy': [],
  'iam:PutRolePermissionsBoundary': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*', 'iam:RoleTemplateARN'],
  'iam:PutRolePolicy': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*', 'iam:RoleTemplateARN'],
  'iam:PutUserPermissionsBoundary': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'iam:PutUserPolicy': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'iam:RemoveUserFromGroup': [],
  'iam:SetDefaultPolicyVersion': ['aws:ResourceTag/*'],
  'iam:SimulatePrincipalPolicy': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:TagRole': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys', 'iam:ResourceTag/*', 'iam:RoleTemplateARN'],
  'iam:TagUser': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys', 'iam:ResourceTag/*'],
  'iam:UntagRole': ['aws:ResourceTag/*', 'aws:TagKeys', 'iam:ResourceTag/*'],
  'iam:UntagUser': ['aws:ResourceTag/*', 'aws:TagKeys', 'iam:ResourceTag/*'],
  'iam:UpdateAccessKey': ['aws:ResourceTag/*', 'iam:ResourceTag/*'],
  'iam:UpdateAssumeRolePolicy': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'iam:UpdateRole': ['aws:ResourceTag/*', 'iam:PermissionsBoundary', 'iam:ResourceTag/*'],
  'lambda:AddLayerVersionPermission': [],
  'lambda:AddPermission': ['aws:ResourceTag/*', 'lambda:FunctionUrlAuthType', 'lambda:Principal'],
  'lambda:CreateAlias': ['aws:ResourceTag/*'],
  'lambda:CreateFunction': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys', 'lambda:CodeSigningConfigArn', 'lambda:Layer', 'lambda:SecurityGroupIds', 'lambda:SubnetIds', 'lambda:VpcIds'],
  'lambda:DeleteAlias': ['aws:ResourceTag/*'],
  'lambda:DeleteFunction': ['aws:ResourceTag/*'],
  'lambda:DeleteFunctionConcurrency': ['aws:ResourceTag/*'],
  'lambda:DeleteFunctionEventInvokeConfig': ['aws:ResourceTag/*'],
  'lambda:DeleteLayerVersion': [],
  'lambda:GetAccountSettings': [],
  'lambda:GetAlias': ['aws:ResourceTag/*'],
  'lambda:GetFunction': ['aws:ResourceTag/*'],
  'lambda:GetFunctionConcurrency': ['aws:ResourceTag/*'],
  'lambda:GetFunctionConfiguration': ['aws:ResourceTag/*'],
  'lambda:GetFunctionEventInvokeConfig': ['aws:ResourceTag/*'],
  'lambda:GetLayerVersion': [],
  'lambda:GetLayerVersionPolicy': [],
  'lambda:GetPolicy': ['aws:ResourceTag/*'],
  'lambda:InvokeFunction': ['aws:ResourceTag/*', 'lambda:EventSourceToken', 'lambda:InvokedViaFunctionUrl'],
  'lambda:ListAliases': ['aws:ResourceTag/*'],
  'lambda:ListFunctionEventInvokeConfigs': ['aws:ResourceTag/*'],
  'lambda:ListFunctions': [],
  'lambda:ListLayerVersions': [],
  'lambda:ListLayers': [],
  'lambda:ListTags': ['aws:ResourceTag/*'],
  'lambda:ListVersionsByFunction': ['aws:ResourceTag/*'],
  'lambda:PublishLayerVersion': [],
  'lambda:PublishVersion': ['aws:ResourceTag/*'],
  'lambda:PutFunctionConcurrency': ['aws:ResourceTag/*'],
  'lambda:PutFunctionEventInvokeConfig': ['aws:ResourceTag/*'],
  'lambda:RemoveLayerVersionPermission': [],
  'lambda:RemovePermission': ['aws:ResourceTag/*', 'lambda:FunctionUrlAuthType', 'lambda:Principal'],
  'lambda:TagResource': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys'],
  'lambda:UntagResource': ['aws:ResourceTag/*', 'aws:TagKeys'],
  'lambda:UpdateAlias': ['aws:ResourceTag/*'],
  'lambda:UpdateFunctionCode': ['aws:ResourceTag/*'],
  'lambda:UpdateFunctionConfiguration': ['aws:ResourceTag/*', 'lambda:Layer', 'lambda:SecurityGroupIds', 'lambda:SubnetIds', 'lambda:VpcIds'],
  'lambda:UpdateFunctionEventInvokeConfig': ['aws:ResourceTag/*'],
  'sqs:ChangeMessageVisibility': ['aws:ResourceTag/*'],
  'sqs:CreateQueue': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys'],
  'sqs:DeleteMessage': ['aws:ResourceTag/*'],
  'sqs:DeleteQueue': ['aws:ResourceTag/*'],
  'sqs:GetQueueAttributes': ['aws:ResourceTag/*'],
  'sqs:GetQueueUrl': ['aws:ResourceTag/*'],
  'sqs:ListQueueTags': ['aws:ResourceTag/*'],
  'sqs:ListQueues': [],
  'sqs:PurgeQueue': ['aws:ResourceTag/*'],
  'sqs:ReceiveMessage': ['aws:ResourceTag/*'],
  'sqs:SendMessage': ['aws:ResourceTag/*'],
  'sqs:SetQueueAttributes': ['aws:ResourceTag/*'],
  'sqs:TagQueue': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys'],
  'sqs:UntagQueue': ['aws:ResourceTag/*', 'aws:TagKeys'],
  'sts:AssumeRole': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys', 'iam:ResourceTag/*', 'sts:ExternalId', 'sts:RoleSessionName', 'sts:SourceIdentity', 'sts:TransitiveTagKeys'],
  'sts:GetCallerIdentity': [],
  'sts:GetSessionToken': [],
  'sts:SetSourceIdentity': ['aws:ResourceTag/*', 'iam:ResourceTag/*', 'sts:SourceIdentity'],
  'sts:TagSession': ['aws:RequestTag/*', 'aws:ResourceTag/*', 'aws:TagKeys', 'iam:ResourceTag/*', 'sts:TransitiveTagKeys'],
};

type How = 'authorizer' | 'service' | 'request-dependent' | 'never-present' | 'unsupplied';

/** How each documented key is supplied; `unsupplied` ones are checked against unsuppliedKeys per action below. */
const HOW: Readonly<Record<string, How>> = {
  'aws:ResourceTag/*': 'authorizer', // test/iam/authz/*-tag-conditions.test.ts
  'iam:ResourceTag/*': 'authorizer', // iam-tag-conditions.test.ts (GetRole, AssumeRole, trust policy)
  'aws:RequestTag/*': 'service', // *-tag-conditions.test.ts
  'aws:TagKeys': 'service',
  'lambda:Layer': 'service',
  'lambda:SubnetIds': 'service', // unknown-keys.test.ts
  'lambda:SecurityGroupIds': 'service', // unknown-keys.test.ts
  'lambda:CodeSigningConfigArn': 'service',
  'lambda:VpcIds': 'request-dependent', // unknown once subnets are given (unknown-keys.test.ts)
  'lambda:Principal': 'service', // AddPermission; RemovePermission: unsupplied
  'lambda:FunctionUrlAuthType': 'service', // AddPermission; RemovePermission: unsupplied
  'lambda:EventSourceToken': 'never-present', // no Alexa event sources
  'lambda:InvokedViaFunctionUrl': 'never-present', // no function URLs
  'iam:PassedToService': 'service',
  'iam:AssociatedResourceArn': 'unsupplied',
  'iam:PermissionsBoundary': 'service', // iam-tag-conditions.test.ts (CreateUser)
  'iam:PolicyARN': 'service',
  'iam:RoleTemplateARN': 'never-present', // no role templates
  'sts:ExternalId': 'service',
  'sts:RoleSessionName': 'service',
  'sts:SourceIdentity': 'service',
  'sts:TransitiveTagKeys': 'service',
};

/** Keys supplied for most actions that name them but not for these. */
const UNSUPPLIED_FOR: Readonly<Record<string, readonly string[]>> = {
  'lambda:RemovePermission': ['lambda:Principal', 'lambda:FunctionUrlAuthType'],
};

function servedActions(): Set<string> {
  const caller: Caller = { accountId: '111111111111', arn: 'arn:aws:iam::111111111111:root', accessKeyId: 'AKIAX', kind: 'root' };
  const body = { FunctionName: 'f', Role: 'arn:aws:iam::111111111111:role/r', Layers: ['arn:aws:lambda:us-east-1:111111111111:layer:l:1'], Tags: { a: 'b' } };
  const served = new Set<string>();
  for (const route of LAMBDA_ROUTES) {
    const input: IamInput = {
      req: {
        requestId: 'r', method: route.method, rawPath: '/', rawQuery: '', headers: {}, sourceIp: '127.0.0.1', host: 'h', receivedAt: new Date(),
        query: new URLSearchParams('Arn=arn:aws:lambda:us-east-1:111111111111:layer:l:1&tagKeys=a'), body: Buffer.from(JSON.stringify(body)),
      },
      params: { FunctionName: 'f', ARN: 'arn:aws:lambda:us-east-1:111111111111:function:f', LayerName: 'l', VersionNumber: '1', Name: 'a', StatementId: 's' },
      caller,
      region: 'us-east-1',
      body: () => body,
    };
    for (const check of route.iam(input).checks) served.add(check.action);
  }
  for (const action of Object.values(IAM_ACTIONS)) served.add(action.iamAction);
  // Batch operations are authorized as their single-message action, as AWS does.
  const single: Readonly<Record<string, string>> = { SendMessageBatch: 'SendMessage', DeleteMessageBatch: 'DeleteMessage', ChangeMessageVisibilityBatch: 'ChangeMessageVisibility' };
  for (const name of Object.keys(SQS_ACTIONS)) served.add(`sqs:${single[name] ?? name}`);
  for (const action of ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:GetSessionToken', 'sts:GetCallerIdentity']) served.add(action);
  return served;
}

describe('condition-key audit', () => {
  test('every action served has its documented keys listed', () => {
    assert.deepEqual([...servedActions()].sort(), Object.keys(DOCUMENTED).sort());
  });

  test('every documented key is supplied, never present, or fails closed', () => {
    for (const [action, keys] of Object.entries(DOCUMENTED)) {
      const declared = unsuppliedKeys(action).map((k) => k.toLowerCase());
      for (const key of keys) {
        const how = HOW[key];
        assert.ok(how !== undefined, `${action}: ${key} is not accounted for`);
        const unsupplied = how === 'unsupplied' || (UNSUPPLIED_FOR[action] ?? []).includes(key);
        assert.equal(declared.includes(key.toLowerCase()), unsupplied, `${action}: ${key}`);
      }
    }
  });
});
