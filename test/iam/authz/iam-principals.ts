/**
 * Creates IAM users with keys and policies straight through the IAM entity layer of a running server
 * (the same code the IAM API runs), so Lambda authorization tests do not depend on the IAM wire protocol.
 */
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, type LambdaboxFixture } from '../../helpers/lambdabox-fixture.js';
import { helloZip, TEST_ROLE } from '../../helpers/zips.js';
import type { IamDeps } from '../../../src/services/iam/operations/iam-deps.js';
import { createUser, setUserBoundary } from '../../../src/services/iam/operations/users.js';
import { createAccessKey } from '../../../src/services/iam/operations/access-keys.js';
import { putInlinePolicy } from '../../../src/services/iam/operations/inline-policies.js';
import { createPolicy } from '../../../src/services/iam/operations/managed-policies.js';
import { attachPolicy } from '../../../src/services/iam/operations/attachments.js';
import { addUserToGroup, createGroup } from '../../../src/services/iam/operations/groups.js';

import type { DecisionRecord } from '../../../src/iam/authz/decision-record.js';

export interface UserKey {
  readonly arn: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** A server without sandboxes, its admin Lambda client, and these hello functions created and settled. */
export async function startWithFunctions(...names: string[]): Promise<{ fx: LambdaboxFixture; admin: LambdaClient }> {
  const fx = await startLambdabox({ overrides: { sandbox: false } });
  const admin = fx.lambda();
  for (const name of names) {
    await admin.send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: helloZip() } }),
    );
  }
  await fx.settled();
  return { fx, admin };
}

export function iamDeps(fixture: LambdaboxFixture): IamDeps {
  const { store, keys } = fixture.box.control;
  const authenticator = fixture.box.authenticator;
  return {
    store,
    keys,
    now: () => new Date(),
    changed: () => fixture.box.policySource.invalidate(),
    accessKeyChanged: (accessKeyId) => authenticator.invalidate(accessKeyId),
    principalDeleted: (arn) => authenticator.invalidatePrincipal(arn),
  };
}

export interface UserSpec {
  readonly accountId?: string;
  readonly name: string;
  /** Inline policy documents (objects), named p0, p1, … */
  readonly inline?: readonly object[];
  /** Managed policy documents created and attached. */
  readonly managed?: readonly object[];
  readonly boundary?: object;
  /** Managed policy documents attached to a group the user joins (IAM allows 10 managed policies per user). */
  readonly groupManaged?: readonly object[];
}

export async function userWithKey(fixture: LambdaboxFixture, spec: UserSpec): Promise<UserKey> {
  const deps = iamDeps(fixture);
  const account = spec.accountId ?? '000000000000';
  const user = await createUser(deps, account, { userName: spec.name });
  for (const [i, doc] of (spec.inline ?? []).entries()) {
    await putInlinePolicy(deps, account, 'user', spec.name, `p${i}`, JSON.stringify(doc));
  }
  for (const [i, doc] of (spec.managed ?? []).entries()) {
    const policy = await createPolicy(deps, account, { policyName: `${spec.name}-m${i}`, policyDocument: JSON.stringify(doc) });
    await attachPolicy(deps, account, 'user', spec.name, policy.record.arn);
  }
  if (spec.groupManaged !== undefined) {
    await createGroup(deps, account, `${spec.name}-group`, undefined);
    await addUserToGroup(deps, account, `${spec.name}-group`, spec.name);
    for (const [i, doc] of spec.groupManaged.entries()) {
      const policy = await createPolicy(deps, account, { policyName: `${spec.name}-g${i}`, policyDocument: JSON.stringify(doc) });
      await attachPolicy(deps, account, 'group', `${spec.name}-group`, policy.record.arn);
    }
  }
  if (spec.boundary !== undefined) {
    const policy = await createPolicy(deps, account, { policyName: `${spec.name}-boundary`, policyDocument: JSON.stringify(spec.boundary) });
    await setUserBoundary(deps, account, spec.name, policy.record.arn);
  }
  const key = await createAccessKey(deps, account, spec.name);
  return { arn: user.arn, accessKeyId: key.record.accessKeyId, secretAccessKey: key.secretAccessKey };
}

export function allow(action: string | string[], resource: string | string[] = '*'): object {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] };
}

export function deny(action: string | string[], resource: string | string[] = '*'): object {
  return { Version: '2012-10-17', Statement: [{ Sid: 'NoDelete', Effect: 'Deny', Action: action, Resource: resource }] };
}

export async function decisionRecords(fixture: LambdaboxFixture): Promise<DecisionRecord[]> {
  return fixture.box.auditDecisions();
}

export function denied(principal: string, action: string, resource: string, why = 'because no identity-based policy allows'): string {
  return `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${why} the ${action} action`;
}
