/**
 * The bodies the front door holds before their signature is verified (issue 10 point 6): a shared budget
 * bounds them across requests, a declared x-amz-content-sha256 lets the signature be checked before the body
 * is read at all, and every check of the head (clock, token) refuses before the body.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { CreateFunctionCommand, DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { UnverifiedBodyBudget } from '../../src/http/unverified-body-budget.js';
import { formatAmzDate } from '../../src/iam/sigv4/amz-date.js';
import { signRequest } from '../../src/iam/sigv4/sign.js';
import { startLambdabox, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY } from '../helpers/lambdabox-fixture.js';
import type { LambdaboxFixture } from '../helpers/lambdabox-fixture.js';
import { rawUpload } from '../helpers/raw-upload.js';
import type { RawUploadResult } from '../helpers/raw-upload.js';
import { TEST_ROLE, zipOf } from '../helpers/zips.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const WRONG_SECRET = 'not-the-secret-0000000000000000000000000';

describe('UnverifiedBodyBudget', () => {
  test('newer claims wait when the budget is spent; the oldest always continues; closing resumes waiters', async () => {
    const budget = new UnverifiedBodyBudget(100);
    const oldest = budget.open();
    const newer = budget.open();
    assert.equal(oldest.charge(60), true);
    assert.equal(newer.charge(60), false, 'over capacity: the newer claim must wait');
    assert.equal(oldest.charge(500), true, 'the oldest claim continues past capacity (one body larger than the budget)');
    let resumed = false;
    const waiting = newer.whenMayContinue().then(() => (resumed = true));
    await Promise.resolve();
    assert.equal(resumed, false);
    oldest.close();
    await waiting;
    assert.equal(resumed, true);
    assert.equal(budget.heldBytes, 60);
    assert.equal(budget.peakBytes, 620);
    newer.close();
    newer.close();
    assert.equal(budget.heldBytes, 0);
  });

  test('claims that wait on each other cannot deadlock: the oldest open one may always go on', async () => {
    const budget = new UnverifiedBodyBudget(10);
    const a = budget.open();
    const b = budget.open();
    const c = budget.open();
    assert.equal(b.charge(8), true);
    assert.equal(c.charge(8), false);
    assert.equal(a.charge(8), true, 'a is the oldest: it continues even though b and c hold the budget');
    a.close();
    // b is now the oldest: it may continue; c still waits until b is done.
    await b.whenMayContinue();
    let cResumed = false;
    const cWaits = c.whenMayContinue().then(() => (cResumed = true));
    await Promise.resolve();
    assert.equal(cResumed, false);
    b.close();
    await cWaits;
    c.close();
    assert.equal(budget.heldBytes, 0);
  });

  test('a claim closed while it waits is dropped (its request is gone) and holds nothing', async () => {
    const budget = new UnverifiedBodyBudget(10);
    const a = budget.open();
    const b = budget.open();
    a.charge(20);
    assert.equal(b.charge(5), false);
    void b.whenMayContinue();
    b.close();
    assert.equal(budget.heldBytes, 20);
    a.close();
    assert.equal(budget.heldBytes, 0);
  });
});

describe('front door: bodies before their signature is verified', () => {
  let fx: LambdaboxFixture;
  const budget = new UnverifiedBodyBudget(1 * MiB);
  before(async () => {
    fx = await startLambdabox({ overrides: { sandbox: false, unverifiedBodyBudget: budget } });
  });
  after(async () => {
    await fx.close();
  });

  function signedUpload(options: {
    readonly method?: string;
    readonly path?: string;
    readonly bodyBytes: number;
    readonly secret?: string;
    readonly contentSha256?: boolean;
    readonly now?: Date;
    readonly extraHeaders?: ReadonlyArray<readonly [string, string]>;
  }): Promise<RawUploadResult> {
    const method = options.method ?? 'POST';
    const path = options.path ?? '/2015-03-31/functions';
    const host = new URL(fx.url).host;
    const signed = signRequest({
      method,
      path,
      headers: [['host', host], ['content-type', 'application/json'], ...(options.extraHeaders ?? [])],
      body: Buffer.alloc(options.bodyBytes, 0x20),
      accessKeyId: TEST_ACCESS_KEY_ID,
      secretAccessKey: options.secret ?? TEST_SECRET_ACCESS_KEY,
      region: TEST_REGION,
      service: 'lambda',
      now: options.now ?? new Date(),
      addContentSha256: options.contentSha256 === true,
    });
    return rawUpload({ url: fx.url, method, path, headers: signed.headers, bodyBytes: options.bodyBytes });
  }

  test('wrong signatures under a known key id hold at most the budget plus one body; a real upload larger than the budget goes through', async () => {
    const before = budget.peakBytes;
    assert.equal(before, 0);
    const zip = zipOf({ 'index.mjs': 'export const handler = async () => 1;\n', 'pad.bin': randomBytes(3 * MiB) });
    const lambda = fx.lambda();
    const [created, ...refused] = await Promise.all([
      lambda.send(
        new CreateFunctionCommand({ FunctionName: 'big-enough', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE, Code: { ZipFile: zip } }),
      ),
      ...Array.from({ length: 8 }, () => signedUpload({ bodyBytes: 4 * MiB, secret: WRONG_SECRET })),
    ]);
    assert.equal(created.FunctionName, 'big-enough');
    for (const r of refused) {
      assert.equal(r.status, 403, r.body);
      assert.equal(r.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    }
    // The SDK's JSON body is ~4 MiB (base64 of 3 MiB); each refused one is 4 MiB. Without the budget all nine
    // (~36 MiB) were held at once; with it, the 1 MiB budget plus the oldest body plus a read-ahead chunk each.
    assert.ok(budget.peakBytes <= 1 * MiB + 4.5 * MiB + 9 * 64 * KiB, `peak unverified bytes ${budget.peakBytes}`);
    assert.equal(budget.heldBytes, 0);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'big-enough' }));
  });

  test('with x-amz-content-sha256 a wrong signature is refused before the body is read', async () => {
    const peak = budget.peakBytes;
    const r = await signedUpload({ bodyBytes: 64 * MiB, secret: WRONG_SECRET, contentSha256: true });
    assert.equal(r.status, 403, r.body);
    assert.equal(r.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.ok(r.accepted < 16 * MiB, `the server accepted ${(r.accepted / MiB).toFixed(1)} MiB of 64`);
    assert.equal(budget.peakBytes, peak, 'no unverified bytes were held');
  });

  test('with x-amz-content-sha256 a correct signature over a body that does not match it: 400 XAmzContentSHA256Mismatch', async () => {
    const host = new URL(fx.url).host;
    const path = '/2015-03-31/functions';
    const signed = signRequest({
      method: 'POST',
      path,
      headers: [['host', host], ['content-type', 'application/json']],
      body: Buffer.from('{"FunctionName":"x"}'),
      accessKeyId: TEST_ACCESS_KEY_ID,
      secretAccessKey: TEST_SECRET_ACCESS_KEY,
      region: TEST_REGION,
      service: 'lambda',
      now: new Date(),
      addContentSha256: true,
    });
    const r = await rawUpload({ url: fx.url, method: 'POST', path, headers: signed.headers, bodyBytes: 20, fill: 0x7b });
    assert.equal(r.status, 400, r.body);
    assert.equal(r.headers.get('x-amzn-errortype'), 'XAmzContentSHA256Mismatch');
  });

  test('with x-amz-content-sha256 and a correct signature the request runs', async () => {
    const r = await signedUpload({ method: 'GET', bodyBytes: 0, contentSha256: true });
    assert.equal(r.status, 200, r.body);
    assert.deepEqual((JSON.parse(r.body) as { Functions?: unknown[] }).Functions, []);
  });

  test('a known key with a clock 10 minutes off is refused before its body is read', async () => {
    const peak = budget.peakBytes;
    const r = await signedUpload({ bodyBytes: 64 * MiB, now: new Date(Date.now() - 10 * 60_000) });
    assert.equal(r.status, 403, r.body);
    assert.equal(r.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.match((JSON.parse(r.body) as { message: string }).message, /^Signature expired: /);
    assert.ok(r.accepted < 16 * MiB, `the server accepted ${(r.accepted / MiB).toFixed(1)} MiB of 64`);
    assert.equal(budget.peakBytes, peak);
  });

  test('a temporary key with a forged session token is refused before its body is read', async () => {
    const amzDate = formatAmzDate(Date.now());
    const r = await rawUpload({
      url: fx.url,
      method: 'POST',
      path: '/2015-03-31/functions',
      headers: [
        ['Host', new URL(fx.url).host],
        ['X-Amz-Date', amzDate],
        ['X-Amz-Security-Token', 'forged'],
        ['Authorization', `AWS4-HMAC-SHA256 Credential=ASIAFAKEFAKEFAKE0001/${amzDate.slice(0, 8)}/${TEST_REGION}/lambda/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=${'0'.repeat(64)}`],
      ],
      bodyBytes: 64 * MiB,
    });
    assert.equal(r.status, 403, r.body);
    assert.equal(r.headers.get('x-amzn-errortype'), 'UnrecognizedClientException');
    assert.ok(r.accepted < 16 * MiB, `the server accepted ${(r.accepted / MiB).toFixed(1)} MiB of 64`);
  });

  /** Sends a head with `Expect: 100-continue`, then the body only if told to continue; returns the status lines seen. */
  function expectContinue(headers: ReadonlyArray<readonly [string, string]>, body: Buffer): Promise<string[]> {
    const url = new URL(fx.url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) });
      let text = '';
      let sentBody = false;
      socket.on('error', reject);
      socket.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        if (!sentBody && text.startsWith('HTTP/1.1 100 ') && text.includes('\r\n\r\n')) {
          sentBody = true;
          socket.write(body);
        }
        const statuses = [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => m[1] ?? '');
        if (statuses.some((code) => code !== '100')) {
          socket.destroy();
          resolve(statuses);
        }
      });
      const head = ['POST /2015-03-31/functions HTTP/1.1', ...headers.map(([n, v]) => `${n}: ${v}`), 'Expect: 100-continue', `Content-Length: ${body.length}`, '', ''];
      socket.write(head.join('\r\n'));
    });
  }

  test('Expect: 100-continue: a refused client is never told to send its body; a valid one is', async () => {
    const amzDate = formatAmzDate(Date.now());
    const host = new URL(fx.url).host;
    const refused = await expectContinue(
      [
        ['Host', host],
        ['X-Amz-Date', amzDate],
        ['Authorization', `AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE0003/${amzDate.slice(0, 8)}/${TEST_REGION}/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`],
      ],
      Buffer.alloc(8 * MiB, 0x20),
    );
    assert.deepEqual(refused, ['403']);
    const body = Buffer.from('{}');
    const signed = signRequest({
      method: 'POST',
      path: '/2015-03-31/functions',
      headers: [['host', host], ['content-type', 'application/json']],
      body,
      accessKeyId: TEST_ACCESS_KEY_ID,
      secretAccessKey: TEST_SECRET_ACCESS_KEY,
      region: TEST_REGION,
      service: 'lambda',
      now: new Date(),
    });
    // Authenticated, then the empty CreateFunction fails validation: 400, not 403.
    assert.deepEqual(await expectContinue(signed.headers, body), ['100', '400']);
  });

  test('query-protocol services refuse a fake key before the body, in their own error shape', async () => {
    const amzDate = formatAmzDate(Date.now());
    const auth = (service: string): string =>
      `AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE0002/${amzDate.slice(0, 8)}/${TEST_REGION}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
    const host = new URL(fx.url).host;
    const iam = await rawUpload({
      url: fx.url,
      method: 'POST',
      path: '/',
      headers: [['Host', host], ['Content-Type', 'application/x-www-form-urlencoded'], ['X-Amz-Date', amzDate], ['Authorization', auth('iam')]],
      bodyBytes: 1000 * KiB,
      fill: 0x61,
    });
    assert.equal(iam.status, 403, iam.body);
    // Query-protocol XML (the code IAM spells is its renderer's business, not this test's).
    assert.match(iam.body, /^<ErrorResponse [^>]*><Error><Type>Sender<\/Type><Code>\w+<\/Code><Message>The security token included in the request is invalid\.<\/Message>/);
    const sqs = await rawUpload({
      url: fx.url,
      method: 'POST',
      path: '/',
      headers: [
        ['Host', host],
        ['Content-Type', 'application/x-amz-json-1.0'],
        ['X-Amz-Target', 'AmazonSQS.SendMessage'],
        ['X-Amz-Date', amzDate],
        ['Authorization', auth('sqs')],
      ],
      bodyBytes: 7 * MiB,
    });
    assert.equal(sqs.status, 403, sqs.body);
    assert.match(sqs.body, /UnrecognizedClientException/);
  });
});
