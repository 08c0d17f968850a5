import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KeyService } from '../../../src/shared/crypto/key-service.js';
import { openSessionToken, sealSessionToken, sessionTokenContext } from '../../../src/iam/sessions/session-token.js';
import type { SessionClaims } from '../../../src/iam/sessions/session-token.js';
import { callerFromClaims, issueTemporaryCredentials } from '../../../src/iam/sessions/temporary-credentials.js';
import { credentialValidityMs } from '../../../src/iam/sessions/execution-role-credentials.js';

const keys = new KeyService(randomBytes(32));
const CLAIMS: SessionClaims = {
  accessKeyId: 'ASIAABCDEFGHIJKLMNOP',
  secretAccessKey: 'x'.repeat(40),
  accountId: '123456789012',
  expiresAt: 1_900_000_000_000,
  issuedAt: 1_899_990_000_000,
  role: { arn: 'arn:aws:iam::123456789012:role/team/app', id: 'AROAEXAMPLE1234567890', sessionName: 'fn' },
  policies: ['{"Version":"2012-10-17","Statement":[]}'],
  tags: { team: 'blue' },
  sourceFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn',
};

describe('sealed session tokens', () => {
  test('open what was sealed, for the same access key id only', () => {
    const token = sealSessionToken(keys, CLAIMS);
    assert.match(token, /^[A-Za-z0-9+/]+=*$/);
    assert.ok(!token.includes(CLAIMS.secretAccessKey) && !Buffer.from(token, 'base64').includes(CLAIMS.secretAccessKey));
    assert.deepEqual(openSessionToken(keys, CLAIMS.accessKeyId, token), CLAIMS);
    assert.equal(openSessionToken(keys, 'ASIAABCDEFGHIJKLMNOQ', token), undefined);
  });

  test('a token altered anywhere, or sealed under another master key, does not open', () => {
    const token = Buffer.from(sealSessionToken(keys, CLAIMS), 'base64');
    for (const at of [0, 10, 60, token.length - 1]) {
      const copy = Buffer.from(token);
      copy[at] = (copy[at] ?? 0) ^ 1;
      assert.equal(openSessionToken(keys, CLAIMS.accessKeyId, copy.toString('base64')), undefined, `byte ${at}`);
    }
    const other = new KeyService(randomBytes(32));
    assert.equal(openSessionToken(keys, CLAIMS.accessKeyId, sealSessionToken(other, CLAIMS)), undefined);
    assert.equal(openSessionToken(keys, CLAIMS.accessKeyId, ''), undefined);
    assert.equal(openSessionToken(keys, CLAIMS.accessKeyId, 'not base64!'), undefined);
  });

  test('claims become the assumed-role caller: path-free session ARN, AROA…:session user id', () => {
    const caller = callerFromClaims(CLAIMS);
    assert.equal(caller.kind, 'assumed-role');
    assert.equal(caller.arn, 'arn:aws:sts::123456789012:assumed-role/app/fn');
    assert.equal(caller.userId, 'AROAEXAMPLE1234567890:fn');
    assert.equal(caller.session?.roleArn, CLAIMS.role?.arn);
    assert.equal(caller.session?.sourceFunctionArn, CLAIMS.sourceFunctionArn);
    assert.deepEqual(caller.session?.tags, { team: 'blue' });
    assert.equal(caller.session?.expiresAt.getTime(), CLAIMS.expiresAt);
    assert.equal(caller.session?.issuedAt.getTime(), CLAIMS.issuedAt);
  });

  test('a token without an issue time (format 1) does not open: aws:TokenIssueTime could not revoke it', () => {
    const v1 = { v: 1, k: CLAIMS.accessKeyId, s: CLAIMS.secretAccessKey, a: CLAIMS.accountId, e: CLAIMS.expiresAt, u: ['arn:aws:iam::123456789012:root', '123456789012'] };
    const seal = (wire: object): string => keys.seal(Buffer.from(JSON.stringify(wire), 'utf8'), sessionTokenContext(CLAIMS.accessKeyId)).toString('base64');
    assert.equal(openSessionToken(keys, CLAIMS.accessKeyId, seal(v1)), undefined);
    assert.equal(openSessionToken(keys, CLAIMS.accessKeyId, seal({ ...v1, v: 2 })), undefined);
    assert.equal(openSessionToken(keys, CLAIMS.accessKeyId, seal({ ...v1, v: 2, n: 5 }))?.issuedAt, 5);
  });

  test('issued credentials: ASIA + 16, 40-character secret, fresh every time', () => {
    const a = issueTemporaryCredentials(keys, { accountId: '123456789012', issuedAt: 0, expiresAt: 1, source: { arn: 'arn:aws:iam::123456789012:root', userId: '123456789012' } });
    const b = issueTemporaryCredentials(keys, { accountId: '123456789012', issuedAt: 0, expiresAt: 1, source: { arn: 'arn:aws:iam::123456789012:root', userId: '123456789012' } });
    assert.match(a.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
    assert.equal(a.secretAccessKey.length, 40);
    assert.notEqual(a.accessKeyId, b.accessKeyId);
    assert.equal(callerFromClaims({ ...CLAIMS, role: undefined, source: { arn: 'arn:aws:iam::123456789012:root', userId: '123456789012' } }).kind, 'root');
  });

  test('execution-role credentials outlive the environment and its longest invocation', () => {
    assert.ok(credentialValidityMs(7_200_000) >= 7_200_000 + 900_000);
    assert.ok(credentialValidityMs(60_000) >= 60_000 + 900_000);
  });
});
