/** Valid records for the contract suite, each overridable field by field. */
import type { TestContext } from 'node:test';
import type {
  AccessKeyRecord,
  AliasRecord,
  EventInvokeConfigRecord,
  FunctionRecord,
  LayerVersionRecord,
  VersionRecord,
} from '../../../src/store/records.js';
import type { FunctionConfiguration } from '../../../src/store/function-configuration.js';
import type { ResourcePolicyRecord } from '../../../src/store/policy-records.js';
import type { AsyncEventRecord } from '../../../src/store/async-records.js';
import type { Engine, OpenedStore } from './engines.js';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';

/** A started store on a fresh database, closed when the test ends. */
export async function openStore(t: TestContext, engine: Engine): Promise<OpenedStore> {
  const opened = await engine.open();
  t.after(() => opened.close());
  return opened;
}

export function accessKey(over: Partial<AccessKeyRecord> = {}): AccessKeyRecord {
  return {
    accessKeyId: 'AKIAEXAMPLE000000001',
    accountId: ACCOUNT,
    secretSealed: Buffer.from([0, 1, 2, 250, 255]),
    status: 'Active',
    createdAt: '2026-01-01T00:00:00.000Z',
    principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    ...over,
  };
}

export function fn(name: string, over: Partial<FunctionRecord> = {}): FunctionRecord {
  return {
    accountId: ACCOUNT,
    name,
    createdAt: '2026-01-01T00:00:00.000Z',
    tags: { team: 'core' },
    reservedConcurrency: null,
    lastVersion: 0,
    ...over,
  };
}

export function config(functionName: string, version: string, over: Partial<FunctionConfiguration> = {}): FunctionConfiguration {
  return {
    FunctionName: functionName,
    FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${functionName}`,
    Runtime: 'nodejs20.x',
    Role: `arn:aws:iam::${ACCOUNT}:role/exec`,
    Handler: 'index.handler',
    CodeSize: 100,
    Description: '',
    Timeout: 3,
    MemorySize: 128,
    LastModified: '2026-01-01T00:00:00.000+0000',
    CodeSha256: 'c2hh',
    Version: version,
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: 'rev-1',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${functionName}` },
    ...over,
  };
}

export function version(
  functionName: string,
  v: string,
  over: Partial<VersionRecord> = {},
  configOver: Partial<FunctionConfiguration> = {},
): VersionRecord {
  return {
    accountId: ACCOUNT,
    functionName,
    version: v,
    config: config(functionName, v, configOver),
    envSealed: null,
    codeSha256Hex: 'a'.repeat(64),
    unzippedSize: 1000,
    ...over,
  };
}

export function alias(functionName: string, name: string, over: Partial<AliasRecord> = {}): AliasRecord {
  return {
    accountId: ACCOUNT,
    functionName,
    name,
    functionVersion: '1',
    description: 'the alias',
    additionalVersionWeights: null,
    revisionId: 'alias-rev-1',
    ...over,
  };
}

export function layerVersion(layerName: string, v: number, over: Partial<LayerVersionRecord> = {}): LayerVersionRecord {
  return {
    accountId: ACCOUNT,
    layerName,
    version: v,
    description: `${layerName} ${v}`,
    createdDate: '2026-01-01T00:00:00.000+0000',
    compatibleRuntimes: ['nodejs20.x'],
    compatibleArchitectures: null,
    licenseInfo: null,
    codeSha256Hex: 'b'.repeat(64),
    codeSize: 10,
    unzippedSize: 20,
    ...over,
  };
}

export function layerArn(layerName: string, v: number, accountId = ACCOUNT): string {
  return `arn:aws:lambda:us-east-1:${accountId}:layer:${layerName}:${v}`;
}

export function eventInvokeConfig(functionName: string, qualifier: string, over: Partial<EventInvokeConfigRecord> = {}): EventInvokeConfigRecord {
  return {
    accountId: ACCOUNT,
    functionName,
    qualifier,
    maximumRetryAttempts: 2,
    maximumEventAgeInSeconds: null,
    onSuccess: null,
    onFailure: 'arn:aws:sqs:us-east-1:111111111111:dlq',
    lastModified: 1_767_225_600,
    ...over,
  };
}

export function policy(name: string, qualifier: string, over: Partial<ResourcePolicyRecord> = {}): ResourcePolicyRecord {
  return {
    accountId: ACCOUNT,
    kind: 'function',
    name,
    qualifier,
    policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [{ Sid: `${name}-${qualifier}` }] }),
    revisionId: '',
    ...over,
  };
}

/** A closure failure that the tests expect to see again: the transaction must roll back. */
export class Boom extends Error {}

/** A queued async event, visible from t=1000, not leased; the payload bytes include a NUL and a non-UTF-8 byte. */
export function asyncEvent(requestId: string, over: Partial<AsyncEventRecord> = {}): AsyncEventRecord {
  return {
    requestId,
    accountId: ACCOUNT,
    functionName: 'fn',
    qualifier: null,
    payloadSealed: Buffer.from(`payload of ${requestId}\u0000\u00ff`),
    enqueuedAt: 1_000,
    attempts: 0,
    backoffs: 0,
    visibleAt: 1_000,
    leaseOwner: null,
    phase: 'invoke',
    outcomeSealed: null,
    traceHeader: null,
    ...over,
  };
}
