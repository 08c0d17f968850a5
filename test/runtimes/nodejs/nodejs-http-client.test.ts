/**
 * The Node runtime's own HTTP/1.1 client against raw servers that answer in every framing the
 * protocol allows (Content-Length, chunked, until close), split at awkward places, and that drop
 * idle keep-alive connections: the client must parse each answer and reconnect.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HttpConnection } from '../../../src/runtimes/nodejs/http-connection.mjs';
import { ResponseParser } from '../../../src/runtimes/nodejs/http-response-parser.mjs';
import type { HttpResponse } from '../../../src/runtimes/nodejs/http-response-parser.mjs';
import { RuntimeClient } from '../../../src/runtimes/nodejs/runtime-client.mjs';
import { xrayCause } from '../../../src/runtimes/nodejs/xray-cause.mjs';

function parseAll(parts: readonly (string | Buffer)[]): HttpResponse[] {
  const parser = new ResponseParser();
  const responses: HttpResponse[] = [];
  for (const part of parts) {
    const response = parser.push(typeof part === 'string' ? Buffer.from(part, 'latin1') : part);
    if (response !== undefined) responses.push(response);
  }
  const last = parser.end();
  if (last !== undefined) responses.push(last);
  return responses;
}

function bytewise(text: string): string[] {
  return [...text];
}

describe('ResponseParser', () => {
  test('Content-Length, in one piece and byte by byte', () => {
    const wire = 'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"status":"OK"}\n';
    for (const parts of [[wire], bytewise(wire)]) {
      const [response, extra] = parseAll(parts);
      assert.equal(extra, undefined);
      assert.equal(response?.status, 202);
      assert.equal(response?.headers['content-type'], 'application/json');
      assert.equal(response?.body.toString(), '{"status":"OK"}\n');
      assert.equal(response?.close, false);
    }
  });

  test('chunked, with extensions and trailers, split anywhere', () => {
    const wire =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nLambda-Runtime-Aws-Request-Id: abc\r\n\r\n' +
      '5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n';
    for (const parts of [[wire], bytewise(wire), [wire.slice(0, 70), wire.slice(70, 90), wire.slice(90)]]) {
      const [response] = parseAll(parts);
      assert.equal(response?.status, 200);
      assert.equal(response?.headers['lambda-runtime-aws-request-id'], 'abc');
      assert.equal(response?.body.toString(), 'hello 0123456789');
    }
  });

  test('no length: the body runs until the connection closes', () => {
    const [response] = parseAll(['HTTP/1.1 200 OK\r\n\r\nall ', 'of it']);
    assert.equal(response?.body.toString(), 'all of it');
    assert.equal(response?.close, true);
  });

  test('two responses back to back; 1xx skipped; 204 has no body; header values are UTF-8', () => {
    const first = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n';
    const second = Buffer.concat([
      Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\nLambda-Runtime-Client-Context: '),
      Buffer.from('{"v":"é€"}'),
      Buffer.from('\r\nContent-Length: 2\r\n\r\nok'),
    ]);
    const parser = new ResponseParser();
    const a = parser.push(Buffer.from(first));
    assert.equal(a?.status, 204);
    assert.equal(a?.body.length, 0);
    const b = parser.push(second);
    assert.equal(b?.headers['lambda-runtime-client-context'], '{"v":"é€"}');
    assert.equal(b?.close, true);
    assert.equal(b?.body.toString(), 'ok');
  });

  test('a cut-short body is not a response', () => {
    assert.deepEqual(parseAll(['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort']), []);
  });

  test('garbage is an error', () => {
    assert.throws(() => new ResponseParser().push(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n')), /Bad status line/);
  });
});

describe('HttpConnection', () => {
  let dir: string;
  let server: Server;
  const sockets: Socket[] = [];
  let connections = 0;
  let behaviour: (socket: Socket, request: string) => void = () => undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lambdabox-http-client-'));
    server = createServer((socket) => {
      connections += 1;
      sockets.push(socket);
      let buffered = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        buffered += chunk;
        // The tests send bodiless GETs or small POSTs whose Content-Length fits in one chunk.
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const request = buffered.slice(0, end + 4 + length);
        buffered = buffered.slice(request.length);
        behaviour(socket, request);
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(join(dir, 'api.sock'), resolve));
  });

  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  test('keeps one connection across requests', async () => {
    connections = 0;
    behaviour = (socket, request) => {
      const body = request.split('\r\n')[0] ?? '';
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    };
    const connection = new HttpConnection({ kind: 'unix', path: join(dir, 'api.sock') });
    for (let i = 0; i < 5; i++) {
      const response = await connection.send(`GET /r${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
      assert.equal(response.body.toString(), `GET /r${i} HTTP/1.1`);
    }
    assert.equal(connections, 1);
    connection.close();
  });

  test('a server that closes the idle connection: the next request is resent on a new one', async () => {
    connections = 0;
    behaviour = (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      // Drop it a moment later, as an idle timeout would, without saying Connection: close.
      setTimeout(() => socket.destroy(), 20);
    };
    const connection = new HttpConnection({ kind: 'unix', path: join(dir, 'api.sock') });
    assert.equal((await connection.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).body.toString(), 'ok');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal((await connection.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).body.toString(), 'ok');
    assert.equal(connections, 2);
    connection.close();
  });

  test('Connection: close answers are honoured; a body until close is read whole', async () => {
    connections = 0;
    behaviour = (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npart one, ');
      setTimeout(() => socket.end('part two'), 10);
    };
    const connection = new HttpConnection({ kind: 'unix', path: join(dir, 'api.sock') });
    assert.equal((await connection.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).body.toString(), 'part one, part two');
    assert.equal((await connection.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).body.toString(), 'part one, part two');
    assert.equal(connections, 2);
    connection.close();
  });

  test('a connection lost mid-response fails the request', async () => {
    behaviour = (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a bit');
      setTimeout(() => socket.destroy(), 10);
    };
    const connection = new HttpConnection({ kind: 'unix', path: join(dir, 'api.sock') });
    await assert.rejects(connection.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), /closed before the response/);
    connection.close();
  });

  test('RuntimeClient: a request while /next is parked goes on its own connection', async () => {
    connections = 0;
    let parked: Socket | undefined;
    const seen: string[] = [];
    behaviour = (socket, request) => {
      seen.push(request);
      if (request.startsWith('GET /2018-06-01/runtime/invocation/next')) {
        parked = socket;
        return;
      }
      socket.write('HTTP/1.1 202 Accepted\r\nContent-Length: 16\r\n\r\n{"status":"OK"}\n');
    };
    const client = new RuntimeClient({ kind: 'unix', path: join(dir, 'api.sock') }, '127.0.0.1:9001');
    const next = client.next();
    next.catch(() => undefined);
    while (parked === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    const posted = await client.postError('id/with space', '{"errorType":"Error"}', xrayCause(new Error('é\nx')));
    assert.equal(posted.status, 202);
    assert.equal(connections, 2);
    const errorRequest = seen[1] ?? '';
    assert.match(errorRequest, /^POST \/2018-06-01\/runtime\/invocation\/id%2Fwith%20space\/error HTTP\/1\.1\r\nHost: 127\.0\.0\.1:9001\r\n/);
    const cause = /\r\nLambda-Runtime-Function-XRay-Error-Cause: ([\x20-\x7e]+)\r\n/.exec(errorRequest)?.[1] ?? '';
    const parsed = JSON.parse(cause) as { working_directory: string; exceptions: { type: string; message: string; stack: unknown[] }[] };
    assert.equal(parsed.working_directory, process.cwd());
    assert.equal(parsed.exceptions[0]?.type, 'Error');
    assert.equal(parsed.exceptions[0]?.message, 'é\nx');
    assert.ok((parsed.exceptions[0]?.stack.length ?? 0) > 0);
    assert.doesNotMatch(errorRequest, /Lambda-Runtime-Function-Error-Type/i);
    parked.write('HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r1\r\nContent-Length: 2\r\n\r\n{}');
    const invocation = await next;
    assert.equal(invocation.headers['lambda-runtime-aws-request-id'], 'r1');
    assert.equal(invocation.body.toString(), '{}');
    client.close();
  });
});
