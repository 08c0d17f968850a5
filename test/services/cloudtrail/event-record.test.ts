/** The CloudTrail record built from a call: identity shapes, redaction, data events, cross-account rows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallNote } from '../../../src/http/call-note.js';
import type { CompletedCall } from '../../../src/http/call-audit.js';
import type { Caller } from '../../../src/iam/caller.js';
import { AccessDeniedError } from '../../../src/shared/errors/aws-error.js';
import { callEvents, serviceDecisionEvent } from '../../../src/services/cloudtrail/recorder/event-record.js';
import { HIDDEN, MAX_PARAMETERS_CHARS, recordedMembers } from '../../../src/services/cloudtrail/recorder/redaction.js';
import { userIdentityOf } from '../../../src/services/cloudtrail/recorder/user-identity.js';

/** The value, failing the test when it is missing. */
function must<T>(value: T | undefined): T {
  assert.ok(value !== undefined);
  return value;
}

const ACCOUNT = '111111111111';
const root: Caller = { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeyId: 'AKIAROOT', kind: 'root', userId: ACCOUNT };
const role: Caller = {
  accountId: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/exec/fn`,
  accessKeyId: 'ASIAROLE',
  kind: 'assumed-role',
  userId: 'AROAEXAMPLE:fn',
  session: {
    roleArn: `arn:aws:iam::${ACCOUNT}:role/exec`,
    sessionName: 'fn',
    expiresAt: new Date('2026-01-01T13:00:00Z'),
    issuedAt: new Date('2026-01-01T12:00:00.123Z'),
    sourceFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn`,
  },
};

function call(caller: Caller, note: CallNote, error?: AccessDeniedError): CompletedCall {
  return {
    signingName: 'lambda',
    operation: 'UpdateFunctionConfiguration',
    caller,
    region: 'us-east-1',
    status: error === undefined ? 200 : 403,
    note,
    ...(error === undefined ? {} : { error }),
    request: {
      requestId: 'req-1',
      method: 'PUT',
      rawPath: '/',
      rawQuery: '',
      query: new URLSearchParams(),
      headers: { 'user-agent': 'aws-cli/2' },
      sourceIp: '::ffff:127.0.0.1',
      host: 'localhost',
      receivedAt: new Date('2026-01-01T12:30:00.456Z'),
    },
  };
}

test('an assumed role: session issuer, creation date, invokedBy for an execution environment', () => {
  assert.deepEqual(userIdentityOf(role), {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:fn',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/exec/fn`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAROLE',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/exec`, accountId: ACCOUNT, userName: 'exec' },
      webIdFederationData: {},
      attributes: { creationDate: '2026-01-01T12:00:00Z', mfaAuthenticated: 'false' },
    },
    invokedBy: 'lambda.amazonaws.com',
  });
  assert.deepEqual(userIdentityOf(root), { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: 'AKIAROOT' });
});

test('secrets are hidden wherever they sit; user map keys are kept; oversized parameters are left out', () => {
  const redacted = recordedMembers({
    FunctionName: 'f',
    Code: { ZipFile: 'UEsDBA==' },
    Environment: { Variables: { API_KEY: 'sk-123', Mode: 'x' } },
    Tags: { Team: 'Blue' },
    'Entry.1.MessageBody': 'secret body',
    Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't' },
  });
  assert.deepEqual(redacted, {
    functionName: 'f',
    code: { zipFile: HIDDEN },
    environment: { variables: { API_KEY: HIDDEN, Mode: HIDDEN } },
    tags: { Team: 'Blue' },
    'entry.1.MessageBody': HIDDEN,
    credentials: { accessKeyId: 'ASIA', secretAccessKey: HIDDEN, sessionToken: HIDDEN },
  });
  assert.equal(recordedMembers({ Description: 'x'.repeat(MAX_PARAMETERS_CHARS) }), null);
  assert.equal(recordedMembers({}), null);
});

test('a denied call: error code and message, no response; the event time and address as CloudTrail writes them', () => {
  const note = new CallNote();
  note.describe({ eventName: 'UpdateFunctionConfiguration20150331v2', readOnly: false, requestParameters: { FunctionName: 'f', Timeout: 3 } });
  note.respond({ Timeout: 3 });
  const [row, ...rest] = callEvents(call(root, note, new AccessDeniedError('nope')), [], 'ev-1');
  assert.equal(rest.length, 0);
  const record = JSON.parse(must(row).record) as Record<string, unknown>;
  assert.equal(record['eventTime'], '2026-01-01T12:30:00Z');
  assert.equal(record['sourceIPAddress'], '127.0.0.1');
  assert.equal(record['errorCode'], 'AccessDeniedException');
  assert.equal(record['errorMessage'], 'nope');
  assert.equal(record['responseElements'], null);
  assert.deepEqual(record['requestParameters'], { functionName: 'f', timeout: 3 });
  assert.equal(record['eventCategory'], 'Management');
  assert.equal(must(row).username, 'root');
});

test('an allowed cross-account call is in both histories; a refused one only in the caller’s', () => {
  const note = new CallNote();
  note.describe({ recipientAccountId: '222222222222' });
  assert.deepEqual(callEvents(call(root, note), []).map((r) => r.accountId), [ACCOUNT, '222222222222']);
  assert.deepEqual(callEvents(call(root, note, new AccessDeniedError('no')), []).map((r) => r.accountId), [ACCOUNT]);
});

test('a data event names its resources by ARN; a service decision becomes an AwsServiceEvent', () => {
  const note = new CallNote();
  const arn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`;
  note.describe({ eventName: 'Invoke', management: false, readOnly: false, resources: [{ type: 'AWS::Lambda::Function', name: arn }] });
  const record = JSON.parse(must(callEvents(call(role, note), [])[0]).record) as Record<string, unknown>;
  assert.deepEqual(record['resources'], [{ accountId: ACCOUNT, type: 'AWS::Lambda::Function', ARN: arn }]);
  assert.equal(record['eventCategory'], 'Data');
  assert.equal(record['managementEvent'], false);
  const service = serviceDecisionEvent(
    {
      v: 1,
      time: '2026-01-01T12:00:00.000Z',
      requestId: 'r',
      principal: role.arn,
      principalAccount: ACCOUNT,
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:111111111111:q',
      resourceAccount: ACCOUNT,
      decision: 'Allowed',
      reason: 'allowed',
      sourceIp: '',
    },
    'us-east-1',
  );
  const serviceRecord = JSON.parse(service.record) as Record<string, unknown>;
  assert.equal(serviceRecord['eventType'], 'AwsServiceEvent');
  assert.equal(serviceRecord['eventSource'], 'sqs.amazonaws.com');
  assert.deepEqual(serviceRecord['userIdentity'], { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' });
});
