import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiRequest } from '../../../src/http/api-request.js';
import { AwsError } from '../../../src/shared/errors/aws-error.js';
import { createQueryService, escapeXml, flat, xmlElement } from '../../../src/http/query/index.js';
import type { Caller } from '../../../src/iam/caller.js';

const caller: Caller = { accountId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accessKeyId: 'AKIA', kind: 'root' };

function request(body: string, query = ''): ApiRequest {
  return {
    requestId: 'req-1',
    method: 'POST',
    rawPath: '/',
    rawQuery: query,
    query: new URLSearchParams(query),
    headers: {},
    body: Buffer.from(body),
    sourceIp: '127.0.0.1',
    host: 'localhost',
    receivedAt: new Date(),
  };
}

const service = createQueryService({
  signingName: 'demo',
  version: '2020-01-01',
  xmlns: 'https://demo.example/doc/2020-01-01/',
  actions: {
    Echo: async (params) => ({
      Name: params.required('Name'),
      Tags: params.structs('Tags.member').map((t) => ({ Key: t['Key'], Value: t['Value'] })),
      Ids: params.list('Ids.member'),
      Attribute: flat(Object.entries(params.map('Attribute', 'Name', 'Value')).map(([Name, Value]) => ({ Name, Value }))),
    }),
    Nothing: async () => undefined,
    Fail: async () => {
      throw new AwsError('NoSuchEntity', 404, 'a <b> & "c"');
    },
  },
});

async function run(body: string, query = ''): Promise<{ status: number; body: string }> {
  const req = request(body, query);
  try {
    const res = await service.route('POST', '/', req.query).run(req, caller);
    return { status: res.status, body: String(res.body) };
  } catch (err) {
    const res = service.renderError(err as AwsError, 'req-1');
    return { status: res.status, body: String(res.body) };
  }
}

describe('query protocol', () => {
  test('wraps results, reads flattened lists and maps, escapes XML', async () => {
    const res = await run(
      'Action=Echo&Version=2020-01-01&Name=a%26b%3Cc%3E&Tags.member.2.Key=k2&Tags.member.2.Value=v2&Tags.member.1.Key=k1&Tags.member.1.Value=v1' +
        '&Ids.member.1=x&Ids.member.10=z&Ids.member.2=y&Attribute.1.Name=A&Attribute.1.Value=1',
    );
    assert.equal(res.status, 200);
    assert.equal(
      res.body,
      '<EchoResponse xmlns="https://demo.example/doc/2020-01-01/"><EchoResult><Name>a&amp;b&lt;c&gt;</Name>' +
        '<Tags><member><Key>k1</Key><Value>v1</Value></member><member><Key>k2</Key><Value>v2</Value></member></Tags>' +
        '<Ids><member>x</member><member>y</member><member>z</member></Ids>' +
        '<Attribute><Name>A</Name><Value>1</Value></Attribute></EchoResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></EchoResponse>',
    );
  });

  test('an operation without output has no result element; GET query parameters work', async () => {
    const res = await run('', 'Action=Nothing&Version=2020-01-01');
    assert.equal(res.body, '<NothingResponse xmlns="https://demo.example/doc/2020-01-01/"><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></NothingResponse>');
  });

  test('errors are AWS ErrorResponse documents with the right status', async () => {
    const failed = await run('Action=Fail');
    assert.equal(failed.status, 404);
    assert.equal(
      failed.body,
      '<ErrorResponse xmlns="https://demo.example/doc/2020-01-01/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
        '<Message>a &lt;b&gt; &amp; &quot;c&quot;</Message></Error><RequestId>req-1</RequestId></ErrorResponse>',
    );
    const unknown = await run('Action=Bogus&Version=2020-01-01');
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, /<Code>InvalidAction<\/Code><Message>Could not find operation Bogus for version 2020-01-01<\/Message>/);
    const missing = await run('Action=Echo');
    assert.equal(missing.status, 400);
    assert.match(missing.body, /<Code>ValidationError<\/Code><Message>1 validation error detected: Value null at &apos;name&apos; failed to satisfy constraint: Member must not be null<\/Message>/);
    const server = service.renderError(new AwsError('ServiceFailure', 500, 'boom'), 'r');
    assert.match(String(server.body), /<Type>Receiver<\/Type>/);
  });

  test('XML escaping covers markup, quotes, CR and characters XML cannot carry', () => {
    assert.equal(escapeXml(`<a href="x">'&'</a>\r\u0001`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;&#xD;\uFFFD');
    assert.equal(xmlElement('E', undefined), '');
    assert.equal(xmlElement('E', { A: 1, B: true, C: undefined, D: new Date(0) }), '<E><A>1</A><B>true</B><D>1970-01-01T00:00:00.000Z</D></E>');
  });
});
