/** The verifier behind a real Node HTTP server, called by the unmodified AWS SDK for JavaScript v3 Lambda client. */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { AwsError } from '../../../src/shared/errors/aws-error.js';
import { parseSigV4 } from '../../../src/iam/sigv4/parse.js';
import { SigningKeyCache } from '../../../src/iam/sigv4/signing-key.js';
import type { IncomingSignedRequest } from '../../../src/iam/sigv4/types.js';
import { verifySigV4 } from '../../../src/iam/sigv4/verify.js';
import type { VerifyOptions } from '../../../src/iam/sigv4/verify.js';

const AKID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FQoGZXIvYXdzEXAMPLE+token/with==';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function check(req: IncomingSignedRequest, options: VerifyOptions): void {
  verifySigV4(req, parseSigV4(req), SECRET, options);
}

describe('cross-check with @aws-sdk/client-lambda over HTTP', () => {
  let server: http.Server;
  let client: LambdaClient;
  let endpoint = '';
  const seen: string[] = [];

  before(async () => {
    const cache = new SigningKeyCache(16);
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = req.url ?? '/';
        const q = url.indexOf('?');
        const headers: Array<[string, string]> = [];
        for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
        const incoming: IncomingSignedRequest = { method: req.method ?? '', path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), headers, body: Buffer.concat(chunks) };
        try {
          check(incoming, { now: new Date(), expectedRegion: 'us-east-1', expectedService: 'lambda', signingKeyCache: cache });
          seen.push(url);
          res.setHeader('content-type', 'application/json');
          res.end(incoming.path.endsWith('/invocations') ? '{"ok":true}' : '{"Functions":[]}');
        } catch (error) {
          const e = error instanceof AwsError ? error : new AwsError('ServiceException', 500, 'internal');
          res.writeHead(e.status, { 'content-type': 'application/json', 'x-amzn-errortype': e.code });
          res.end(JSON.stringify({ message: e.message }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    endpoint = `http://127.0.0.1:${port}`;
    client = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: AKID, secretAccessKey: SECRET, sessionToken: TOKEN } });
  });

  after(() => {
    client.destroy();
    server.close();
  });

  test('Invoke of my-function:$LATEST with a JSON payload is accepted', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'my-function:$LATEST', Payload: Buffer.from('{"a":"ü b"}'), LogType: 'Tail' }));
    assert.equal(Buffer.from(out.Payload ?? new Uint8Array()).toString(), '{"ok":true}');
    assert.ok(seen.includes('/2015-03-31/functions/my-function%3A%24LATEST/invocations'));
  });

  test('ListFunctions with a marker full of reserved characters is accepted', async () => {
    const out = await client.send(new ListFunctionsCommand({ Marker: 'a b+c/d*&=?', MaxItems: 5 }));
    assert.deepEqual(out.Functions, []);
  });

  test('a client with the wrong secret gets InvalidSignatureException', async () => {
    const bad = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: AKID, secretAccessKey: 'not-the-secret' } });
    await assert.rejects(bad.send(new ListFunctionsCommand({})), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'InvalidSignatureException');
      assert.equal(error.message, MISMATCH);
      return true;
    });
    bad.destroy();
  });
});
