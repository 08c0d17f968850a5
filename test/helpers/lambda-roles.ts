/**
 * Execution roles for tests: CreateFunction accepts only an existing role that trusts lambda.amazonaws.com,
 * so test servers get their roles written straight into the store (no IAM API round trip per test file).
 */
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Lambdabox } from '../../src/lambdabox.js';
import { newEntityId } from '../../src/iam/ids.js';
import { parseRoleArn } from '../../src/iam/sessions/execution-role-credentials.js';

export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

export const BASIC_EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** Creates the role `roleArn` (trusting Lambda, with basic execution permissions) unless it exists. */
export async function ensureLambdaRole(box: Lambdabox, roleArn: string, trustPolicy = LAMBDA_TRUST_POLICY): Promise<void> {
  const parsed = parseRoleArn(roleArn);
  if (parsed === undefined) throw new Error(`not a role ARN: ${roleArn}`);
  const path = roleArn.slice(roleArn.indexOf(':role') + ':role'.length, roleArn.length - parsed.roleName.length);
  await box.control.store.transact(async (tx) => {
    if ((await tx.getRole(parsed.accountId, parsed.roleName)) !== undefined) return;
    await tx.putRole({
      accountId: parsed.accountId,
      name: parsed.roleName,
      path,
      roleId: newEntityId('AROA'),
      arn: roleArn,
      createdAt: new Date().toISOString(),
      assumeRolePolicy: trustPolicy,
      maxSessionDuration: 3600,
      tags: {},
    });
    await tx.attachPolicy(parsed.accountId, 'role', parsed.roleName, BASIC_EXECUTION_POLICY_ARN);
  });
}

/**
 * Creates TEST_ROLE-like roles through the IAM API of a server running in another process (restart and
 * crash tests), where the store is not reachable in-process.
 */
export async function createLambdaRoleViaApi(
  url: string,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  roleArn: string,
): Promise<void> {
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
  try {
    await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: BASIC_EXECUTION_POLICY_ARN }));
  } finally {
    iam.destroy();
  }
}
