/** IAM records for the contract tests, and a store opened for one test and closed after it. */
import type { TestContext } from 'node:test';
import type { GroupRecord, InlinePolicyRecord, ManagedPolicyRecord, PolicyVersionRecord, RoleRecord, UserRecord } from '../../../src/store/iam-records.js';
import type { ContractStore, Engine } from './engines.js';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const CREATED = '2024-05-01T10:00:00.000Z';

export async function openStore(engine: Engine, t: TestContext): Promise<ContractStore> {
  const opened = await engine.open();
  t.after(() => opened.close());
  return opened.store;
}

export function user(name: string, path = '/', accountId = ACCOUNT, extra: Partial<UserRecord> = {}): UserRecord {
  return {
    accountId,
    name,
    path,
    userId: `AIDA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: `arn:aws:iam::${accountId}:user${path}${name}`,
    createdAt: CREATED,
    tags: {},
    ...extra,
  };
}

export function role(name: string, path = '/', accountId = ACCOUNT, extra: Partial<RoleRecord> = {}): RoleRecord {
  return {
    accountId,
    name,
    path,
    roleId: `AROA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: `arn:aws:iam::${accountId}:role${path}${name}`,
    createdAt: CREATED,
    assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}',
    maxSessionDuration: 3600,
    tags: {},
    ...extra,
  };
}

export function group(name: string, path = '/', accountId = ACCOUNT, extra: Partial<GroupRecord> = {}): GroupRecord {
  return {
    accountId,
    name,
    path,
    groupId: `AGPA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: `arn:aws:iam::${accountId}:group${path}${name}`,
    createdAt: CREATED,
    ...extra,
  };
}

export function policyArn(name: string, path = '/', accountId = ACCOUNT): string {
  return `arn:aws:iam::${accountId}:policy${path}${name}`;
}

export function policy(name: string, path = '/', accountId = ACCOUNT, extra: Partial<ManagedPolicyRecord> = {}): ManagedPolicyRecord {
  return {
    accountId,
    name,
    path,
    policyId: `ANPA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: policyArn(name, path, accountId),
    defaultVersionId: 'v1',
    lastVersionNumber: 1,
    tags: {},
    createdAt: CREATED,
    updatedAt: CREATED,
    ...extra,
  };
}

export function version(arn: string, versionId: string, document = `{"Version":"2012-10-17","Statement":[],"Sid":"${versionId}"}`): PolicyVersionRecord {
  return { policyArn: arn, versionId, document, createdAt: CREATED };
}

export function inline(
  principalType: InlinePolicyRecord['principalType'],
  principalName: string,
  policyName: string,
  document = `{"Version":"2012-10-17","Statement":[],"Id":"${policyName}"}`,
  accountId = ACCOUNT,
): InlinePolicyRecord {
  return { accountId, principalType, principalName, policyName, document };
}

/** Raised inside a closure to prove a transaction leaves nothing behind. */
export class Abort extends Error {}
