/**
 * Issue 10 point 7 (and the execution-role half of point 11): Lambda assumes a function's execution role
 * each time it issues an environment's credentials, so a trust policy that stops allowing
 * lambda.amazonaws.com (or a deleted role) makes the next new environment's Invoke fail, with
 * Lambda's AccessDeniedException and a server log line naming the role; restoring the trust restores
 * the function. Credentials are issued once per environment (lambdabox has no refresh inside one): a
 * warm environment keeps what it was given, as in AWS, and revoking those sessions is the job of a
 * `DateLessThan aws:TokenIssueTime` Deny, which the last test shows.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { ListFunctionsCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambdabox, TEST_ACCOUNT_ID, TEST_REGION } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { LAMBDA_TRUST_POLICY } from '../helpers/lambda-roles.js';
import { failure, rejects } from '../helpers/aws-errors.js';
import { createLogger } from '../../src/observe/logger.js';
import { allow, lambdaClient, roleArn, trust } from '../services/sts/sts-harness.js';
import type { Credentials } from '../services/sts/sts-harness.js';
import { deploy, FAST_MEMORY, invoke } from './invoke-harness.js';

const CANNOT_ASSUME = 'The role defined for the function cannot be assumed by Lambda.';
const CREDENTIALS = `export const handler = async () => ({
  accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN,
});`;
const TRUST_EC2_ONLY = trust({ Service: 'ec2.amazonaws.com' });

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly roleArn?: string;
  readonly functionName?: string;
  readonly reason?: string;
}

describe('Lambda assumes the execution role for every new environment', () => {
  let fx: LambdaboxFixture;
  let lambda: LambdaClient;
  let iam: IAMClient;
  const logs: LogLine[] = [];
  // Shifts the server's clock; clients follow through systemClockOffset so SigV4's skew check holds.
  let offsetMs = 0;
  const ROLE = roleArn('trust-probe');
  const DOOMED = roleArn('doomed');

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    fx = await startLambdabox({
      overrides: { clock: { now: () => new Date(Date.now() + offsetMs) }, logger: createLogger({ level: 'warn', destination: sink }) },
    });
    lambda = fx.lambda();
    iam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1 });
    for (const name of ['trust-probe', 'doomed']) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'list', PolicyDocument: allow(['lambda:ListFunctions']) }));
    }
    for (const [fn, role] of [['probe', ROLE], ['orphan', DOOMED]] as const) {
      await deploy(fx, lambda, fn, { 'index.mjs': CREDENTIALS }, { memorySize: FAST_MEMORY });
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn, Role: role }));
    }
    await fx.settled();
  });
  after(async () => {
    iam.destroy();
    await fx.close();
  });

  async function credentialsOf(fn: string): Promise<Credentials> {
    const result = await invoke(lambda, fn);
    assert.equal(result.functionError, undefined, result.text);
    const c = result.json<Credentials>();
    assert.match(c.accessKeyId, /^ASIA/);
    return c;
  }

  /** A new revision: the next invoke needs a new environment (and new credentials). */
  async function newRevision(fn: string, description: string): Promise<void> {
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn, Description: description }));
    await fx.settled();
  }

  function refusals(role: string): LogLine[] {
    return logs.filter((l) => l.level === 40 && l.roleArn === role && l.msg.includes(role));
  }

  test('trust without lambda.amazonaws.com: Invoke fails with AccessDeniedException and a log line naming the role; restored, it works', async () => {
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'trust-probe', PolicyDocument: TRUST_EC2_ONLY }));
    await rejects(invoke(lambda, 'probe'), 403, 'AccessDeniedException', CANNOT_ASSUME);
    const [line] = refusals(ROLE);
    assert.ok(line !== undefined, `a warning names ${ROLE}: ${JSON.stringify(logs)}`);
    assert.equal(line.functionName, 'probe');
    assert.equal(line.reason, 'the trust policy does not allow lambda.amazonaws.com');

    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'trust-probe', PolicyDocument: LAMBDA_TRUST_POLICY }));
    await credentialsOf('probe');
  });

  test('a deleted role: the same refusal (an environment never runs without its role)', async () => {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'doomed', PolicyName: 'list' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'doomed' }));
    await rejects(invoke(lambda, 'orphan'), 403, 'AccessDeniedException', CANNOT_ASSUME);
    assert.equal(refusals(DOOMED)[0]?.reason, 'the role does not exist');
  });

  test('a warm environment keeps its credentials; the next new environment checks the trust again', async () => {
    const warm = await credentialsOf('probe');
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'trust-probe', PolicyDocument: TRUST_EC2_ONLY }));
    assert.equal((await credentialsOf('probe')).accessKeyId, warm.accessKeyId, 'the warm environment answered');
    const before = refusals(ROLE).length;
    await newRevision('probe', 'needs a new environment');
    await rejects(invoke(lambda, 'probe'), 403, 'AccessDeniedException', CANNOT_ASSUME);
    assert.equal(refusals(ROLE).length, before + 1);
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'trust-probe', PolicyDocument: LAMBDA_TRUST_POLICY }));
    assert.notEqual((await credentialsOf('probe')).accessKeyId, warm.accessKeyId);
  });

  test('execution-role sessions carry aws:TokenIssueTime: a DateLessThan Deny cuts off the older environment, not the newer', async () => {
    await newRevision('probe', 'before the cutoff');
    const older = await credentialsOf('probe');
    const asOlder = lambdaClient(fx, older);
    await asOlder.send(new ListFunctionsCommand({}));
    asOlder.destroy();
    // The cutoff follows the older session's issue time, which is in the past: no window to race.
    const cutoff = isoSeconds(Math.ceil(Date.now() / 1000) * 1000 + 1000);

    // Four minutes later (inside SigV4's five-minute skew window), every new session is issued after the cutoff.
    offsetMs = 4 * 60_000;
    const shiftedIam = new IAMClient({ endpoint: fx.url, region: TEST_REGION, credentials: fx.credentials, maxAttempts: 1, systemClockOffset: offsetMs });
    try {
      await shiftedIam.send(
        new PutRolePolicyCommand({
          RoleName: 'trust-probe',
          PolicyName: 'AWSRevokeOlderSessions',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }],
          }),
        }),
      );
      const cutOff = lambdaClient(fx, older, offsetMs);
      const denied = await failure(cutOff.send(new ListFunctionsCommand({})));
      cutOff.destroy();
      assert.equal(denied.name, 'AccessDeniedException');
      assert.equal(
        denied.message,
        `User: arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/trust-probe/probe is not authorized to perform: lambda:ListFunctions on resource: * ` +
          'with an explicit deny in an identity-based policy',
      );

      const shiftedLambda = lambdaClient(fx, fx.credentials, offsetMs);
      await shiftedLambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'probe', Description: 'after the cutoff' }));
      await fx.settled();
      const result = await invoke(shiftedLambda, 'probe');
      shiftedLambda.destroy();
      const newer = result.json<Credentials>();
      assert.notEqual(newer.accessKeyId, older.accessKeyId);
      const asNewer = lambdaClient(fx, newer, offsetMs);
      await asNewer.send(new ListFunctionsCommand({}));
      asNewer.destroy();
      await shiftedIam.send(new DeleteRolePolicyCommand({ RoleName: 'trust-probe', PolicyName: 'AWSRevokeOlderSessions' }));
    } finally {
      shiftedIam.destroy();
      offsetMs = 0;
    }
  });
});
